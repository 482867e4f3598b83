"""Turn a stored original into a ready clip video: probe, poster, rendition.

Runs inside ``clips.tasks.process_media_task`` (django-tasks): immediately in development
and tests, in the database worker (``manage.py db_worker``) in production.
"""

import logging
import tempfile
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from .files import local_path
from .models import ClipMedia, ProcessingState
from .video import VideoError, extract_poster, make_web_rendition, probe

logger = logging.getLogger(__name__)


def _mark_failed(media: ClipMedia, message: str) -> ClipMedia:
    ClipMedia.objects.filter(pk=media.pk).update(
        processing_state=ProcessingState.FAILED, processing_error=message
    )
    media.refresh_from_db()
    return media


def media_process(media: ClipMedia) -> ClipMedia:
    """Probe the original, store a poster and (when needed) a web-safe rendition.

    Leaves the media READY, or FAILED with a message for the contributor and no new files;
    never raises for a bad video, so a worker keeps going. Files of an earlier run are
    replaced only once the new ones are stored.
    """
    ClipMedia.objects.filter(pk=media.pk).update(
        processing_state=ProcessingState.PROCESSING, processing_error=""
    )
    storage = media.thumbnail.storage
    old_files = [f.name for f in (media.thumbnail, media.rendition) if f]
    new_files = []
    try:
        with local_path(media.file) as source, tempfile.TemporaryDirectory() as work:
            info = probe(source)
            poster_path = Path(work) / "poster.jpg"
            extract_poster(source, poster_path)
            rendition_path = None
            if not info.is_web_safe:
                rendition_path = Path(work) / "rendition.mp4"
                make_web_rendition(source, rendition_path)
                if not probe(rendition_path).is_web_safe:
                    raise VideoError("The web version of this video could not be made.")
            # The fields generate the stored names (clips.filetypes); these are ignored.
            with open(poster_path, "rb") as fh:
                media.thumbnail.save("poster.jpg", File(fh), save=False)
            new_files.append(media.thumbnail.name)
            if rendition_path:
                with open(rendition_path, "rb") as fh:
                    media.rendition.save("rendition.mp4", File(fh), save=False)
                new_files.append(media.rendition.name)
            else:
                media.rendition = ""
        media.content_type = info.content_type
        media.duration = round(info.duration, 2)
        media.width, media.height = info.width, info.height
        media.processing_state = ProcessingState.READY
        media.processing_error = ""
        media.processed_at = timezone.now()
        with transaction.atomic():
            media.save()
    except Exception as exc:  # noqa: BLE001 - any failure is recorded, not raised
        # Codec internals go to the log; the contributor reads a sentence.
        logger.warning("Processing media %s failed: %r", media.pk, exc, exc_info=True)
        for name in new_files:
            storage.delete(name)
        if isinstance(exc, VideoError):
            message = str(exc)
        else:
            message = (
                "The video could not be processed. Try exporting it again as an MP4 "
                "(H.264) and replace it; if that fails too, tell an editor."
            )
        return _mark_failed(media, message)

    for name in old_files:
        if name not in new_files:
            storage.delete(name)
    return media
