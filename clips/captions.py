"""WebVTT captions: parse with webvtt-py, keep plain cue text, write a clean track back.

A clip may have a track per language (``clips.models.CaptionTrack``); the rules for the set
of tracks (one per language, exactly one default) are at the end of this module.
"""

from dataclasses import dataclass

import webvtt
from django.conf import settings
from webvtt.errors import MalformedCaptionError, MalformedFileError

MAX_CAPTIONS_BYTES = 1024 * 1024


class CaptionsError(ValueError):
    """Captions that cannot be read; the message is shown to the person who sent them."""


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


def _seconds(timestamp: str) -> float:
    hours, minutes, seconds = (["0"] + timestamp.split(":"))[-3:]
    return round(int(hours) * 3600 + int(minutes) * 60 + float(seconds), 3)


def parse_vtt(source: str | bytes) -> list[Cue]:
    """Return the cues of a WebVTT document, their markup stripped, or raise CaptionsError."""
    if isinstance(source, bytes):
        if len(source) > MAX_CAPTIONS_BYTES:
            raise CaptionsError("The captions file is larger than 1 MB.")
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CaptionsError("The captions file is not UTF-8 text.") from exc
    if "\x00" in source:  # never in text; PostgreSQL refuses it in the stored transcript
        raise CaptionsError("The captions file contains a NUL character: it is not plain text.")
    source = source.replace("\r\n", "\n").lstrip("\ufeff")
    try:
        document = webvtt.WebVTT.from_string(source)
    except (MalformedFileError, MalformedCaptionError, ValueError) as exc:
        raise CaptionsError(
            "The captions file is not valid WebVTT (it must start with 'WEBVTT' and "
            "contain timed cues)."
        ) from exc
    cues = [
        Cue(start=_seconds(c.start), end=_seconds(c.end), text=" ".join(c.text.split()))
        for c in document
    ]
    cues = [cue for cue in cues if cue.text]
    if not cues:
        raise CaptionsError("The captions file has no cues with text.")
    return cues


def transcript_fields(vtt: str) -> dict:
    """``transcript_cues`` and ``transcript`` for a ClipPage from WebVTT text ("" = none).

    Raises CaptionsError for captions that cannot be read.
    """
    cues = parse_vtt(vtt) if vtt.strip() else []
    return {
        "transcript_cues": [cue.as_dict() for cue in cues],
        "transcript": "\n".join(cue.text for cue in cues),
    }


def _timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def _escape_cue_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_vtt(cues: list[dict]) -> str:
    """A WebVTT track built from stored cues only: no markup from the upload survives."""
    blocks = ["WEBVTT", ""]
    for cue in cues:
        blocks.append(f"{_timestamp(cue['start'])} --> {_timestamp(cue['end'])}")
        blocks.append(_escape_cue_text(cue["text"]))
        blocks.append("")
    return "\n".join(blocks)


# A clip's tracks (clips.models.CaptionTrack), one per language ----------------------------

# The language the one captions file of a clip was in before clips had tracks.
FIRST_LANGUAGE = "en"


def language_choices() -> list[tuple[str, str]]:
    """The languages a track may be in: ``settings.LANGUAGES`` (read when asked, not at import)."""
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def language_name(code: str) -> str:
    return dict(language_choices()).get(code, code)


def tracks_problem(tracks) -> str | None:
    """What is wrong with a clip's set of tracks as a whole, or None.

    Each language at most once, and at most one default (``tracks_default`` picks one when
    none is marked).
    """
    languages = [track.language for track in tracks]
    doubled = sorted({code for code in languages if languages.count(code) > 1})
    if doubled:
        names = ", ".join(language_name(code) for code in doubled)
        return f"A clip has one caption track per language; {names} appears twice."
    if sum(1 for track in tracks if track.is_default) > 1:
        return "Only one caption track can be the default."
    return None


def tracks_default(tracks):
    """The default track (the first one when none is marked, so a clip with captions always
    has exactly one), or None for a clip without captions."""
    tracks = list(tracks)
    for track in tracks:
        if track.is_default:
            return track
    if tracks:
        tracks[0].is_default = True
        return tracks[0]
    return None
