"""The community dashboard's live figures, counted now (not from snapshots): how far the
community has come.

Each function answers one question with aggregate queries (``Count``, ``Sum``,
``TruncMonth``) and a fixed number of them, however many people, clips, ratings or views
the hub has: the dashboard page costs the same on a demo hub and on a big one. Nothing here
writes. ``admin_views`` renders the results for editors.

Who counts as what ("people by participation"), each person in exactly one bucket, the
highest that applies:

- contributing: owns at least one community clip (waiting in moderation or published;
  a withdrawn submission is deleted, so it no longer counts);
- rating: has rated at least one clip, but not contributed;
- only watching: has views or watch progress, but no ratings and no contributions;
- not active yet: signed up, nothing else.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Case, CharField, Count, Exists, Min, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, Length, Substr, TruncMonth
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState, WorkflowTask

from clips.models import ClipOrigin, ClipPage, TopicPage
from contributions.models import LEVEL_ORDER, ClipView, Level, Rating, WatchProgress
from contributions.moderation.workflow import WORKFLOW_NAME

CONTRIBUTING = "contributing"
RATING = "rating"
WATCHING = "watching"
INACTIVE = "inactive"
BUCKETS = [
    (CONTRIBUTING, "Contributing"),
    (RATING, "Rating"),
    (WATCHING, "Only watching"),
    (INACTIVE, "Not active yet"),
]

SHORT_DAYS = 7
LONG_DAYS = 30
MONTHS = 12
TOPIC_LIMIT = 5


def percent(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in percent, one decimal; None when there is no whole."""
    if not whole:
        return None
    return round(100 * part / whole, 1)


# People ---------------------------------------------------------------------------------


@dataclass
class BucketRow:
    key: str
    label: str
    total: int = 0
    by_level: list[int] = field(default_factory=list)


@dataclass
class Participation:
    levels: list[tuple[str, str]]
    rows: list[BucketRow]
    level_totals: list[int]
    total: int

    @property
    def counts(self) -> dict[str, int]:
        """People in each bucket, by bucket key (``counts["rating"]``)."""
        return {row.key: row.total for row in self.rows}


def people_by_participation() -> Participation:
    """Active accounts by participation bucket and ladder level; one query."""
    user = OuterRef("pk")
    bucket = Case(
        When(
            Exists(ClipPage.objects.filter(owner=user, origin=ClipOrigin.COMMUNITY)),
            then=Value(CONTRIBUTING),
        ),
        When(Exists(Rating.objects.filter(user=user)), then=Value(RATING)),
        When(
            Exists(ClipView.objects.filter(user=user))
            | Exists(WatchProgress.objects.filter(user=user)),
            then=Value(WATCHING),
        ),
        default=Value(INACTIVE),
        output_field=CharField(),
    )
    counts = (
        get_user_model()
        .objects.filter(is_active=True)
        .annotate(
            bucket=bucket,
            # Someone who never got a profile row is still a learner.
            ladder_level=Coalesce("profile__level", Value(Level.LEARNER.value)),
        )
        .values("bucket", "ladder_level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cells = {(row["bucket"], row["ladder_level"]): row["n"] for row in counts}
    levels = [(level.value, level.label) for level in LEVEL_ORDER]
    rows = []
    for key, label in BUCKETS:
        by_level = [cells.get((key, level), 0) for level, _label in levels]
        rows.append(BucketRow(key=key, label=label, total=sum(by_level), by_level=by_level))
    level_totals = [sum(row.by_level[i] for row in rows) for i in range(len(levels))]
    return Participation(
        levels=levels, rows=rows, level_totals=level_totals, total=sum(level_totals)
    )


# Content --------------------------------------------------------------------------------


@dataclass
class OriginSplit:
    seeded: int
    community: int

    @property
    def total(self) -> int:
        return self.seeded + self.community

    @property
    def community_share(self) -> float | None:
        return percent(self.community, self.total)


@dataclass(kw_only=True)
class MonthRow(OriginSplit):
    month: datetime.date
    # Of every clip published by the end of this month, the community's part.
    cumulative_share: float | None

    @property
    def bar_width(self) -> int:
        """The running share as a whole percent, for the bar beside the figures."""
        return round(self.cumulative_share or 0)


def clips_by_origin() -> OriginSplit:
    """Published clips, seeded by editors or contributed by the community; one query."""
    counts = dict(ClipPage.objects.live().order_by().values_list("origin").annotate(n=Count("pk")))
    return OriginSplit(
        seeded=counts.get(ClipOrigin.SEEDED, 0), community=counts.get(ClipOrigin.COMMUNITY, 0)
    )


def month_starts(*, now: datetime.datetime, months: int = MONTHS) -> list[datetime.date]:
    """The first day of each of the last ``months`` months, oldest first, this month last."""
    today = timezone.localtime(now).date()
    index = today.year * 12 + today.month - 1
    return [datetime.date(i // 12, i % 12 + 1, 1) for i in range(index - months + 1, index + 1)]


def clips_by_month(
    *, split: OriginSplit, now: datetime.datetime | None = None, months: int = MONTHS
) -> list[MonthRow]:
    """Published clips by the month they were first published, for the last ``months``.

    ``split`` is today's ``clips_by_origin()``: whatever it counts beyond these months was
    published before them, which gives the running community share without a second query.
    One query.
    """
    starts = month_starts(now=now or timezone.now(), months=months)
    window_start = timezone.make_aware(datetime.datetime.combine(starts[0], datetime.time()))
    rows = (
        ClipPage.objects.live()
        .filter(first_published_at__gte=window_start)
        .annotate(month=TruncMonth("first_published_at"))
        .values("month", "origin")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cells = {(timezone.localtime(row["month"]).date(), row["origin"]): row["n"] for row in rows}
    seeded_in_window = sum(n for (_m, origin), n in cells.items() if origin == ClipOrigin.SEEDED)
    community_in_window = sum(
        n for (_m, origin), n in cells.items() if origin == ClipOrigin.COMMUNITY
    )
    seeded_so_far = split.seeded - seeded_in_window
    community_so_far = split.community - community_in_window
    result = []
    for start in starts:
        seeded = cells.get((start, ClipOrigin.SEEDED), 0)
        community = cells.get((start, ClipOrigin.COMMUNITY), 0)
        seeded_so_far += seeded
        community_so_far += community
        result.append(
            MonthRow(
                month=start,
                seeded=seeded,
                community=community,
                cumulative_share=percent(community_so_far, seeded_so_far + community_so_far),
            )
        )
    return result


# Moderation -----------------------------------------------------------------------------


@dataclass
class StageRow:
    name: str
    waiting: int
    oldest_started_at: datetime.datetime | None


@dataclass
class Moderation:
    stages: list[StageRow]
    needs_changes: int
    approved_recently: int
    days: int

    @property
    def waiting(self) -> int:
        return sum(stage.waiting for stage in self.stages)


def _community_workflow_states():
    return WorkflowState.objects.filter(workflow__name=WORKFLOW_NAME)


def waiting_by_stage() -> dict[str, tuple[int, datetime.datetime | None]]:
    """Submissions waiting at each stage of "Community contribution": (count, oldest); one query."""
    rows = (
        TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
            workflow_state__workflow__name=WORKFLOW_NAME,
        )
        .values("task__name")
        .annotate(n=Count("pk"), oldest=Min("started_at"))
        .order_by()
    )
    return {row["task__name"]: (row["n"], row["oldest"]) for row in rows}


def moderation_queue(*, now: datetime.datetime | None = None, days: int = LONG_DAYS) -> Moderation:
    """What waits where, what went back to its contributor, what was approved; three queries."""
    since = (now or timezone.now()) - datetime.timedelta(days=days)
    stage_names = list(
        WorkflowTask.objects.filter(workflow__name=WORKFLOW_NAME)
        .order_by("sort_order")
        .values_list("task__name", flat=True)
    )
    waiting = waiting_by_stage()
    # A stage that was taken out of the workflow may still hold submissions: list it too.
    stage_names += sorted(set(waiting) - set(stage_names))
    outcomes = _community_workflow_states().aggregate(
        needs_changes=Count("pk", filter=Q(status=WorkflowState.STATUS_NEEDS_CHANGES)),
        # A finished workflow keeps its last (approved) task state as the current one.
        approved=Count(
            "pk",
            filter=Q(
                status=WorkflowState.STATUS_APPROVED,
                current_task_state__finished_at__gte=since,
            ),
        ),
    )
    return Moderation(
        stages=[StageRow(name, *waiting.get(name, (0, None))) for name in stage_names],
        needs_changes=outcomes["needs_changes"],
        approved_recently=outcomes["approved"],
        days=days,
    )


# Activity -------------------------------------------------------------------------------


@dataclass
class Activity:
    short_days: int
    long_days: int
    ratings_short: int
    ratings_long: int
    raters_long: int
    views_short: int
    views_long: int
    viewers_long: int


def activity_totals(*, now: datetime.datetime | None = None) -> Activity:
    """Ratings given and views counted in the last 7 and 30 days; two queries."""
    now = now or timezone.now()
    short = now - datetime.timedelta(days=SHORT_DAYS)
    long = now - datetime.timedelta(days=LONG_DAYS)
    ratings = Rating.objects.filter(created_at__gte=long).aggregate(
        short=Count("pk", filter=Q(created_at__gte=short)),
        long=Count("pk"),
        people=Count("user", distinct=True),
    )
    views = ClipView.objects.filter(created_at__gte=long).aggregate(
        short=Count("pk", filter=Q(created_at__gte=short)),
        long=Count("pk"),
        people=Count("viewer_key", distinct=True),
    )
    return Activity(
        short_days=SHORT_DAYS,
        long_days=LONG_DAYS,
        ratings_short=ratings["short"],
        ratings_long=ratings["long"],
        raters_long=ratings["people"],
        views_short=views["short"],
        views_long=views["long"],
        viewers_long=views["people"],
    )


@dataclass
class TopicActivity:
    topic: TopicPage
    ratings: int
    views: int

    @property
    def total(self) -> int:
        return self.ratings + self.views


def _per_topic(queryset, *, since) -> dict[str, int]:
    """Rows of ``queryset`` (ratings or views) since ``since``, counted by their clip's topic."""
    steplen = ClipPage.steplen
    rows = (
        queryset.filter(created_at__gte=since)
        .annotate(topic_path=Substr("clip__path", 1, Length("clip__path") - steplen))
        .values("topic_path")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["topic_path"]: row["n"] for row in rows}


def most_active_topics(
    *, now: datetime.datetime | None = None, days: int = LONG_DAYS, limit: int = TOPIC_LIMIT
) -> list[TopicActivity]:
    """Topics whose clips had the most ratings and views lately; three queries."""
    since = (now or timezone.now()) - datetime.timedelta(days=days)
    ratings = _per_topic(Rating.objects.all(), since=since)
    views = _per_topic(ClipView.objects.all(), since=since)
    totals = {path: ratings.get(path, 0) + views.get(path, 0) for path in {*ratings, *views}}
    # Busiest first; a tie goes to the topic with more ratings, then by path for stability.
    ranked = sorted(totals, key=lambda p: (-totals[p], -ratings.get(p, 0), p))[:limit]
    topics = {t.path: t for t in TopicPage.objects.filter(path__in=ranked).only("title", "path")}
    return [
        TopicActivity(topic=topics[path], ratings=ratings.get(path, 0), views=views.get(path, 0))
        for path in ranked
        if path in topics
    ]


# The home panel --------------------------------------------------------------------------


@dataclass
class Headline:
    people: Participation
    content: OriginSplit
    waiting: int
    activity: Activity


def headline(*, now: datetime.datetime | None = None) -> Headline:
    """The few figures the admin home shows; five queries."""
    return Headline(
        people=people_by_participation(),
        content=clips_by_origin(),
        waiting=sum(n for n, _oldest in waiting_by_stage().values()),
        activity=activity_totals(now=now),
    )
