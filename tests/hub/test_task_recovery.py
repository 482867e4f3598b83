"""A worker that dies mid-transcode: its task is run again and nothing is left half-done."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from clips.models import ClipMedia, ProcessingState
from clips.services import media_create

# The database task backend enqueues when the transaction commits, and db_worker claims and
# finishes tasks in transactions of its own: both need real commits.
pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


@pytest.fixture
def queued_media(settings, sample_video):
    """A clip video waiting in the database queue, as an app server leaves it."""
    settings.TASKS = DATABASE_TASKS
    media = media_create(path=sample_video, title="Interrupted")
    (task,) = DBTaskResult.objects.filter(task_path__endswith=".process_media_task")
    return media, task


def die_mid_transcode(task: DBTaskResult, media: ClipMedia, *, minutes_ago: float) -> None:
    """What a worker killed during processing leaves: a claimed task, a PROCESSING clip."""
    task.claim("worker-that-died")
    DBTaskResult.objects.filter(pk=task.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    ClipMedia.objects.filter(pk=media.pk).update(processing_state=ProcessingState.PROCESSING)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--worker-id", "next-worker")


def test_a_dead_workers_task_is_requeued_and_completed_by_the_next_worker(
    queued_media, list_private_files
):
    media, task = queued_media
    die_mid_transcode(task, media, minutes_ago=45)
    assert [p.name for p in list_private_files()] == [media.file.name.rsplit("/", 1)[1]]

    call_command("requeue_stale_tasks")
    run_worker()

    task.refresh_from_db()
    media.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids == ["worker-that-died", "next-worker"]
    assert media.processing_state == ProcessingState.READY
    assert media.thumbnail and media.thumbnail.storage.exists(media.thumbnail.name)
    assert len(list_private_files()) == len(media.stored_files())


def test_a_task_a_live_worker_is_still_running_is_left_alone(queued_media):
    media, task = queued_media
    die_mid_transcode(task, media, minutes_ago=5)

    call_command("requeue_stale_tasks")
    run_worker()

    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING
    assert ClipMedia.objects.get(pk=media.pk).processing_state == ProcessingState.PROCESSING
