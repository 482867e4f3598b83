"""Reads for the community dashboard: every section, as tables (and the charts that draw them).

History comes from ``DailySnapshot`` (one query for the whole window), the funnel from
``PersonMilestones`` (one count and at most one query per step), moderation from Wagtail's
``TaskState`` and the gaps from small, limited listings: the page costs a fixed number of
queries whether the hub has a hundred people or a hundred thousand.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, Q
from django.db.models.functions import Length, Substr
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.models import TaskState, WorkflowTask

from clips.models import ClipPage, TopicPage
from contributions.moderation.workflow import WORKFLOW_NAME

from . import charts, stages
from .models import DailySnapshot, PersonMilestones
from .stats import percentile, rank_slice, share
from .tables import Table

WEEKS = 26
MONTHS = 12
REVIEW_DAYS = 90
FEW_CLIPS = 3
STALE_DAYS = 120
GAP_ROWS = 10
DAY = datetime.timedelta(days=1)


# Periods ----------------------------------------------------------------------------------


def week_starts(today: datetime.date, weeks: int = WEEKS) -> list[datetime.date]:
    """The Mondays of the last ``weeks`` weeks, oldest first, this week last."""
    this_monday = today - datetime.timedelta(days=today.weekday())
    return [this_monday - datetime.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def month_starts(today: datetime.date, months: int = MONTHS) -> list[datetime.date]:
    """The first days of the last ``months`` months, oldest first, this month last."""
    index = today.year * 12 + today.month - 1
    return [datetime.date(i // 12, i % 12 + 1, 1) for i in range(index - months + 1, index + 1)]


def history(today: datetime.date) -> list[DailySnapshot]:
    """Every snapshot the page reads, oldest first; one query."""
    first = min(week_starts(today)[0], month_starts(today)[0])
    return list(DailySnapshot.objects.filter(day__gte=first, day__lte=today).order_by("day"))


def _grouped(rows, starts, key) -> list[list[DailySnapshot]]:
    """Snapshots split by the period (a week or month start, from ``key``) they fall in."""
    groups = {start: [] for start in starts}
    for row in rows:
        start = key(row.day)
        if start in groups:
            groups[start].append(row)
    return [groups[start] for start in starts]


def by_week(rows, today):
    starts = week_starts(today)
    return starts, _grouped(rows, starts, lambda d: d - datetime.timedelta(days=d.weekday()))


def by_month(rows, today):
    starts = month_starts(today)
    return starts, _grouped(rows, starts, lambda d: d.replace(day=1))


def _sum(group, name):
    return sum(getattr(row, name) for row in group) if group else None


def _last(group, name):
    return getattr(group[-1], name) if group else None


def _week_label(monday: datetime.date) -> str:
    return f"{monday:%d %b %Y}"


def _month_label(start: datetime.date) -> str:
    return f"{start:%b %Y}"


# 1. The ladder over time ------------------------------------------------------------------

LEVEL_COLUMNS = [
    ("learners", "Learners"),
    ("contributors", "Contributors"),
    ("trusted", "Trusted contributors"),
    ("editors", "Editors"),
]


def ladder_weeks(rows, today) -> tuple[Table, charts.Chart]:
    starts, groups = by_week(rows, today)
    table = Table(
        key="ladder-weeks",
        caption=f"People at each level at the end of each of the last {WEEKS} weeks",
        columns=["Week of", *(label for _n, label in LEVEL_COLUMNS), "Everyone"],
    )
    for start, group in zip(starts, groups, strict=True):
        levels = [_last(group, name) for name, _label in LEVEL_COLUMNS]
        table.rows.append([start, *levels, _last(group, "people")])
    chart = charts.stacked_bars(
        label=f"Stacked bars: people at each level, week by week for {WEEKS} weeks",
        categories=[_week_label(s) for s in starts],
        series=[label for _n, label in LEVEL_COLUMNS],
        values=[row[1:5] for row in table.rows],
    )
    return table, chart


def promotions_months(rows, today) -> Table:
    starts, groups = by_month(rows, today)
    table = Table(
        key="promotions-months",
        caption="People who joined and climbed the ladder, month by month",
        columns=["Month", "Joined", "New contributors", "New trusted contributors"],
    )
    for start, group in zip(starts, groups, strict=True):
        table.rows.append(
            [
                _month_label(start),
                _sum(group, "new_people"),
                _sum(group, "new_contributors"),
                _sum(group, "new_trusted"),
            ]
        )
    return table


# 2. The funnel ----------------------------------------------------------------------------

FUNNEL_STEPS = [
    ("joined_at", "Signed up"),
    ("watched_at", "Watched a clip"),
    ("rated_at", "Rated a clip"),
    ("contributor_at", "Became a contributor"),
    ("submitted_at", "Submitted a clip"),
    ("approved_at", "Had a clip approved"),
    ("trusted_at", "Became a trusted contributor"),
]


@dataclass
class FunnelStep:
    label: str
    people: int
    share_of_joined: float | None
    share_of_previous: float | None
    median_days: float | None  # from the step before, among those who reached this one


def _reached(index: int) -> Q:
    """Reaching a step means reaching it and every step before it: a funnel only narrows."""
    condition = Q()
    for name, _label in FUNNEL_STEPS[1 : index + 1]:
        condition &= Q(**{f"{name}__isnull": False})
    return condition


def funnel(start: datetime.datetime | None, end: datetime.datetime) -> list[FunnelStep]:
    """The funnel for people who joined in [start, end); one query plus one per median."""
    cohort = PersonMilestones.objects.filter(joined_at__lt=end, user__is_active=True)
    if start is not None:
        cohort = cohort.filter(joined_at__gte=start)
    counts = cohort.aggregate(
        **{f"step{i}": Count("pk", filter=_reached(i)) for i in range(len(FUNNEL_STEPS))}
    )
    people = [counts[f"step{i}"] for i in range(len(FUNNEL_STEPS))]
    steps = []
    for i, (name, label) in enumerate(FUNNEL_STEPS):
        median = None
        if i and people[i]:
            previous = FUNNEL_STEPS[i - 1][0]
            gap = ExpressionWrapper(F(name) - F(previous), output_field=DurationField())
            low, high = rank_slice(people[i], 0.5)
            middle = list(
                cohort.filter(_reached(i))
                .annotate(gap=gap)
                .order_by("gap")
                .values_list("gap", flat=True)[low : high + 1]
            )
            median = round(percentile(middle, 0.5) / DAY, 1)
        steps.append(
            FunnelStep(
                label=label,
                people=people[i],
                share_of_joined=share(people[i], people[0]),
                share_of_previous=share(people[i], people[i - 1]) if i else None,
                median_days=median,
            )
        )
    return steps


def funnel_table(steps: list[FunnelStep], period_label: str) -> Table:
    table = Table(
        key="funnel",
        caption=f"From signing up to trusted, for people who joined {period_label}",
        columns=[
            "Step",
            "People",
            "% of those who signed up",
            "% of the step before",
            "Median days from the step before",
        ],
    )
    for step in steps:
        table.rows.append(
            [
                step.label,
                step.people,
                step.share_of_joined,
                step.share_of_previous,
                step.median_days,
            ]
        )
    return table


# 3. Both strands --------------------------------------------------------------------------

CONTENT_STRAND = [
    ("views", "Views"),
    ("viewers_week", "Distinct viewers"),
    ("ratings", "Ratings"),
    ("searches", "Searches"),
]
PEOPLE_STRAND = [
    ("follows", "Follows"),
    ("comments", "Comments and replies"),
    ("questions", "Questions asked"),
    ("answers", "Questions answered"),
    ("peer_reviews", "Peer reviews"),
    ("profile_visits", "Profile visits"),
]


def strand_weeks(rows, today, *, key, caption, columns) -> tuple[Table, charts.Chart]:
    starts, groups = by_week(rows, today)
    table = Table(key=key, caption=caption, columns=["Week of", *(c[1] for c in columns)])
    for start, group in zip(starts, groups, strict=True):
        # Distinct viewers cannot be added up day by day: the week's last day holds the week.
        cells = [
            _last(group, name) if name == "viewers_week" else _sum(group, name)
            for name, _label in columns
        ]
        table.rows.append([start, *cells])
    chart = charts.lines(
        label=f"Lines: {caption.lower()}",
        categories=[_week_label(s) for s in starts],
        series=[label for _n, label in columns],
        values=[row[1:] for row in table.rows],
    )
    return table, chart


# 4. Seeded versus community ---------------------------------------------------------------


def origin_months(rows, today) -> tuple[Table, charts.Chart]:
    starts, groups = by_month(rows, today)
    table = Table(
        key="origin-months",
        caption="Seeded and community clips, and the community's share of what people watch",
        columns=[
            "Month",
            "Published seeded clips",
            "Published community clips",
            "Community % of clips",
            "Views",
            "Community % of views",
            "Completed views",
            "Community % of completed views",
        ],
    )
    for start, group in zip(starts, groups, strict=True):
        seeded, community = _last(group, "clips_seeded"), _last(group, "clips_community")
        views, completed = _sum(group, "views"), _sum(group, "completed")
        table.rows.append(
            [
                _month_label(start),
                seeded,
                community,
                share(community, (seeded or 0) + (community or 0)),
                views,
                share(_sum(group, "views_community"), views),
                completed,
                share(_sum(group, "completed_community"), completed),
            ]
        )
    chart = charts.lines(
        label="Lines: the community's share of clips, of views and of completed views, by month",
        categories=[row[0] for row in table.rows],
        series=["% of clips", "% of views", "% of completed views"],
        values=[[row[3], row[5], row[7]] for row in table.rows],
        unit="%",
        top=100,
    )
    return table, chart


@dataclass
class Headline:
    days: int
    view_share: float | None
    completed_share: float | None
    clip_share: float | None


def headline(rows, days: int = 30) -> Headline:
    recent = rows[-days:]
    latest = rows[-1] if rows else None
    return Headline(
        days=days,
        view_share=share(_sum(recent, "views_community"), _sum(recent, "views")),
        completed_share=share(_sum(recent, "completed_community"), _sum(recent, "completed")),
        clip_share=share(latest.clips_community, latest.clips_seeded + latest.clips_community)
        if latest
        else None,
    )


# 5. Moderation health ---------------------------------------------------------------------


@dataclass
class Health:
    stages: Table
    reviewers: Table
    waiting: int
    oldest: datetime.datetime | None
    days: int = REVIEW_DAYS


def _hours(delta) -> float | None:
    return None if delta is None else round(delta.total_seconds() / 3600, 1)


def moderation_health(*, now: datetime.datetime, waiting: dict) -> Health:
    """Time in each stage, outcomes and reviewers' load over the last ``REVIEW_DAYS``.

    ``waiting`` is ``live.waiting_by_stage()``. Two queries: the stage
    order, and every stage finished (approved or sent back) in the window.
    """
    since = now - datetime.timedelta(days=REVIEW_DAYS)
    names = list(
        WorkflowTask.objects.filter(workflow__name=WORKFLOW_NAME)
        .order_by("sort_order")
        .values_list("task__name", flat=True)
    )
    names += sorted(set(waiting) - set(names))
    finished = list(
        TaskState.objects.filter(
            workflow_state__workflow__name=WORKFLOW_NAME,
            status__in=(TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED),
            finished_at__gte=since,
        ).values_list("task__name", "status", "started_at", "finished_at", "finished_by__username")
    )
    stages = Table(
        key="moderation-stages",
        caption=f"Each stage now, and the stages finished in the last {REVIEW_DAYS} days",
        columns=[
            "Stage",
            "Waiting now",
            "Oldest waiting since",
            "Finished",
            "Median hours in stage",
            "90th percentile hours",
            "% approved",
            "% changes requested",
        ],
    )
    for name in names:
        done = [row for row in finished if row[0] == name]
        durations = [row[3] - row[2] for row in done]
        approved = sum(1 for row in done if row[1] == TaskState.STATUS_APPROVED)
        count, oldest = waiting.get(name, (0, None))
        stages.rows.append(
            [
                name,
                count,
                oldest,
                len(done),
                _hours(percentile(durations, 0.5)),
                _hours(percentile(durations, 0.9)),
                share(approved, len(done)),
                share(len(done) - approved, len(done)),
            ]
        )
    reviewers = Table(
        key="reviewers",
        caption=f"Reviewers' load: stages each person finished in the last {REVIEW_DAYS} days",
        columns=["Reviewer", "Reviews", "Approved", "Changes requested", "Median hours"],
        empty=f"Nobody has reviewed in the last {REVIEW_DAYS} days.",
    )
    by_person: dict[str, list] = {}
    for row in finished:
        by_person.setdefault(row[4] or "(account removed)", []).append(row)
    for person, done in sorted(by_person.items(), key=lambda item: (-len(item[1]), item[0])):
        approved = sum(1 for row in done if row[1] == TaskState.STATUS_APPROVED)
        reviewers.rows.append(
            [
                person,
                len(done),
                approved,
                len(done) - approved,
                _hours(percentile([row[3] - row[2] for row in done], 0.5)),
            ]
        )
    oldest = min((o for _n, o in waiting.values() if o is not None), default=None)
    return Health(
        stages=stages,
        reviewers=reviewers,
        waiting=sum(n for n, _o in waiting.values()),
        oldest=oldest,
    )


# 6. Gaps to act on ------------------------------------------------------------------------


def _add_clip_url(topic_id: int) -> str:
    return reverse("wagtailadmin_pages:add", args=("clips", "clippage", topic_id))


def thin_topics(*, now: datetime.datetime) -> Table:
    """Live topics with fewer than ``FEW_CLIPS`` clips or none new in ``STALE_DAYS``; 2 queries."""
    stale_before = now - datetime.timedelta(days=STALE_DAYS)
    steplen = ClipPage.steplen
    clips = (
        ClipPage.objects.live()
        .annotate(topic_path=Substr("path", 1, Length("path") - steplen))
        .values("topic_path")
        .annotate(n=Count("pk"), newest=Max("first_published_at"))
        .order_by()
    )
    by_path = {row["topic_path"]: (row["n"], row["newest"]) for row in clips}
    table = Table(
        key="gaps-topics",
        caption=f"Topics with fewer than {FEW_CLIPS} clips or none new in {STALE_DAYS} days",
        columns=["Topic (add a clip)", "Published clips", "Newest clip published"],
        empty="Every topic has enough recent clips.",
    )
    rows = []
    for topic in TopicPage.objects.live().only("pk", "title", "path"):
        n, newest = by_path.get(topic.path, (0, None))
        if n < FEW_CLIPS or newest is None or newest < stale_before:
            rows.append((n, newest or now, topic, newest))
    rows.sort(key=lambda r: (r[0], r[1]))
    for n, _order, topic, newest in rows[:GAP_ROWS]:
        table.rows.append([topic.title, n, newest])
        table.links.append(_add_clip_url(topic.pk))
    return table


def unrated_clips() -> Table:
    table = Table(
        key="gaps-unrated",
        caption="Published clips nobody has rated, longest waiting first",
        columns=["Clip (edit or feature it)", "Views", "Published"],
        empty="Every published clip has a rating.",
    )
    clips = (
        ClipPage.objects.live()
        .filter(Q(stats__isnull=True) | Q(stats__rating_count=0))
        .select_related("stats")
        .only("pk", "title", "first_published_at", "stats__view_count")
        .order_by("first_published_at", "pk")[:GAP_ROWS]
    )
    for clip in clips:
        stats = getattr(clip, "stats", None)
        table.rows.append([clip.title, stats.view_count if stats else 0, clip.first_published_at])
        table.links.append(reverse("wagtailadmin_pages:edit", args=(clip.pk,)))
    return table


# Apps beside or above this one add gap tables of their own (search: searches that found
# nothing; discussion: open questions and clips wanted) through this Wagtail hook: a
# function taking no arguments and returning a ``Table``.
GAPS_HOOK = "community_dashboard_gaps"


def gaps(*, now: datetime.datetime) -> list[Table]:
    return [
        thin_topics(now=now),
        *(provide() for provide in hooks.get_hooks(GAPS_HOOK)),
        unrated_clips(),
    ]


# 7. Maturity and trends -------------------------------------------------------------------


def trends(rows, today) -> tuple[list[stages.Trend], Table]:
    """Headline figures over complete months (this month is still running, so left out)."""
    starts, groups = by_month(rows, today)
    starts, groups = starts[:-1], groups[:-1]
    series = [
        (
            "Community % of views",
            [share(_sum(g, "views_community"), _sum(g, "views")) for g in groups],
            "up",
        ),
        (
            "Community % of completed views",
            [share(_sum(g, "completed_community"), _sum(g, "completed")) for g in groups],
            "up",
        ),
        ("Ratings", [_sum(g, "ratings") for g in groups], "up"),
        ("New contributors", [_sum(g, "new_contributors") for g in groups], "up"),
        ("Waiting in moderation at month end", [_last(g, "waiting") for g in groups], "down"),
    ]
    shown = starts[-(stages.TREND_PERIODS + 1) :]
    table = Table(
        key="trends",
        caption="Headline figures over the last complete months, and whether to worry",
        columns=["Figure", *(_month_label(s) for s in shown), "Wrong way three months running"],
    )
    found = []
    for label, values, better in series:
        trend = stages.Trend(
            label=label,
            values=values,
            better=better,
            flagged=stages.wrong_way(values, better=better),
        )
        found.append(trend)
        table.rows.append([label, *values[-len(shown) :], "yes" if trend.flagged else "no"])
    return found, table


def model_table() -> Table:
    table = Table(
        key="maturity-model",
        caption="The maturity model: each stage needs its own thresholds and every earlier one's",
        columns=["Stage", "What it means", "Needs"],
    )
    for stage in stages.STAGES:
        needs = "; ".join(f"at least {r.minimum:g} % {r.text}" for r in stage.requirements)
        table.rows.append([stage.name, stage.summary, needs or "Where every hub starts"])
    return table


# The page ---------------------------------------------------------------------------------

JOINED_PERIODS = {
    "30": ("in the last 30 days", 30),
    "90": ("in the last 90 days", 90),
    "365": ("in the last 12 months", 365),
    "all": ("at any time", None),
}
DEFAULT_JOINED = "90"


@dataclass
class Dashboard:
    today: datetime.date
    has_history: bool
    ladder: Table
    ladder_chart: charts.Chart
    promotions: Table
    joined: str
    joined_label: str
    funnel: Table
    content_strand: Table
    content_chart: charts.Chart
    people_strand: Table
    people_chart: charts.Chart
    origin: Table
    origin_chart: charts.Chart
    headline: Headline
    health: Health
    gaps: list[Table]
    verdict: stages.Verdict
    model: Table
    trends: list[stages.Trend]
    trend_table: Table

    @property
    def flagged(self) -> list[stages.Trend]:
        return [t for t in self.trends if t.flagged]

    def tables(self) -> dict[str, Table]:
        """Every table on the page by its key: what the CSV export offers."""
        found = [
            self.ladder,
            self.promotions,
            self.funnel,
            self.content_strand,
            self.people_strand,
            self.origin,
            self.health.stages,
            self.health.reviewers,
            *self.gaps,
            self.model,
            self.trend_table,
        ]
        return {table.key: table for table in found}


def dashboard_build(*, now: datetime.datetime, joined: str, waiting: dict) -> Dashboard:
    """Every section of the page; a fixed number of queries at any size."""
    today = timezone.localtime(now).date()
    rows = history(today)
    joined = joined if joined in JOINED_PERIODS else DEFAULT_JOINED
    label, days = JOINED_PERIODS[joined]
    start = now - datetime.timedelta(days=days) if days else None
    ladder, ladder_chart = ladder_weeks(rows, today)
    content_strand, content_chart = strand_weeks(
        rows,
        today,
        key="strand-content",
        caption="People to content, week by week",
        columns=CONTENT_STRAND,
    )
    people_strand, people_chart = strand_weeks(
        rows,
        today,
        key="strand-people",
        caption="People to people, week by week",
        columns=PEOPLE_STRAND,
    )
    origin, origin_chart = origin_months(rows, today)
    found_trends, trend_table = trends(rows, today)
    return Dashboard(
        today=today,
        has_history=bool(rows),
        ladder=ladder,
        ladder_chart=ladder_chart,
        promotions=promotions_months(rows, today),
        joined=joined,
        joined_label=label,
        funnel=funnel_table(funnel(start, now), label),
        content_strand=content_strand,
        content_chart=content_chart,
        people_strand=people_strand,
        people_chart=people_chart,
        origin=origin,
        origin_chart=origin_chart,
        headline=headline(rows),
        health=moderation_health(now=now, waiting=waiting),
        gaps=gaps(now=now),
        verdict=stages.stage_for(stages.figures_from(rows)),
        model=model_table(),
        trends=found_trends,
        trend_table=trend_table,
    )
