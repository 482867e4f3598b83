"""Demo videos: store rendered title cards as ready media (``render`` makes the files).

Every written clip gets its own video. Clips past the written set share one reel per topic,
so a hub of ten thousand clips needs ten more videos, not ten thousand.
"""

from pathlib import Path

from clips.importing import file_sha256
from clips.models import ClipMedia, ProcessingState
from clips.processing import media_process
from clips.services import media_create

REEL_SUFFIX = "— Hubbub reel"


class SeedVideoError(RuntimeError):
    """A generated video could not be stored or processed (a broken PyAV/FFmpeg install)."""


def media_store(*, path: Path, title: str) -> ClipMedia:
    """Store a generated video as ready media with its poster, processed right away.

    Seeding does not wait for a worker: the hub must play as soon as the command ends.
    """
    media = media_create(path=path, title=title, process=False)
    media.source_sha256 = file_sha256(path)
    ClipMedia.objects.filter(pk=media.pk).update(source_sha256=media.source_sha256)
    media = media_process(media)
    if media.processing_state != ProcessingState.READY:
        raise SeedVideoError(
            f"Processing the demo video {title!r} failed: {media.processing_error}"
        )
    return media


def reel_title(topic_title: str) -> str:
    return f"{topic_title} {REEL_SUFFIX}"


def reel_find(topic_title: str) -> ClipMedia | None:
    return (
        ClipMedia.objects.filter(title=reel_title(topic_title), processing_state="ready")
        .order_by("pk")
        .first()
    )
