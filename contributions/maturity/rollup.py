"""The roll-up: turn the raw rows of a day into one ``DailySnapshot`` and refresh milestones.

Idempotent by construction: every figure is recomputed from the rows it summarises and the
day's row is replaced whole (``update_or_create`` on the day), so running it twice, or
backfilling a year and then the same year again, gives the same rows. Run it daily (the
``community_rollup_task`` task or ``manage.py community_rollup``); ``--days 365`` backfills.

A day is a calendar day in the site's time zone. Stock figures are counted as at the end of
the day; flows are what happened during it. One caveat the data imposes: watch progress keeps
only its last update, so a completed view is counted on the day its progress row was last
written.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Min, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.contrib.search_promotions.models import QueryDailyHits
from wagtail.models import TaskState, WorkflowState

from clips.models import ClipOrigin, ClipPage
from contributions.models import (
    ClipView,
    CommunityEvent,
    EventKind,
    Level,
    LevelChange,
    Rating,
    WatchProgress,
)
from contributions.moderation.workflow import PEER_REVIEW, WORKFLOW_NAME

from .models import DailySnapshot, PersonMilestones

BATCH = 1000
DEFAULT_DAYS = 2  # today so far, and yesterday made final
REVIEW_OUTCOMES = (TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED)
EVENT_FIELDS = {
    EventKind.TOPIC_FOLLOW: "follows",
    EventKind.PERSON_FOLLOW: "follows",
    EventKind.COMMENT: "comments",
    EventKind.REPLY: "comments",
    EventKind.QUESTION: "questions",
    EventKind.ANSWER: "answers",
    EventKind.PROFILE_VISIT: "profile_visits",
}


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The first moment of ``day`` and of the day after, in the site's time zone."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    following = day + datetime.timedelta(days=1)
    return start, timezone.make_aware(datetime.datetime.combine(following, datetime.time()))


def today() -> datetime.date:
    return timezone.localdate()


# Milestones -------------------------------------------------------------------------------


def _first(queryset, user_field: str, time_field: str) -> dict[int, datetime.datetime]:
    """{user id: earliest ``time_field``} over ``queryset``; one grouped query."""
    rows = (
        queryset.exclude(**{f"{user_field}__isnull": True})
        .order_by()
        .values(user_field)
        .annotate(first=Min(time_field))
        .values_list(user_field, "first")
    )
    return dict(rows)


def _earliest(*moments):
    present = [m for m in moments if m is not None]
    return min(present) if present else None


@transaction.atomic
def milestones_refresh() -> int:
    """Recompute every person's funnel milestones from the rows behind them; seven queries.

    Submitting counts from the workflow (who asked for review, when) and, for clips that
    reached the hub another way (an import, the demo seed), from the community clip itself.
    """
    community = ClipPage.objects.filter(origin=ClipOrigin.COMMUNITY)
    watched = _first(ClipView.objects.all(), "user", "created_at")
    rated = _first(Rating.objects.all(), "user", "created_at")
    contributor = _first(
        LevelChange.objects.filter(to_level__in=[Level.CONTRIBUTOR, Level.TRUSTED]),
        "user",
        "created_at",
    )
    trusted = _first(LevelChange.objects.filter(to_level=Level.TRUSTED), "user", "created_at")
    requested = _first(
        WorkflowState.objects.filter(workflow__name=WORKFLOW_NAME), "requested_by", "created_at"
    )
    published = _first(community.filter(live=True), "owner", "first_published_at")
    rows = [
        PersonMilestones(
            user_id=pk,
            joined_at=joined,
            watched_at=watched.get(pk),
            rated_at=rated.get(pk),
            contributor_at=contributor.get(pk),
            submitted_at=_earliest(requested.get(pk), published.get(pk)),
            approved_at=published.get(pk),
            trusted_at=trusted.get(pk),
        )
        for pk, joined in get_user_model().objects.values_list("pk", "date_joined").iterator()
    ]
    PersonMilestones.objects.bulk_create(
        rows,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=[
            "joined_at",
            "watched_at",
            "rated_at",
            "contributor_at",
            "submitted_at",
            "approved_at",
            "trusted_at",
        ],
    )
    return len(rows)


# One day ----------------------------------------------------------------------------------


def _levels_at(end) -> dict[str, int]:
    """People who had joined by ``end``, by the level their last change before it gave them."""
    level_then = Subquery(
        LevelChange.objects.filter(user=OuterRef("pk"), created_at__lt=end)
        .order_by("-created_at", "-pk")
        .values("to_level")[:1]
    )
    rows = (
        get_user_model()
        .objects.filter(is_active=True, date_joined__lt=end)
        .annotate(level_then=Coalesce(level_then, Value(Level.LEARNER.value)))
        .values("level_then")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["level_then"]: row["n"] for row in rows}


def _people(start, end) -> dict[str, int]:
    levels = _levels_at(end)
    joined = get_user_model().objects.filter(date_joined__gte=start, date_joined__lt=end)
    steps = PersonMilestones.objects.aggregate(
        new_contributors=Count("pk", filter=Q(contributor_at__gte=start, contributor_at__lt=end)),
        new_trusted=Count("pk", filter=Q(trusted_at__gte=start, trusted_at__lt=end)),
        people_rated=Count("pk", filter=Q(rated_at__lt=end)),
        people_submitted=Count("pk", filter=Q(submitted_at__lt=end)),
    )
    return {
        "people": sum(levels.values()),
        "learners": levels.get(Level.LEARNER, 0),
        "contributors": levels.get(Level.CONTRIBUTOR, 0),
        "trusted": levels.get(Level.TRUSTED, 0),
        "editors": levels.get(Level.EDITOR, 0),
        "new_people": joined.count(),
        **steps,
    }


def _content(start, end, day) -> dict[str, int]:
    community = Q(clip__origin=ClipOrigin.COMMUNITY)
    monday = day_bounds(day - datetime.timedelta(days=day.weekday()))[0]
    views = ClipView.objects.filter(created_at__gte=monday, created_at__lt=end).aggregate(
        views=Count("pk", filter=Q(created_at__gte=start)),
        views_community=Count("pk", filter=Q(created_at__gte=start) & community),
        viewers_week=Count("viewer_key", distinct=True),
    )
    completed = WatchProgress.objects.filter(
        completed=True, updated_at__gte=start, updated_at__lt=end
    ).aggregate(completed=Count("pk"), completed_community=Count("pk", filter=community))
    clips = ClipPage.objects.filter(live=True, first_published_at__lt=end).aggregate(
        clips_seeded=Count("pk", filter=Q(origin=ClipOrigin.SEEDED)),
        clips_community=Count("pk", filter=Q(origin=ClipOrigin.COMMUNITY)),
    )
    searches = QueryDailyHits.objects.filter(date=day).aggregate(n=Coalesce(Sum("hits"), 0))["n"]
    return {
        **views,
        **completed,
        **clips,
        "ratings": Rating.objects.filter(created_at__gte=start, created_at__lt=end).count(),
        "searches": searches,
    }


def _people_to_people(start, end) -> dict[str, int]:
    figures = dict.fromkeys(EVENT_FIELDS.values(), 0)
    rows = (
        CommunityEvent.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        name = EVENT_FIELDS.get(row["kind"])
        if name:
            figures[name] += row["n"]
    # Reviews are Wagtail's own records: a peer reviewer approved or sent back a submission.
    figures["peer_reviews"] = TaskState.objects.filter(
        task__name=PEER_REVIEW,
        status__in=REVIEW_OUTCOMES,
        finished_at__gte=start,
        finished_at__lt=end,
        finished_by__isnull=False,
    ).count()
    return figures


def _moderation(start, end) -> dict[str, int]:
    states = WorkflowState.objects.filter(workflow__name=WORKFLOW_NAME)
    waiting = TaskState.objects.filter(
        workflow_state__workflow__name=WORKFLOW_NAME, started_at__lt=end
    ).filter(Q(finished_at__isnull=True) | Q(finished_at__gte=end))
    return {
        "submissions": states.filter(created_at__gte=start, created_at__lt=end).count(),
        "waiting": waiting.count(),
    }


def day_rollup(day: datetime.date) -> DailySnapshot:
    """Write (or rewrite) the snapshot of ``day``; milestones must be fresh (see ``rollup``)."""
    start, end = day_bounds(day)
    figures = {
        **_people(start, end),
        **_content(start, end, day),
        **_people_to_people(start, end),
        **_moderation(start, end),
        "computed_at": timezone.now(),
    }
    snapshot, _created = DailySnapshot.objects.update_or_create(day=day, defaults=figures)
    return snapshot


def rollup(*, days: int = DEFAULT_DAYS, until: datetime.date | None = None) -> list[DailySnapshot]:
    """Refresh milestones, then snapshot the ``days`` days ending with ``until`` (today)."""
    if days < 1:
        raise ValueError("Roll up at least one day.")
    until = until or today()
    milestones_refresh()
    first = until - datetime.timedelta(days=days - 1)
    return [day_rollup(first + datetime.timedelta(days=n)) for n in range(days)]
