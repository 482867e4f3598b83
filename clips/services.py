"""The verbs of the content side: store a video, create a clip page."""

import logging
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from wagtail.models import Collection

from .captions import FIRST_LANGUAGE, CaptionsError, language_choices, parse_vtt
from .files import deleted_on_failure
from .models import (
    CaptionTrack,
    ClipMedia,
    ClipOrigin,
    ClipPage,
    ClipStats,
    ProcessingState,
    TopicIndexPage,
    TopicPage,
)
from .tasks import process_media_task
from .video import VideoInfo, probe, probe_in_child


def upload_probe(path: str | Path) -> VideoInfo:
    """The quick probe of a file someone just uploaded, run where the settings say.

    In a child process by default (``VIDEO_PROBE_IN_CHILD``), so the app server never loads
    FFmpeg; the test settings probe in the process, which is faster for hundreds of tests.
    """
    return probe_in_child(path) if settings.VIDEO_PROBE_IN_CHILD else probe(path)


def original_filename(name: str | None) -> str:
    """The uploader's file name as data to show: no folders, no control characters.

    It is never used to store or serve the file (see ``clips.filetypes``).
    """
    name = Path((name or "").replace("\\", "/")).name
    return "".join(ch for ch in name if ch.isprintable())[:255]


def media_create(
    *,
    path: str | Path,
    title: str,
    filename: str | None = None,
    user=None,
    collection: Collection | None = None,
    process: bool = True,
    info: VideoInfo | None = None,
) -> ClipMedia:
    """Store a local video file as a ClipMedia after a quick probe, then queue processing.

    Raises clips.video.VideoError (nothing stored) when the file is not a usable video.
    Processing (poster, rendition) runs as a task once the surrounding transaction commits.
    ``info``: the probe the caller already made of this file (not probed twice).
    """
    info = info or probe(path)
    media = ClipMedia(
        title=title[:255],
        type="video",
        duration=round(info.duration, 2),
        width=info.width,
        height=info.height,
        uploaded_by_user=user,
        collection=collection or Collection.get_first_root_node(),
        processing_state=ProcessingState.PENDING,
        content_type=info.content_type,
        original_filename=original_filename(filename or Path(path).name),
    )
    with deleted_on_failure() as stored:
        with open(path, "rb") as fh:
            # The field generates the stored name from the detected type; this one is ignored.
            media.file.save("original", File(fh), save=False)
        stored.add([media.file])
        with transaction.atomic():
            media.save()
    if process:
        transaction.on_commit(lambda: process_media_task.enqueue(media.pk))
    return media


def media_reprocess(*, media: ClipMedia) -> ClipMedia:
    """Queue a media for processing again (after a failure, or a better encoder)."""
    with transaction.atomic():
        ClipMedia.objects.filter(pk=media.pk).update(
            processing_state=ProcessingState.PENDING, processing_error=""
        )
        transaction.on_commit(lambda: process_media_task.enqueue(media.pk))
    media.processing_state, media.processing_error = ProcessingState.PENDING, ""
    return media


def clip_create(
    *,
    topic: TopicPage,
    title: str,
    media: ClipMedia | None,
    summary: str = "",
    captions_vtt: str = "",
    tags: list[str] | tuple[str, ...] = (),
    presenter=None,
    presenter_name: str = "",
    origin: str = ClipOrigin.SEEDED,
    owner=None,
    publish: bool = True,
    featured: bool = False,
) -> ClipPage:
    """Add a ClipPage under a topic with its statistics row; publish it or keep it a draft.

    ``captions_vtt`` becomes the clip's default caption track (``captions_track_set``).
    Raises clips.captions.CaptionsError (nothing written) for captions that cannot be read.
    """
    with transaction.atomic():
        page = ClipPage(
            title=title,
            summary=summary,
            video=media,
            presenter=presenter,
            presenter_name=presenter_name,
            origin=origin,
            owner=owner,
            featured=featured,
            live=publish,
        )
        captions_track_set(page, vtt=captions_vtt)
        page.tags.set(list(tags))
        topic.add_child(instance=page)
        revision = page.save_revision(user=owner, log_action=True)
        if publish:
            revision.publish(user=owner)
        ClipStats.objects.get_or_create(clip=page)
    return page


def captions_track_set(
    page: ClipPage, *, vtt: str, language: str | None = None, label: str = ""
) -> CaptionTrack | None:
    """Put ``vtt`` in the page's caption track for ``language``; ``""`` removes that track.

    ``language=None`` means the default track (English on a clip without captions). A new
    track is the default only when it is the clip's first. The change is made in memory and
    the transcript follows at once; the caller saves the page (which saves its tracks) and
    its revision. Raises CaptionsError for unreadable captions or a language the site
    (``settings.LANGUAGES``) does not offer; nothing changes then.
    """
    tracks = list(page.caption_tracks.all())
    if language is None:
        default = next((t for t in tracks if t.is_default), None)
        language = default.language if default else FIRST_LANGUAGE
    if language not in dict(language_choices()):
        raise CaptionsError(f"Captions cannot be in “{language}”: choose a language from the list.")
    vtt = vtt if vtt.strip() else ""
    if vtt:
        parse_vtt(vtt)
    track = next((t for t in tracks if t.language == language), None)
    if not vtt:
        if track is not None:
            tracks.remove(track)
        track = None
    else:
        if track is None:
            track = CaptionTrack(language=language, is_default=not tracks)
            tracks.append(track)
        track.vtt = vtt
        track.label = label or track.label
    for position, each in enumerate(tracks):
        each.sort_order = position
    page.caption_tracks = tracks
    try:
        page.transcript_refresh()
    except ValidationError as exc:  # parsed above; only a broken set of tracks gets here
        raise CaptionsError(" ".join(exc.messages)) from exc
    return track


@contextmanager
def quiet_page_log():
    """Wagtail logs every page it creates at INFO; a seed or an import needs no such story."""
    logger = logging.getLogger("wagtail")
    level = logger.level
    logger.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        logger.setLevel(level)


def topic_ensure(*, index: TopicIndexPage, title: str, slug: str, summary: str) -> TopicPage:
    """The published topic with this slug under the index, created if missing."""
    topic = TopicPage.objects.child_of(index).filter(slug=slug).first()
    if topic is not None:
        return topic
    topic = TopicPage(title=title, slug=slug, summary=summary)
    index.add_child(instance=topic)
    topic.save_revision().publish()
    return topic
