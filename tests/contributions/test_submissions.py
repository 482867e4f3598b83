"""The submission services: create, process, resubmit, withdraw, and credit on approval."""

import pytest
from django.core import mail
from wagtail.models import Collection, TaskState, WorkflowState

from clips.models import ClipMedia, ClipOrigin, ClipPage, ProcessingState
from contributions.models import LadderSettings, Level, Profile
from contributions.moderation.queries import submissions_overview
from contributions.moderation.services import (
    COMMUNITY_COLLECTION,
    SubmissionError,
    submission_processed,
    submission_resubmit,
    submission_withdraw,
    waiting_submissions,
)
from tests.contributions.moderation_helpers import act, current_task, person, submit
from tests.factories import topic_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what a submission queues on commit (processing), as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_submission_is_a_private_draft_owned_by_its_contributor(
    contributor, topic, sample_video, run_on_commit
):
    with run_on_commit():
        page = submit(contributor, sample_video, topic, tags="cables, Tools, cables")

    page = ClipPage.objects.get(pk=page.pk)
    assert page.live is False
    assert page.owner == contributor and page.presenter == contributor
    assert page.origin == ClipOrigin.COMMUNITY
    assert page.get_parent().specific == topic
    assert page.get_latest_revision() is not None
    assert sorted(t.name for t in page.tags.all()) == ["Tools", "cables"]
    assert page.video.collection.name == COMMUNITY_COLLECTION
    assert page.video.collection.get_parent() == Collection.get_first_root_node()
    assert page.video.uploaded_by_user == contributor
    assert page.video.processing_state == ProcessingState.READY


def test_a_contributors_submission_waits_in_peer_review(contributor, topic, sample_video):
    page = submit(contributor, sample_video, topic)

    state, task = current_task(page)
    assert task.name == "Peer review"
    assert state.status == TaskState.STATUS_IN_PROGRESS
    assert page.current_workflow_state.workflow.name == "Community contribution"


def test_a_trusted_contributors_submission_skips_peer_review(trusted, topic, sample_video):
    page = submit(trusted, sample_video, topic)

    state, task = current_task(page)
    assert task.name == "Editorial approval"
    skipped = TaskState.objects.get(workflow_state=state.workflow_state, task__name="Peer review")
    assert skipped.status == TaskState.STATUS_SKIPPED


def test_reviewers_are_emailed_only_once_the_video_is_processed(
    contributor, trusted, topic, sample_video, run_on_commit
):
    page = submit(contributor, sample_video, topic)
    assert mail.outbox == []  # in the transaction: the video is not processed yet
    state, task = current_task(page)
    assert task.get_actions(page, trusted) == []
    assert not TaskState.objects.reviewable_by(trusted).filter(pk=state.pk).exists()

    media = page.video
    from clips.processing import media_process

    submission_processed(media=media_process(media))

    assert [m.to for m in mail.outbox] == [[trusted.email]]
    assert "Peer review" in mail.outbox[0].subject
    assert TaskState.objects.reviewable_by(trusted).filter(pk=state.pk).exists()


def test_a_failed_video_is_never_put_in_front_of_reviewers(
    contributor, trusted, topic, sample_video, run_on_commit
):
    with run_on_commit():
        page = submit(contributor, sample_video, topic)
    mail.outbox.clear()
    # The stored original turns out to be unusable when the worker reads it.
    page = ClipPage.objects.get(pk=page.pk)
    with page.video.file.storage.open(page.video.file.name, "wb") as fh:
        fh.write(b"not a video any more")
    from clips.processing import media_process

    submission_processed(media=media_process(page.video))

    page = ClipPage.objects.get(pk=page.pk)
    assert page.video.processing_state == ProcessingState.FAILED
    state, task = current_task(page)
    assert task.get_actions(page, trusted) == []
    assert not TaskState.objects.reviewable_by(trusted).filter(pk=state.pk).exists()
    assert [m.to for m in mail.outbox] == [[contributor.email]]
    assert "could not be processed" in mail.outbox[0].subject
    [summary] = submissions_overview(contributor)
    assert summary.state == "failed" and summary.can_edit


def test_replacing_a_failed_video_restarts_moderation(
    contributor, trusted, topic, sample_video, sample_video_master, run_on_commit, tmp_path
):
    with run_on_commit():
        page = submit(contributor, sample_video, topic)
    ClipMedia.objects.filter(pk=page.video_id).update(processing_state=ProcessingState.FAILED)
    page = ClipPage.objects.select_related("video").get(pk=page.pk)
    replacement = tmp_path / "again.mp4"
    replacement.write_bytes(sample_video_master.read_bytes())

    with run_on_commit():
        page = submission_resubmit(
            user=contributor,
            page=page,
            title=page.title,
            description=page.summary,
            topic=topic,
            tags="cables",
            video_path=replacement,
            filename="again.mp4",
        )

    page = ClipPage.objects.get(pk=page.pk)
    assert page.video.processing_state == ProcessingState.READY
    assert ClipMedia.objects.count() == 1  # the failed video is gone
    state, task = current_task(page)
    assert task.name == "Peer review" and task.get_actions(page, trusted)


def test_resubmitting_after_a_request_for_changes_starts_again_at_peer_review(
    contributor, trusted, editor, topic, sample_video, run_on_commit
):
    other_topic = topic_make("Meetings")
    with run_on_commit():
        page = submit(contributor, sample_video, topic)
    act(page, trusted)
    act(page, editor, "reject", comment="Please say what the labels are made of.")
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

    page = submission_resubmit(
        user=contributor,
        page=ClipPage.objects.select_related("video").get(pk=page.pk),
        title="How I label cables (with vinyl tags)",
        description="Vinyl tags survive a move.",
        topic=other_topic,
        tags="cables, vinyl",
    )

    page = ClipPage.objects.get(pk=page.pk)
    assert page.title == "How I label cables (with vinyl tags)"
    assert page.get_parent().specific == other_topic
    assert sorted(t.name for t in page.tags.all()) == ["cables", "vinyl"]
    state, task = current_task(page)
    assert task.name == "Peer review" and state.status == TaskState.STATUS_IN_PROGRESS
    assert WorkflowState.objects.for_instance(page).count() == 2
    [summary] = submissions_overview(contributor)
    comments = [entry.comment for entry in summary.history if entry.comment]
    assert comments == ["Please say what the labels are made of."]


def test_a_submission_under_review_cannot_be_changed(contributor, topic, sample_video):
    page = submit(contributor, sample_video, topic)
    with pytest.raises(SubmissionError, match="being reviewed"):
        submission_resubmit(
            user=contributor, page=page, title="Changed", description="", topic=topic
        )


def test_withdrawing_deletes_the_draft_and_its_files(
    contributor, topic, sample_video, run_on_commit, list_private_files
):
    with run_on_commit():
        page = submit(contributor, sample_video, topic)
    assert list_private_files()

    with run_on_commit():
        submission_withdraw(user=contributor, page=page)

    assert not ClipPage.objects.filter(pk=page.pk).exists()
    assert ClipMedia.objects.count() == 0
    assert list_private_files() == []


def test_someone_else_cannot_withdraw_or_resubmit_a_submission(
    contributor, trusted, topic, sample_video
):
    page = submit(contributor, sample_video, topic)
    with pytest.raises(ClipPage.DoesNotExist):
        submission_withdraw(user=trusted, page=page)
    with pytest.raises(ClipPage.DoesNotExist):
        submission_resubmit(user=trusted, page=page, title="Mine", description="", topic=topic)
    assert ClipPage.objects.filter(pk=page.pk).exists()


def test_a_learner_cannot_submit(topic, sample_video, list_private_files):
    learner = person(Level.LEARNER)
    with pytest.raises(SubmissionError, match="contributor level"):
        submit(learner, sample_video, topic)
    assert ClipPage.objects.filter(origin=ClipOrigin.COMMUNITY).count() == 0
    assert list_private_files() == []


def test_the_waiting_limit_comes_from_the_ladder_settings(
    contributor, topic, sample_video, list_private_files
):
    ladder = LadderSettings.load()
    ladder.max_waiting_submissions = 2
    ladder.save()
    submit(contributor, sample_video, topic, title="One")
    submit(contributor, sample_video, topic, title="Two")
    files_before = list_private_files()

    with pytest.raises(SubmissionError, match="2 submissions waiting"):
        submit(contributor, sample_video, topic, title="Three")

    assert waiting_submissions(contributor).count() == 2
    assert list_private_files() == files_before


def test_final_approval_publishes_and_credits_the_contributor_once(
    contributor, trusted, editor, topic, sample_video, run_on_commit
):
    with run_on_commit():
        page = submit(contributor, sample_video, topic)
    act(page, trusted)
    act(page, editor)

    page = ClipPage.objects.get(pk=page.pk)
    assert page.live and page.first_published_at is not None
    assert Profile.objects.get(user=contributor).approved_count == 1

    # An editor's later edit, approved again, is not a second contribution.
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    act(page, trusted)
    act(page, Profile.objects.get(user=editor).user)
    assert Profile.objects.get(user=contributor).approved_count == 1
