"""Ratings, views, follows and progress that make a seeded hub look lived in.

Rows are bulk-inserted with timestamps spread over the weeks since each clip appeared, and
every counter that summarises them (``ClipStats``, ``Profile.ratings_count``) is set from the
very rows inserted, so the numbers on the site always agree with the data behind them.
"""

import random
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count
from django.utils import timezone

from clips.models import ClipStats
from contributions.models import ClipView, Profile, Rating, TopicFollow, WatchProgress

from .people import DEMO_ACCOUNTS, EVERYONE

BATCH = 1000
LEARNER_RATINGS = 2  # fewer than the five that unlock contributing
SAMPLER_RATINGS = 3
SCORES, SCORE_WEIGHTS = (1, 2, 3, 4, 5), (1, 2, 5, 9, 7)
CHANCE = {"rates": 0.4, "samples": 0.15, "watches": 0.3, "learner": 0.2}


@contextmanager
def historic_timestamps(model, *names):
    """Let bulk inserts keep the past dates we give them instead of "now".

    ``auto_now``/``auto_now_add`` fields overwrite any value on insert; seeding needs ratings
    and views spread over past weeks, so the flags are lifted for the duration of the insert.
    """
    fields = [model._meta.get_field(name) for name in names]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


@dataclass
class ClipActivity:
    clip_id: int
    published_at: datetime
    presenter_id: int | None = None  # nobody rates a clip they present (clips.authorship)
    ratings: list[Rating] = field(default_factory=list)
    views: list[ClipView] = field(default_factory=list)

    def stats(self) -> ClipStats:
        times = [r.updated_at for r in self.ratings] + [v.created_at for v in self.views]
        return ClipStats(
            clip_id=self.clip_id,
            view_count=len(self.views),
            rating_count=len(self.ratings),
            rating_sum=sum(r.score for r in self.ratings),
            last_activity_at=max(times) if times else None,
        )


def _moment(rng: random.Random, since: datetime, now: datetime) -> datetime:
    span = max((now - since).total_seconds(), 60)
    return since + timedelta(seconds=rng.uniform(0, span))


def _quotas(users: dict) -> dict[int, int]:
    """How many more ratings the capped people may give (the learner stays a learner)."""
    caps = {"learner": LEARNER_RATINGS, "samples": SAMPLER_RATINGS}
    capped = {users[p.username].pk: caps[p.habit] for p in EVERYONE if p.habit in caps}
    given = dict(
        Rating.objects.filter(user_id__in=capped)
        .order_by()
        .values_list("user_id")
        .annotate(n=Count("pk"))
        .values_list("user_id", "n")
    )
    return {pk: max(cap - given.get(pk, 0), 0) for pk, cap in capped.items()}


def activity_for(
    clips: list[tuple[int, datetime, int | None]], *, users: dict, seed: int, progress=None
) -> list[ClipStats]:
    """Ratings and views for new clips [(id, published at, presenter id)]; return their stats."""
    rng, now = random.Random(seed), timezone.now()
    quotas = _quotas(users) if users else {}
    people = [(p, users[p.username]) for p in EVERYONE if p.username in users]
    stats = []
    for start in range(0, len(clips), BATCH):
        batch = [ClipActivity(*row) for row in clips[start : start + BATCH]]
        for clip in batch:
            _clip_activity(clip, people, quotas, rng, now)
        with historic_timestamps(Rating, "created_at", "updated_at"):
            Rating.objects.bulk_create([r for c in batch for r in c.ratings], batch_size=BATCH)
        with historic_timestamps(ClipView, "created_at"):
            ClipView.objects.bulk_create([v for c in batch for v in c.views], batch_size=BATCH)
        stats += [clip.stats() for clip in batch]
        if progress is not None:
            progress.update(len(batch))
    return stats


def _clip_activity(clip: ClipActivity, people, quotas, rng: random.Random, now) -> None:
    quality = rng.choice((-1, 0, 0, 1))
    for person, user in people:
        # The learner rates the first clips they meet (up to their cap), then only watches.
        eager = person.habit == "learner" and quotas.get(user.pk, 0) > 0
        if not eager and rng.random() >= CHANCE[person.habit]:
            continue
        when = _moment(rng, clip.published_at, now)
        clip.views.append(
            ClipView(clip_id=clip.clip_id, user=user, viewer_key=_key(), created_at=when)
        )
        if person.habit == "watches" or quotas.get(user.pk, 1) <= 0:
            continue
        if user.pk == clip.presenter_id:
            continue
        if user.pk in quotas:
            quotas[user.pk] -= 1
        score = min(5, max(1, rng.choices(SCORES, SCORE_WEIGHTS)[0] + quality))
        rated = when + timedelta(minutes=rng.randint(1, 20))
        clip.ratings.append(
            Rating(user=user, clip_id=clip.clip_id, score=score, created_at=rated, updated_at=rated)
        )
    if people:  # anonymous visitors come with the people; a hub without people has no visits
        for _ in range(rng.randint(2, 24)):
            when = _moment(rng, clip.published_at, now)
            clip.views.append(ClipView(clip_id=clip.clip_id, viewer_key=_key(), created_at=when))


def _key() -> str:
    return uuid.uuid4().hex


def stats_insert(*, clip_ids: list[int], stats: list[ClipStats]) -> None:
    """One statistics row per new clip: the computed one, or zeros when nothing happened."""
    by_clip = {s.clip_id: s for s in stats}
    rows = [by_clip.get(pk) or ClipStats(clip_id=pk) for pk in clip_ids]
    ClipStats.objects.bulk_create(rows, batch_size=BATCH)


def ratings_counts_refresh(users: dict) -> None:
    """Set each demo person's ``ratings_count`` from their rating rows."""
    counts = dict(
        Rating.objects.filter(user__in=users.values())
        .order_by()
        .values_list("user_id")
        .annotate(n=Count("pk"))
        .values_list("user_id", "n")
    )
    for user in users.values():
        Profile.objects.filter(user=user).update(ratings_count=counts.get(user.pk, 0))


def follows_and_progress(*, users: dict, topics: list, clips: list[tuple[int, float]]) -> None:
    """Each demo person follows a few topics; the learner is part-way through a clip or two."""
    rng = random.Random(7)
    follows = [
        TopicFollow(user=user, topic=topic)
        for user in users.values()
        for topic in rng.sample(topics, k=min(len(topics), rng.randint(1, 3)))
    ]
    TopicFollow.objects.bulk_create(follows, ignore_conflicts=True)
    learner = users.get(DEMO_ACCOUNTS[0].username)
    if learner is None or WatchProgress.objects.filter(user=learner).exists():
        return
    WatchProgress.objects.bulk_create(
        [
            WatchProgress(
                user=learner, clip_id=pk, position=round(duration * share, 1), duration=duration
            )
            for (pk, duration), share in zip(clips[:2], (0.5, 0.3), strict=False)
        ]
    )
