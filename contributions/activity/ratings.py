"""Rating a clip: one row per person and clip, counters kept exact under concurrency.

Both verbs lock the clip's statistics row first (``SELECT … FOR UPDATE`` on PostgreSQL; on
SQLite the ``IMMEDIATE`` transaction mode already serialises writers), then the rater's
profile. Every rating of one clip therefore runs one after another, so a double submit finds
the row the first submit made and only changes its score, and the counters are moved with
``F()`` expressions so no update is ever lost. The lock order (statistics, then profile) is
the same in every verb here, so two of them never wait on each other.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from clips.authorship import is_made_by
from clips.models import ClipPage, ClipStats

from ..people.models import Profile
from ..people.services import level_recompute, profile_get
from .models import Rating

SCORES = range(1, 6)


class RatingError(ValueError):
    """A score outside 1–5 (or not a whole number)."""


class OwnClipError(RatingError):
    """The person made the clip (clips.authorship): their stars would count in Top rated."""

    message = "You made this clip, so you cannot rate it: ratings say what others think of it."


@dataclass(frozen=True)
class RatingResult:
    """What the person's rating is now and what the clip's summary says."""

    score: int | None
    rating_count: int
    rating_sum: int
    created: bool = False
    removed: bool = False
    promoted_to: str = ""  # the level this rating earned, if it earned one

    @property
    def rating_average(self) -> float | None:
        if not self.rating_count:
            return None
        return round(self.rating_sum / self.rating_count, 2)


def stats_for_update(clip: ClipPage) -> ClipStats:
    """The clip's statistics row, locked for this transaction; created if it is missing.

    ``get_or_create`` runs its insert in a savepoint and reads again after an
    IntegrityError, so two requests that both find no row still end up with one.
    """
    stats, _ = ClipStats.objects.select_for_update().get_or_create(clip=clip)
    return stats


def _result(clip: ClipPage, score: int | None, **flags) -> RatingResult:
    count, total = ClipStats.objects.filter(pk=clip.pk).values_list("rating_count", "rating_sum")[0]
    return RatingResult(score=score, rating_count=count, rating_sum=total, **flags)


def rating_set(*, user, clip: ClipPage, score: int) -> RatingResult:
    """Give or change ``user``'s rating of ``clip``; a first rating may promote them.

    Raises RatingError (nothing changed) for a score that is not a whole number 1–5, and
    OwnClipError for a clip that ``user`` presented or contributed.
    """
    if isinstance(score, bool) or not isinstance(score, int) or score not in SCORES:
        raise RatingError("A rating is a whole number from 1 to 5.")
    if is_made_by(user, clip):
        raise OwnClipError(OwnClipError.message)
    now = timezone.now()
    with transaction.atomic():
        stats_for_update(clip)
        profile = profile_get(user, for_update=True)
        rating = Rating.objects.filter(user=user, clip=clip).first()
        if rating is None:
            Rating.objects.create(user=user, clip=clip, score=score)
            ClipStats.objects.filter(pk=clip.pk).update(
                rating_count=F("rating_count") + 1,
                rating_sum=F("rating_sum") + score,
                last_activity_at=now,
            )
            Profile.objects.filter(pk=profile.pk).update(ratings_count=F("ratings_count") + 1)
            rated = profile.ratings_count + 1
            before = profile.level
            after = level_recompute(
                user=user, reason=f"Rated {rated} clip{'s' if rated != 1 else ''}"
            ).level
            return _result(clip, score, created=True, promoted_to=after if after != before else "")
        if rating.score != score:
            ClipStats.objects.filter(pk=clip.pk).update(
                rating_sum=F("rating_sum") + (score - rating.score), last_activity_at=now
            )
            Rating.objects.filter(pk=rating.pk).update(score=score, updated_at=now)
        return _result(clip, score)


def rating_remove(*, user, clip: ClipPage) -> RatingResult:
    """Take back ``user``'s rating of ``clip`` (a no-op if there is none). Never demotes."""
    with transaction.atomic():
        stats_for_update(clip)
        profile = profile_get(user, for_update=True)
        rating = Rating.objects.filter(user=user, clip=clip).first()
        if rating is None:
            return _result(clip, None)
        rating.delete()
        ClipStats.objects.filter(pk=clip.pk).update(
            rating_count=F("rating_count") - 1,
            rating_sum=F("rating_sum") - rating.score,
            last_activity_at=timezone.now(),
        )
        Profile.objects.filter(pk=profile.pk, ratings_count__gt=0).update(
            ratings_count=F("ratings_count") - 1
        )
        return _result(clip, None, removed=True)
