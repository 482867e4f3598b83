"""Import a library of clips from a CSV manifest (``manage.py import_clips``).

One row per clip. A row is checked completely before anything is written (file present and
a video, captions readable, title and topic given), and imported in its own transaction: a
row that fails leaves no rows and no files behind, and the rows around it carry on.

A row's identity is the SHA-256 of its video file, kept on ``ClipMedia.source_sha256``: a
video already in the library is skipped, so a manifest can be run again after fixing the
rows that failed.
"""

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from clips.captions import CaptionsError, parse_vtt
from clips.files import deleted_on_failure
from clips.models import ClipMedia, ClipOrigin, ClipPage, TopicIndexPage, TopicPage
from clips.services import clip_create, media_create, topic_ensure
from clips.tags import TagError, tags_parse
from clips.video import VideoError, probe

REQUIRED_COLUMNS = ("file", "title", "topic")
OPTIONAL_COLUMNS = ("summary", "tags", "captions", "presenter")
MAX_TITLE = 255


class ManifestError(ValueError):
    """The manifest as a whole cannot be read; the message says why."""


@dataclass(frozen=True)
class RowError:
    row: int  # the line number a spreadsheet shows: the header is row 1
    column: str
    message: str


@dataclass
class PreparedRow:
    row: int
    path: Path
    sha256: str
    title: str
    summary: str
    topic_name: str
    topic: TopicPage | None  # None: a new topic named ``topic_name`` is created on import
    tags: list[str]
    captions_vtt: str
    presenter_name: str


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def manifest_rows(path: str | Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {column: value}) for each data row; ManifestError if unreadable."""
    path = Path(path)
    if not path.is_file():
        raise ManifestError(f"The manifest {path} does not exist or is not a file.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ManifestError(
            f"The manifest {path} is not UTF-8 text (save it as CSV UTF-8)."
        ) from exc
    reader = csv.DictReader(text.splitlines())
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ManifestError(
            f"The manifest has no {', '.join(repr(m) for m in missing)} column"
            f"{'s' if len(missing) > 1 else ''}. Its first line must name the columns: "
            f"{', '.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)} (the last four optional)."
        )
    reader.fieldnames = header
    for number, raw in enumerate(reader, start=2):
        values = {k: (v or "").strip() for k, v in raw.items() if k in header}
        if any(values.values()):  # blank lines are not rows
            yield number, values


class TopicLookup:
    """Find topics by slug or (case-insensitive) title; remember topics to be created."""

    def __init__(self, index: TopicIndexPage):
        self.index = index
        self.by_key: dict[str, TopicPage | None] = {}
        for topic in TopicPage.objects.child_of(index):
            self.by_key[topic.slug] = topic
            self.by_key[topic.title.casefold()] = topic

    def find(self, name: str) -> tuple[bool, TopicPage | None]:
        """(known, topic): known but None means "created earlier in this run (dry run)"."""
        for key in (name, name.casefold(), slugify(name)):
            if key in self.by_key:
                return True, self.by_key[key]
        return False, None

    def remember(self, name: str, topic: TopicPage | None) -> None:
        self.by_key[name.casefold()] = topic
        self.by_key[slugify(name)] = topic


def row_check(
    number: int,
    values: dict[str, str],
    *,
    base: Path,
    topics: TopicLookup,
    create_topics: bool,
) -> tuple[PreparedRow | None, list[RowError]]:
    """Validate one row fully, reading its files but writing nothing."""
    errors: list[RowError] = []

    def error(column: str, message: str) -> None:
        errors.append(RowError(number, column, message))

    title = values.get("title", "")
    if not title:
        error("title", "The title is empty.")
    elif len(title) > MAX_TITLE:
        error("title", f"The title is longer than {MAX_TITLE} characters.")

    path, sha256 = _resolve(base, values.get("file", "")), ""
    if not values.get("file"):
        error("file", "No video file is given.")
    elif not path.is_file():
        error("file", f"The video file {path} does not exist.")
    else:
        try:
            probe(path)
            sha256 = file_sha256(path)
        except VideoError as exc:
            error("file", f"{path.name}: {exc}")

    topic_name, topic = values.get("topic", ""), None
    if not topic_name:
        error("topic", "No topic is given.")
    else:
        known, topic = topics.find(topic_name)
        if not known and create_topics and not slugify(topic_name):
            error("topic", f"The new topic {topic_name!r} needs letters or digits in its name.")
        elif not known and not create_topics:
            error(
                "topic",
                f"There is no topic {topic_name!r}; create it first, fix the name, or pass "
                "--create-topics.",
            )

    captions_vtt = ""
    if values.get("captions"):
        captions_path = _resolve(base, values["captions"])
        if not captions_path.is_file():
            error("captions", f"The captions file {captions_path} does not exist.")
        else:
            try:
                data = captions_path.read_bytes()
                parse_vtt(data)
                captions_vtt = data.decode("utf-8-sig")
            except CaptionsError as exc:
                error("captions", f"{captions_path.name}: {exc}")

    try:
        tags = tags_parse(values.get("tags", ""))
    except TagError as exc:
        tags = []
        error("tags", str(exc))

    if errors:
        return None, errors
    return (
        PreparedRow(
            row=number,
            path=path,
            sha256=sha256,
            title=title,
            summary=values.get("summary", ""),
            topic_name=topic_name,
            topic=topic,
            tags=tags,
            captions_vtt=captions_vtt,
            presenter_name=values.get("presenter", "")[:120],
        ),
        [],
    )


def _resolve(base: Path, value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path


def already_imported(sha256: str) -> ClipMedia | None:
    return ClipMedia.objects.filter(source_sha256=sha256).order_by("pk").first()


def row_import(prepared: PreparedRow, *, topics: TopicLookup, owner=None) -> ClipPage:
    """Create the row's topic (if new), media and published clip in one transaction.

    Raises whatever stopped it; by then the transaction has rolled back and the stored
    video file has been deleted again.
    """
    with deleted_on_failure() as stored, transaction.atomic():
        topic = prepared.topic
        if topic is None:
            topic = topic_ensure(
                index=topics.index,
                title=prepared.topic_name,
                slug=slugify(prepared.topic_name),
                summary="",
            )
        media = media_create(path=prepared.path, title=prepared.title, user=owner)
        stored.add(media.stored_files())
        media.source_sha256 = prepared.sha256
        media.save(update_fields=["source_sha256"])
        clip = clip_create(
            topic=topic,
            title=prepared.title,
            media=media,
            summary=prepared.summary,
            captions_vtt=prepared.captions_vtt,
            tags=prepared.tags,
            presenter_name=prepared.presenter_name,
            origin=ClipOrigin.SEEDED,
            owner=owner,
            publish=True,
        )
    if prepared.topic is None:
        topics.remember(prepared.topic_name, topic)
    return clip
