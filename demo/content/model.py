"""The shape of the demo content: a topic with a summary and its written clips."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ClipText:
    title: str
    summary: str
    tags: tuple[str, ...]
    presenter: str
    lines: tuple[str, ...]
    featured: bool = False


@dataclass(frozen=True)
class TopicText:
    title: str
    summary: str
    clips: tuple[ClipText, ...] = field(default_factory=tuple)
