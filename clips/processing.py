"""Turn a stored original into a ready clip video: probe, poster, rendition."""

import logging
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from .models import ClipMedia, ProcessingState
from .video import VideoError, extract_poster, make_web_rendition, probe

logger = logging.getLogger(__name__)


@contextmanager
def local_copy(field_file):
    """A local path for a stored file: the file itself on disk, a temp copy on object storage."""
    try:
        yield Path(field_file.path)
        return
    except NotImplementedError:
        pass
    suffix = Path(field_file.name).suffix
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        with field_file.open("rb") as src:
            for chunk in src.chunks():
                tmp.write(chunk)
        tmp.flush()
        yield Path(tmp.name)


def media_process(media: ClipMedia) -> ClipMedia:
    """Probe the original, store a poster and (if needed) a web-safe rendition.

    Leaves the media READY, or FAILED with a message for the contributor; never raises
    for a bad video, so a worker keeps going.
    """
    ClipMedia.objects.filter(pk=media.pk).update(processing_state=ProcessingState.PROCESSING)
    old_files = [f.name for f in (media.thumbnail, media.rendition) if f]
    try:
        with local_copy(media.file) as source, tempfile.TemporaryDirectory() as work:
            info = probe(source)
            poster_path = Path(work) / "poster.jpg"
            extract_poster(source, poster_path)
            rendition_path = None
            if not info.is_web_safe:
                rendition_path = Path(work) / "rendition.mp4"
                make_web_rendition(source, rendition_path)
            stem = Path(media.file.name).stem
            with open(poster_path, "rb") as fh:
                media.thumbnail.save(f"{stem}.jpg", File(fh), save=False)
            if rendition_path:
                with open(rendition_path, "rb") as fh:
                    media.rendition.save(f"{stem}-web.mp4", File(fh), save=False)
            else:
                media.rendition = ""
    except Exception as exc:  # noqa: BLE001 - any failure is recorded, not raised
        logger.warning("Processing media %s failed: %s", media.pk, exc)
        message = str(exc) if isinstance(exc, VideoError) else "The video could not be processed."
        ClipMedia.objects.filter(pk=media.pk).update(
            processing_state=ProcessingState.FAILED, processing_error=message
        )
        media.refresh_from_db()
        return media

    media.duration = round(info.duration, 2)
    media.width, media.height = info.width, info.height
    media.processing_state = ProcessingState.READY
    media.processing_error = ""
    media.processed_at = timezone.now()
    with transaction.atomic():
        media.save()
    storage = media.file.storage
    for name in old_files:
        if name not in (media.thumbnail.name, media.rendition.name):
            storage.delete(name)
    return media
