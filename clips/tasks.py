"""Background tasks for clips (django-tasks: immediate in dev/tests, a DB worker in production)."""

from django_tasks import task

from .models import ClipMedia


@task()
def process_media_task(media_id: int) -> str:
    from .processing import media_process

    media = ClipMedia.objects.filter(pk=media_id).first()
    if media is None:
        return "missing"
    return media_process(media).processing_state
