"""A contributor's numbers per published clip, for /contribute/ ("how are my clips doing?").

Views and ratings come from the clip's statistics row; distinct viewers, completion and the
weekly views from the activity tables, each grouped by clip in one query. Four queries in
all, however many clips the person has.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from clips.models import ClipOrigin, ClipPage

from ..activity.models import ClipView, WatchProgress

WEEKS = 8


@dataclass
class WeekCount:
    starts: date
    views: int
    percent: int  # of the busiest week
    step: int  # the percent rounded to tens, for the bar's CSS class (no inline styles)


@dataclass
class ClipNumbers:
    page: ClipPage
    views: int
    viewers: int
    completion_rate: int | None  # percent of people who started it and reached the end
    rating_average: float | None
    rating_count: int
    weeks: list[WeekCount] = field(default_factory=list)


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def clip_numbers(user, *, weeks: int = WEEKS) -> list[ClipNumbers]:
    """The person's published community clips, newest first, with their numbers."""
    pages = list(
        ClipPage.objects.filter(owner=user, origin=ClipOrigin.COMMUNITY, live=True)
        .select_related("stats")
        .order_by("-first_published_at", "-pk")
    )
    if not pages:
        return []
    ids = [p.pk for p in pages]
    viewers = dict(
        ClipView.objects.filter(clip__in=ids)
        .values("clip")
        .annotate(n=Count("viewer_key", distinct=True))
        .values_list("clip", "n")
    )
    progress = {
        row["clip"]: row
        for row in WatchProgress.objects.filter(clip__in=ids)
        .values("clip")
        .annotate(started=Count("pk"), done=Count("pk", filter=Q(completed=True)))
    }
    this_week = _week_start(timezone.localdate())
    first_week = this_week - timedelta(weeks=weeks - 1)
    # Grouped by day in the database (portable), folded into weeks here.
    by_day = (
        ClipView.objects.filter(clip__in=ids, created_at__date__gte=first_week)
        .annotate(day=TruncDate("created_at"))
        .values("clip", "day")
        .annotate(n=Count("pk"))
        .values_list("clip", "day", "n")
    )
    weekly: dict[int, dict[date, int]] = {}
    for clip_id, day, n in by_day:
        bucket = weekly.setdefault(clip_id, {})
        bucket[_week_start(day)] = bucket.get(_week_start(day), 0) + n
    starts = [first_week + timedelta(weeks=i) for i in range(weeks)]
    numbers = []
    for page in pages:
        stats = page.statistics
        row = progress.get(page.pk)
        counts = [weekly.get(page.pk, {}).get(start, 0) for start in starts]
        busiest = max(counts) or 1
        numbers.append(
            ClipNumbers(
                page=page,
                views=stats.view_count,
                viewers=viewers.get(page.pk, 0),
                completion_rate=round(100 * row["done"] / row["started"]) if row else None,
                rating_average=stats.rating_average,
                rating_count=stats.rating_count,
                weeks=[
                    WeekCount(
                        starts=s,
                        views=n,
                        percent=round(100 * n / busiest),
                        step=10 * round(10 * n / busiest),
                    )
                    for s, n in zip(starts, counts, strict=True)
                ],
            )
        )
    return numbers
