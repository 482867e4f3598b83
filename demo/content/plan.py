"""Turn the written library into a list of N clips to create, the same list on every run.

The first clips are the written ones, dealt round the topics (so even a handful of clips
covers several topics). Past those, each further clip is a written one seen from another
angle ("in practice", "common mistakes", …) whose lines are recombined with its topic's
other lines, so that a hub of ten thousand clips still reads like advice.
"""

import colorsys
import random
from dataclasses import dataclass

from django.utils.text import slugify

from .model import ClipText, TopicText, Translation
from .pack import pack_read

ANGLES = (
    "in practice",
    "common mistakes",
    "a quick recap",
    "for new managers",
    "with examples",
    "questions people ask",
    "the five-minute version",
    "for remote teams",
    "what good looks like",
    "a second look",
)


def library(directory=None) -> tuple[TopicText, ...]:
    """Every written topic of a content pack (the starter pack unless a folder is given)."""
    return pack_read(directory)


@dataclass(frozen=True)
class ClipPlan:
    number: int  # 0-based position in the plan; stable across runs
    topic_number: int
    title: str
    slug: str
    summary: str
    tags: tuple[str, ...]
    presenter: str
    lines: tuple[str, ...]
    featured: bool
    written: bool  # one of the written clips (gets its own video)
    colour: tuple[int, int, int]
    tone_hz: float
    translations: tuple[Translation, ...] = ()  # written clips' other caption tracks


def topic_colour(topic_number: int) -> tuple[int, int, int]:
    """The darkest shade of a topic's colour: the card of the reel its extra clips share."""
    return _colour(topic_number, 0)


def _colour(topic_number: int, variant: int) -> tuple[int, int, int]:
    hue = topic_number / 10
    lightness = 0.28 + 0.07 * (variant % 4)
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, 0.6)
    return round(red * 255), round(green * 255), round(blue * 255)


def _variant(topic: TopicText, base: ClipText, rounds: int, rng: random.Random):
    angle = ANGLES[rounds % len(ANGLES)]
    part = rounds // len(ANGLES)
    title = f"{base.title} — {angle}" + (f" (part {part + 1})" if part else "")
    others = [line for c in topic.clips if c is not base for line in c.lines]
    lines = [f"{angle.capitalize()}: {base.title[0].lower()}{base.title[1:]}."]
    lines += rng.sample(base.lines, k=min(4, len(base.lines)))
    lines += rng.sample(others, k=min(2, len(others)))
    presenter = rng.choice([c.presenter for c in topic.clips])
    return title, tuple(lines), presenter


def clip_plan(count: int, topics: tuple[TopicText, ...] | None = None) -> list[ClipPlan]:
    topics = topics if topics is not None else library()
    written_total = sum(len(t.clips) for t in topics)
    plans = []
    for number in range(count):
        topic_number, round_number = number % len(topics), number // len(topics)
        topic = topics[topic_number]
        per_topic = len(topic.clips)
        base = topic.clips[round_number % per_topic]
        written = round_number < per_topic
        if written:
            title, lines, presenter = base.title, base.lines, base.presenter
        else:
            rng = random.Random(number)
            title, lines, presenter = _variant(topic, base, round_number // per_topic - 1, rng)
        plans.append(
            ClipPlan(
                number=number,
                topic_number=topic_number,
                title=title,
                slug=slugify(title)[:240],
                summary=base.summary,
                tags=base.tags,
                presenter=presenter,
                lines=lines,
                featured=base.featured and written,
                written=written,
                colour=_colour(topic_number, round_number),
                tone_hz=round(196 * 2 ** ((number % written_total) / 24), 1),
                translations=base.translations if written else (),
            )
        )
    return plans
