"""A year of community history for the demo hub, so the dashboard shows real trends.

Called by ``seed_hub`` (``demo.hub``) after the clips and demo people exist. It
gives the demo people believable dates (joined before they first watched, promoted when
their ratings earned it), adds community members who joined over the year and watched,
rated, finished and followed clips, the people-to-people moments (follows, comments,
questions and answers, clip requests, profile visits), a year of searches, and the review
history of the community clips; then it backfills the daily snapshots.

Idempotent: members are found by username and get activity only when created; the dates
given to demo people are computed from their own rows, so a second run sets the same ones;
the review history is added only to community clips that have none; the roll-up rewrites.
"""

import datetime
import random
import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import Count, Max, Min, Sum
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.models import Revision, Task, TaskState, Workflow, WorkflowState

from clips.models import ClipOrigin, ClipPage, ClipStats
from contributions.maturity import rollup
from contributions.models import (
    ClipView,
    CommunityEvent,
    EventKind,
    Level,
    LevelChange,
    Profile,
    Rating,
    TopicFollow,
    WatchProgress,
)
from contributions.moderation.workflow import EDITORIAL_APPROVAL, PEER_REVIEW, WORKFLOW_NAME
from contributions.people.services import level_set
from search.models import QueryOutcome

from .activity import historic_timestamps

YEAR = 365
RATINGS_TO_CONTRIBUTE = 5
PASSWORD = "learn-and-share"  # noqa: S105 - the documented demo password
FIRST_NAMES = (
    "Ana Ben Chloe Dev Elif Femi Greta Hugo Ines Jamal Kofi Lena Marta Nils Omar Pia "
    "Quinn Rosa Sami Tara Umar Vera Wen Xavi Yara Zoe Alba Bruno Cleo Dario"
).split()
LAST_NAMES = ("Ferreira", "Novak", "Haddad", "Lindqvist")
SEARCHES = {
    "onboarding checklist": 3,
    "feedback": 2,
    "pivot table": 2,
    "presenting": 1,
    "customer call": 1,
    "forklift licence": 1,  # nothing answers these: the gaps report lists them
    "expenses in spanish": 1,
}


@dataclass
class Member:
    username: str
    first_name: str
    last_name: str
    joined_days_ago: int
    habit: str  # "watches", "rates", or "climbs" (rates enough to contribute)


def members() -> list[Member]:
    """Sixty members, more of them joining as the year goes on (the hub catches on)."""
    rng = random.Random(2024)
    people = []
    n = 60
    for i in range(n):
        first = FIRST_NAMES[i % len(FIRST_NAMES)]
        last = LAST_NAMES[i // len(FIRST_NAMES) % len(LAST_NAMES)]
        days_ago = int(YEAR * (1 - ((i + 1) / n) ** 0.6)) + 1
        habit = rng.choices(("watches", "rates", "climbs"), (4, 4, 2))[0]
        people.append(Member(f"{first}.{last}".lower(), first, last, days_ago, habit))
    return people


def history_seed(*, users: dict, topics: list, now: datetime.datetime | None = None) -> int:
    """Seed the year described in the module docstring; returns the members created."""
    now = now or timezone.now()
    rng = random.Random(YEAR)
    clips = list(
        ClipPage.objects.live().values_list("pk", "first_published_at", "origin", "owner_id")
    )
    created = _members_ensure(now)
    if created and clips:
        _member_activity(created, clips, rng, now)
        _people_to_people(created, users, clips, topics, rng, now)
        _searches(rng, now)
    _demo_dates(users, now)
    _review_history(users, clips, rng)
    _stats_refresh([pk for pk, *_ in clips])
    rollup.rollup(days=YEAR, until=timezone.localtime(now).date())
    return len(created)


def _members_ensure(now) -> list:
    """Create the members that are missing; return the new users with their plan."""
    User = get_user_model()
    plans = members()
    existing = set(
        User.objects.filter(username__in=[m.username for m in plans]).values_list(
            "username", flat=True
        )
    )
    password = make_password(PASSWORD)
    made = []
    for plan in plans:
        if plan.username in existing:
            continue
        user = User.objects.create(
            username=plan.username,
            email=f"{plan.username}@example.com",
            first_name=plan.first_name,
            last_name=plan.last_name,
            password=password,
            date_joined=now - datetime.timedelta(days=plan.joined_days_ago, hours=9),
        )
        Profile.objects.create(user=user, display_name=f"{plan.first_name} {plan.last_name}")
        made.append((user, plan))
    return made


def _moment(rng, earliest, now):
    span = max((now - earliest).total_seconds(), 3600)
    # Skewed towards the recent end: a hub gets busier as people find it.
    return earliest + datetime.timedelta(seconds=span * rng.random() ** 0.5)


def _member_activity(created, clips, rng, now) -> None:
    views, ratings, progress = [], [], []
    for user, plan in created:
        joined = user.date_joined
        seen = [c for c in clips if c[1] is not None and c[1] < now]
        rng.shuffle(seen)
        # Community clips are what colleagues recommend: members reach them more.
        seen.sort(key=lambda c: c[2] != ClipOrigin.COMMUNITY or rng.random() < 0.5)
        wanted = {"watches": 4, "rates": 8, "climbs": 14}[plan.habit]
        to_rate = {"watches": 0, "rates": rng.randint(1, 4), "climbs": rng.randint(6, 10)}
        rated_times = []
        for pk, published, origin, _owner in seen[: wanted + rng.randint(0, 6)]:
            when = _moment(rng, max(joined, published), now)
            views.append(
                ClipView(clip_id=pk, user=user, viewer_key=uuid.uuid4().hex, created_at=when)
            )
            finish = 0.75 if origin == ClipOrigin.COMMUNITY else 0.5
            if rng.random() < finish:
                progress.append(
                    WatchProgress(
                        user=user,
                        clip_id=pk,
                        position=6,
                        duration=6,
                        completed=True,
                        updated_at=when,
                    )
                )
            if len(rated_times) < to_rate[plan.habit]:
                rated = when + datetime.timedelta(minutes=rng.randint(1, 30))
                score = rng.choice((3, 4, 4, 5, 5))
                ratings.append(
                    Rating(user=user, clip_id=pk, score=score, created_at=rated, updated_at=rated)
                )
                rated_times.append(rated)
        if len(rated_times) >= RATINGS_TO_CONTRIBUTE:
            level_set(user=user, level=Level.CONTRIBUTOR, reason="Seeded history")
            LevelChange.objects.filter(user=user).update(
                created_at=sorted(rated_times)[RATINGS_TO_CONTRIBUTE - 1]
            )
        Profile.objects.filter(user=user).update(ratings_count=len(rated_times))
    with historic_timestamps(ClipView, "created_at"):
        ClipView.objects.bulk_create(views, batch_size=rollup.BATCH)
    with historic_timestamps(Rating, "created_at", "updated_at"):
        Rating.objects.bulk_create(ratings, batch_size=rollup.BATCH, ignore_conflicts=True)
    with historic_timestamps(WatchProgress, "updated_at"):
        WatchProgress.objects.bulk_create(progress, batch_size=rollup.BATCH, ignore_conflicts=True)


def _people_to_people(created, users, clips, topics, rng, now) -> None:
    """Follows, comments, questions, answers, clip requests and visits, busier over time."""
    everyone = [user for user, _plan in created] + list(users.values())
    events = []
    for user, _plan in created:
        joined = user.date_joined
        for topic in rng.sample(topics, k=min(len(topics), rng.randint(1, 3))):
            when = _moment(rng, joined, now)
            follow = TopicFollow.objects.get_or_create(user=user, topic=topic)[0]
            TopicFollow.objects.filter(pk=follow.pk).update(created_at=when)
            events.append(_event(EventKind.TOPIC_FOLLOW, user, when, topic=topic))
        for _ in range(rng.randint(0, 4)):
            other = rng.choice(everyone)
            if other.pk == user.pk:
                continue
            when = _moment(rng, joined, now)
            events.append(_event(EventKind.PROFILE_VISIT, user, when, target_user=other))
            if rng.random() < 0.3:
                events.append(_event(EventKind.PERSON_FOLLOW, user, when, target_user=other))
        for _ in range(rng.randint(0, 3)):
            pk, published, _origin, owner = rng.choice(clips)
            when = _moment(rng, max(joined, published), now)
            kind = rng.choice((EventKind.COMMENT, EventKind.COMMENT, EventKind.QUESTION))
            events.append(_event(kind, user, when, clip_id=pk))
            if kind == EventKind.COMMENT and rng.random() < 0.5:
                events.append(
                    _event(EventKind.REPLY, None, when + datetime.timedelta(hours=5), clip_id=pk)
                )
            # Most questions are answered within a day or two; some still wait.
            if kind == EventKind.QUESTION and rng.random() < 0.7:
                later = when + datetime.timedelta(hours=rng.randint(2, 48))
                events.append(_event(EventKind.ANSWER, None, min(later, now), clip_id=pk))
        if rng.random() < 0.25 and topics:
            topic = rng.choice(topics[-4:])  # the newer topics are the thin ones
            events.append(
                _event(EventKind.CLIP_WANTED_VOTE, user, _moment(rng, joined, now), topic=topic)
            )
    CommunityEvent.objects.bulk_create(events, batch_size=rollup.BATCH)


def _event(kind, actor, when, **about) -> CommunityEvent:
    return CommunityEvent(kind=kind, actor=actor, created_at=when, **about)


def _searches(rng, now) -> None:
    """A year of daily search counts, growing with the community, and the empty ones."""
    today = timezone.localtime(now).date()
    rows = []
    for text, weight in SEARCHES.items():
        query = Query.get(text)
        for days_ago in range(YEAR):
            busy = 1 - days_ago / YEAR
            hits = sum(1 for _ in range(weight * 2) if rng.random() < busy * 0.5)
            if hits:
                rows.append(
                    QueryDailyHits(
                        query=query, date=today - datetime.timedelta(days=days_ago), hits=hits
                    )
                )
    QueryDailyHits.objects.bulk_create(rows, batch_size=rollup.BATCH)
    for text in ("forklift licence", "expenses in spanish"):
        hits = sum(r.hits for r in rows if r.query.query_string == text)
        QueryOutcome.objects.update_or_create(
            query=Query.get(text),
            defaults={"last_result_count": 0, "zero_result_hits": hits, "last_searched_at": now},
        )


def _demo_dates(users: dict, now) -> None:
    """Demo people joined before they first watched and climbed when their ratings said so."""
    if not users:
        return
    User = get_user_model()
    first_view = dict(
        ClipView.objects.filter(user__in=users.values())
        .order_by()
        .values_list("user")
        .annotate(first=Min("created_at"))
    )
    fifth_rating = {}
    for pk in [u.pk for u in users.values()]:
        times = list(
            Rating.objects.filter(user_id=pk)
            .order_by("created_at")
            .values_list("created_at", flat=True)[:RATINGS_TO_CONTRIBUTE]
        )
        if len(times) == RATINGS_TO_CONTRIBUTE:
            fifth_rating[pk] = times[-1]
    first_clip = dict(
        ClipPage.objects.filter(origin=ClipOrigin.COMMUNITY, owner__in=users.values())
        .order_by()
        .values_list("owner")
        .annotate(first=Min("first_published_at"))
    )
    for user in users.values():
        first = min(
            [t for t in (first_view.get(user.pk), first_clip.get(user.pk)) if t is not None],
            default=now,
        )
        joined = max(first - datetime.timedelta(days=7), now - datetime.timedelta(days=YEAR))
        User.objects.filter(pk=user.pk).update(date_joined=joined)
        contributor = fifth_rating.get(user.pk) or joined + datetime.timedelta(days=14)
        moments = {
            Level.EDITOR: joined + datetime.timedelta(hours=1),
            Level.CONTRIBUTOR: contributor,
            Level.TRUSTED: max(contributor, first_clip.get(user.pk) or contributor)
            + datetime.timedelta(days=1),
        }
        for level, when in moments.items():
            LevelChange.objects.filter(user=user, to_level=level).update(created_at=min(when, now))


def _review_history(users: dict, clips, rng) -> None:
    """Community clips that went live without a workflow get the review they would have had."""
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    tasks = {t.name: t for t in Task.objects.filter(name__in=(PEER_REVIEW, EDITORIAL_APPROVAL))}
    reviewer, editor = users.get("trusted"), users.get("editor")
    if workflow is None or len(tasks) < 2 or reviewer is None or editor is None:
        return
    reviewed = set(
        WorkflowState.objects.filter(workflow=workflow).values_list("object_id", flat=True)
    )
    pages = ClipPage.objects.filter(
        pk__in=[pk for pk, _p, origin, _o in clips if origin == ClipOrigin.COMMUNITY]
    ).exclude(pk__in=[int(pk) for pk in reviewed if pk.isdigit()])
    for page in pages:
        if page.first_published_at is None:
            continue
        published = page.first_published_at
        asked = published - datetime.timedelta(hours=rng.randint(30, 120))
        # What the reviewers saw; the page's own revision pointers stay as the seed left them.
        revision = Revision.objects.create(
            content_type=page.content_type,
            base_content_type=page.get_base_content_type(),
            object_id=str(page.pk),
            object_str=page.title,
            content=page.serializable_data(),
            user_id=page.owner_id,
        )
        Revision.objects.filter(pk=revision.pk).update(created_at=asked)
        state = WorkflowState.objects.create(
            content_type=page.content_type,
            base_content_type=page.get_base_content_type(),
            object_id=str(page.pk),
            workflow=workflow,
            status=WorkflowState.STATUS_APPROVED,
            requested_by_id=page.owner_id,
        )
        WorkflowState.objects.filter(pk=state.pk).update(created_at=asked)
        steps = []
        start = asked
        if rng.random() < 0.35:  # sent back once, then resubmitted
            back = start + datetime.timedelta(hours=rng.randint(4, 30))
            steps.append((PEER_REVIEW, TaskState.STATUS_REJECTED, start, back, reviewer))
            start = back + datetime.timedelta(hours=rng.randint(2, 12))
        middle = start + (published - start) * rng.uniform(0.3, 0.7)
        steps.append((PEER_REVIEW, TaskState.STATUS_APPROVED, start, middle, reviewer))
        steps.append((EDITORIAL_APPROVAL, TaskState.STATUS_APPROVED, middle, published, editor))
        last = None
        for name, status, began, ended, who in steps:
            last = TaskState.objects.create(
                workflow_state=state,
                revision=revision,
                task=tasks[name],
                status=status,
                finished_by=who,
            )
            TaskState.objects.filter(pk=last.pk).update(started_at=began, finished_at=ended)
        WorkflowState.objects.filter(pk=state.pk).update(current_task_state=last)


def _stats_refresh(clip_ids: list[int]) -> None:
    """Each clip's counters from its rows, after the history added some."""
    views = {
        row["clip"]: (row["n"], row["last"])
        for row in ClipView.objects.filter(clip_id__in=clip_ids)
        .order_by()
        .values("clip")
        .annotate(n=Count("pk"), last=Max("created_at"))
    }
    ratings = {
        row["clip"]: (row["n"], row["total"], row["last"])
        for row in Rating.objects.filter(clip_id__in=clip_ids)
        .order_by()
        .values("clip")
        .annotate(n=Count("pk"), total=Sum("score"), last=Max("updated_at"))
    }
    rows = list(ClipStats.objects.filter(clip_id__in=clip_ids))
    for row in rows:
        row.view_count, viewed = views.get(row.clip_id, (0, None))
        row.rating_count, row.rating_sum, rated = ratings.get(row.clip_id, (0, 0, None))
        moments = [t for t in (viewed, rated) if t is not None]
        row.last_activity_at = max(moments) if moments else None
    ClipStats.objects.bulk_update(
        rows,
        ["view_count", "rating_count", "rating_sum", "last_activity_at"],
        batch_size=rollup.BATCH,
    )
