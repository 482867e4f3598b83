"""Background work for submissions (django-tasks: immediate in dev and tests, a worker later)."""

from django_tasks import task


@task()
def submission_process_task(media_id: int) -> str:
    """Process a contributed video, then hand the submission to its reviewers (or back)."""
    from clips.models import ClipMedia
    from clips.processing import media_process

    from .services.submissions import submission_processed

    media = ClipMedia.objects.filter(pk=media_id).first()
    if media is None:
        return "missing"
    media = media_process(media)
    submission_processed(media=media)
    return media.processing_state
