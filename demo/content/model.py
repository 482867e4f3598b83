"""The shape of the demo content: a topic with a summary and its written clips."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Translation:
    """The captions of a clip in another language: a second caption track."""

    language: str  # a code from settings.LANGUAGES
    label: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class ClipText:
    title: str
    summary: str
    tags: tuple[str, ...]
    presenter: str
    lines: tuple[str, ...]
    featured: bool = False
    translations: tuple[Translation, ...] = ()


@dataclass(frozen=True)
class TopicText:
    title: str
    summary: str
    clips: tuple[ClipText, ...] = field(default_factory=tuple)
