"""The maturity model: a named stage with its reason, and trend flags; the page shows both.

Stages, each requiring the one before (thresholds in ``STAGES``, shown on the dashboard):

1. Seeded library: editors' clips carry the hub; people mostly watch.
2. Rating culture: at least a quarter of people have rated a clip.
3. Contributing community: at least 5 % of people have submitted a clip and community clips
   earn at least 15 % of views over the last 30 days.
4. Self-sustaining: community clips earn at least half of all views over the last 30 days.

A trend flag goes up when a headline figure moved the wrong way in each of the last three
complete months (four months of history are needed to see three moves).
"""

from dataclasses import dataclass

from .stats import share

WINDOW_DAYS = 30
TREND_PERIODS = 3


@dataclass(frozen=True)
class Requirement:
    figure: str  # a key of ``Figures``
    minimum: float
    text: str  # how the page states it: "{value} % of people have rated a clip"


@dataclass(frozen=True)
class Stage:
    name: str
    summary: str
    requirements: tuple[Requirement, ...] = ()


RATED = Requirement("rated_share", 25, "of people have rated a clip")
SUBMITTED = Requirement("submitted_share", 5, "of people have submitted a clip")
SOME_VIEWS = Requirement(
    "view_share", 15, f"of views in the last {WINDOW_DAYS} days go to community clips"
)
HALF_VIEWS = Requirement(
    "view_share", 50, f"of views in the last {WINDOW_DAYS} days go to community clips"
)

STAGES = (
    Stage("Seeded library", "Editors' clips carry the hub; people mostly watch."),
    Stage("Rating culture", "People take part by rating what they watch.", (RATED,)),
    Stage(
        "Contributing community",
        "People share clips of their own and others watch them.",
        (SUBMITTED, SOME_VIEWS),
    ),
    Stage("Self-sustaining", "Community clips earn half of all views.", (HALF_VIEWS,)),
)


@dataclass
class Figures:
    rated_share: float | None
    submitted_share: float | None
    view_share: float | None


def figures_from(rows) -> Figures:
    """The model's figures from daily snapshots (oldest first): stocks from the last day,
    the view share over the last ``WINDOW_DAYS`` days."""
    if not rows:
        return Figures(None, None, None)
    latest, recent = rows[-1], rows[-WINDOW_DAYS:]
    return Figures(
        rated_share=share(latest.people_rated, latest.people),
        submitted_share=share(latest.people_submitted, latest.people),
        view_share=share(sum(r.views_community for r in recent), sum(r.views for r in recent)),
    )


def _met(requirement: Requirement, figures: Figures) -> bool:
    value = getattr(figures, requirement.figure)
    return value is not None and value >= requirement.minimum


def _value(requirement: Requirement, figures: Figures) -> str:
    value = getattr(figures, requirement.figure)
    return "–" if value is None else f"{value:g}"


@dataclass
class Verdict:
    stage: Stage
    number: int  # 1-based
    reason: str
    next_stage: Stage | None


def stage_for(figures: Figures) -> Verdict:
    """The highest stage whose requirements, and every earlier stage's, are met."""
    reached = 0
    for index, stage in enumerate(STAGES[1:], start=1):
        if not all(_met(r, figures) for r in stage.requirements):
            break
        reached = index
    following = STAGES[reached + 1] if reached + 1 < len(STAGES) else None
    # The figures behind the stage reached, each once (a later stage may raise a threshold).
    held = {r.figure: r for s in STAGES[1 : reached + 1] for r in s.requirements}
    parts = [f"{_value(r, figures)} % {r.text}" for r in list(held.values())[-2:]]
    if following is not None:
        missing = [r for r in following.requirements if not _met(r, figures)]
        wanted = " and ".join(
            f"{r.minimum:g} % {r.text} (now {_value(r, figures)} %)" for r in missing
        )
        parts.append(f"next, “{following.name}” when {wanted}")
    reason = "; ".join(parts)
    return Verdict(
        stage=STAGES[reached],
        number=reached + 1,
        reason=reason[:1].upper() + reason[1:] + ".",
        next_stage=following,
    )


# Trends -----------------------------------------------------------------------------------


def wrong_way(values: list, *, better: str, periods: int = TREND_PERIODS) -> bool:
    """True when each of the last ``periods`` moves between values went the wrong way.

    ``better`` is "up" or "down". A missing value (None) or a flat move breaks the run.
    """
    tail = values[-(periods + 1) :]
    if len(tail) < periods + 1 or any(v is None for v in tail):
        return False
    moves = [b - a for a, b in zip(tail, tail[1:], strict=False)]
    if better == "up":
        return all(m < 0 for m in moves)
    return all(m > 0 for m in moves)


@dataclass
class Trend:
    label: str
    values: list
    better: str
    flagged: bool

    @property
    def direction(self) -> str:
        return "falling" if self.better == "up" else "rising"
