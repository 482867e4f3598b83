"""Rating a clip: one row per person and clip, counters kept exact under concurrency.

Both verbs lock the rater's profile first (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite
the ``IMMEDIATE`` transaction mode already serialises writers). One person's ratings
therefore run one after another, so a double submit finds the row the first submit made and
only changes its score. Different people rating one clip do not wait for each other until
the very end: the clip's counters move in one ``UPDATE … SET n = n + 1 … RETURNING`` (the
row is locked only from there to the commit, and PostgreSQL re-reads it after a concurrent
update, so no count is ever lost). The lock order (profile, then statistics) is the same in
every verb that takes both, so two of them never wait on each other.
"""

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from clips.authorship import is_made_by
from clips.models import ClipPage, ClipStats

from ..people.ladder import thresholds
from ..people.models import LadderSettings, Profile
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
    # The rater's profile after the rating and the ladder's thresholds (when read), so the
    # answer can show their ladder step without reading either again.
    profile: Profile | None = field(default=None, compare=False)
    ladder: LadderSettings | None = field(default=None, compare=False)

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


# ``UPDATE … RETURNING`` (SQLite 3.35+, PostgreSQL) is the ``F()`` update and the read after
# it at once; the ORM has no update that returns. The names are ClipStats' (clips/models/stats.py).
_COUNTERS_MOVE = (
    "UPDATE clips_clipstats SET rating_count = rating_count + %s, rating_sum = rating_sum + %s, "
    "last_activity_at = %s WHERE clip_id = %s RETURNING rating_count, rating_sum"
)


def _counters_move(clip: ClipPage, *, count: int, total: int, now) -> tuple[int, int]:
    """Add to the clip's rating counters and read them back, in one statement.

    Creates the statistics row first if the clip has none yet.
    """
    params = [count, total, connection.ops.adapt_datetimefield_value(now), clip.pk]
    with connection.cursor() as cursor:
        cursor.execute(_COUNTERS_MOVE, params)
        row = cursor.fetchone()
        if row is None:
            ClipStats.objects.get_or_create(clip=clip)
            cursor.execute(_COUNTERS_MOVE, params)
            row = cursor.fetchone()
    return row[0], row[1]


def _counters_of(clip: ClipPage) -> tuple[int, int]:
    row = ClipStats.objects.filter(pk=clip.pk).values_list("rating_count", "rating_sum").first()
    return row or (0, 0)


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
        profile = profile_get(user, for_update=True)
        rating = Rating.objects.filter(user=user, clip=clip).only("pk", "score").first()
        if rating is None:
            Rating.objects.create(user=user, clip=clip, score=score)
            Profile.objects.filter(pk=profile.pk).update(ratings_count=F("ratings_count") + 1)
            profile.ratings_count += 1  # exact: the row is locked until the commit
            before, ladder = profile.level, thresholds()
            rated = profile.ratings_count
            profile = level_recompute(
                user=user,
                reason=f"Rated {rated} clip{'s' if rated != 1 else ''}",
                profile=profile,
                settings=ladder,
            )
            count, total = _counters_move(clip, count=1, total=score, now=now)
            return RatingResult(
                score,
                count,
                total,
                created=True,
                promoted_to=profile.level if profile.level != before else "",
                profile=profile,
                ladder=ladder,
            )
        if rating.score == score:
            return RatingResult(score, *_counters_of(clip), profile=profile)
        Rating.objects.filter(pk=rating.pk).update(score=score, updated_at=now)
        count, total = _counters_move(clip, count=0, total=score - rating.score, now=now)
        return RatingResult(score, count, total, profile=profile)


def rating_remove(*, user, clip: ClipPage) -> RatingResult:
    """Take back ``user``'s rating of ``clip`` (a no-op if there is none). Never demotes."""
    with transaction.atomic():
        profile = profile_get(user, for_update=True)
        rating = Rating.objects.filter(user=user, clip=clip).only("pk", "score").first()
        if rating is None:
            return RatingResult(None, *_counters_of(clip), profile=profile)
        Rating.objects.filter(pk=rating.pk).delete()
        Profile.objects.filter(pk=profile.pk, ratings_count__gt=0).update(
            ratings_count=F("ratings_count") - 1
        )
        profile.ratings_count = max(profile.ratings_count - 1, 0)
        count, total = _counters_move(clip, count=-1, total=-rating.score, now=timezone.now())
        return RatingResult(None, count, total, removed=True, profile=profile)
