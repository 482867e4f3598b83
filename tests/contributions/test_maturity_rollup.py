"""The daily roll-up: every figure of one crafted day checked by hand, and idempotent backfills."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import TaskState, WorkflowState

from clips.models import ClipOrigin, ClipPage
from contributions.maturity import rollup
from contributions.maturity.models import DailySnapshot, PersonMilestones
from contributions.maturity.tasks import community_rollup_task
from contributions.models import ClipView, EventKind, Level, LevelChange, Rating, WatchProgress
from contributions.moderation.workflow import EDITORIAL_APPROVAL, PEER_REVIEW
from contributions.people.services import event_record, level_set
from tests.contributions.moderation_helpers import act, person, submit
from tests.factories import UserFactory, clip_make

pytestmark = pytest.mark.django_db


def a_past_wednesday() -> datetime.date:
    """The latest Wednesday at least two days ago: its week starts two days before it."""
    day = timezone.localdate() - datetime.timedelta(days=2)
    return day - datetime.timedelta(days=(day.weekday() - 2) % 7)


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def joined(user, when):
    type(user).objects.filter(pk=user.pk).update(date_joined=when)


def promoted(user, level, when):
    level_set(user=user, level=level, reason="Test")
    LevelChange.objects.filter(user=user, to_level=level).update(created_at=when)


def viewed(clip, key, when, user=None):
    view = ClipView.objects.create(clip=clip, viewer_key=key, user=user)
    ClipView.objects.filter(pk=view.pk).update(created_at=when)


def progressed(user, clip, when, *, completed=True):
    row = WatchProgress.objects.create(user=user, clip=clip, position=9, duration=10)
    WatchProgress.objects.filter(pk=row.pk).update(completed=completed, updated_at=when)


def rated(user, clip, when):
    row = Rating.objects.create(user=user, clip=clip, score=4)
    Rating.objects.filter(pk=row.pk).update(created_at=when)


def searched(text, day, times):
    query = Query.get(text)
    for _ in range(times):
        query.add_hit(date=day)


def event(kind, when, actor=None):
    event_record(kind=kind, actor=actor, at=when)


@pytest.fixture
def day(topic, trusted, sample_video, django_capture_on_commit_callbacks):
    """One crafted Wednesday D and the days around it; the figures of D are in the tests.

    People (joined ten days before D unless said): ann (learner), bob (contributor since
    D-2), cy (joined on D), eve (contributor and trusted on D), fay (joins D+1), a
    deactivated account. Tess (the reviewer fixture) joined today, after D.
    """
    d = a_past_wednesday()
    ann = UserFactory(username="ann")
    bob = person(Level.LEARNER, username="bob")
    cy = UserFactory(username="cy")
    eve = UserFactory(username="eve")
    fay = UserFactory(username="fay")
    gone = UserFactory(username="gone", is_active=False)
    for user in (ann, bob, eve, gone):
        joined(user, at(d - datetime.timedelta(days=10)))
    joined(cy, at(d))
    joined(fay, at(d + datetime.timedelta(days=1)))
    promoted(bob, Level.CONTRIBUTOR, at(d - datetime.timedelta(days=2)))
    promoted(eve, Level.CONTRIBUTOR, at(d, 10))
    promoted(eve, Level.TRUSTED, at(d, 11))

    s1 = clip_make(topic, title="Seeded one")
    ClipPage.objects.filter(pk=s1.pk).update(first_published_at=at(d - datetime.timedelta(20)))
    c1 = clip_make(topic, title="Bob's", origin=ClipOrigin.COMMUNITY)
    ClipPage.objects.filter(pk=c1.pk).update(first_published_at=at(d), owner=bob)
    s2 = clip_make(topic, title="Seeded later")
    ClipPage.objects.filter(pk=s2.pk).update(first_published_at=at(d + datetime.timedelta(1)))
    clip_make(topic, title="Draft", publish=False)

    viewed(s1, "a", at(d, 9), ann)
    viewed(s1, "a", at(d, 15), ann)
    viewed(c1, "b", at(d), bob)
    viewed(c1, "x", at(d - datetime.timedelta(days=1)))  # Tuesday: same week
    viewed(s1, "y", at(d - datetime.timedelta(days=3)))  # Sunday: the week before
    progressed(ann, c1, at(d))
    progressed(bob, s1, at(d))
    progressed(cy, s1, at(d), completed=False)
    rated(ann, s1, at(d))
    rated(bob, c1, at(d - datetime.timedelta(days=1)))
    searched("cables", d, 2)
    searched("ladders", d - datetime.timedelta(days=1), 1)
    for kind in (
        EventKind.TOPIC_FOLLOW,
        EventKind.PERSON_FOLLOW,
        EventKind.COMMENT,
        EventKind.REPLY,
        EventKind.QUESTION,
        EventKind.ANSWER,
        EventKind.PROFILE_VISIT,
        EventKind.PROFILE_VISIT,
        EventKind.FLAG,  # not part of any figure
    ):
        event(kind, at(d, 14), ann)
    event(EventKind.TOPIC_FOLLOW, at(d + datetime.timedelta(days=1)), ann)

    with django_capture_on_commit_callbacks(execute=True):
        earlier = submit(bob, sample_video, topic, title="Waits since D-1")
        reviewed = submit(bob, sample_video, topic, title="Reviewed on D")
    act(reviewed, trusted)  # peer review approved: now waiting for the editors
    WorkflowState.objects.filter(object_id=str(earlier.pk)).update(
        created_at=at(d - datetime.timedelta(1))
    )
    TaskState.objects.filter(workflow_state__object_id=str(earlier.pk)).update(
        started_at=at(d - datetime.timedelta(1))
    )
    WorkflowState.objects.filter(object_id=str(reviewed.pk)).update(created_at=at(d))
    TaskState.objects.filter(
        workflow_state__object_id=str(reviewed.pk), task__name=PEER_REVIEW
    ).update(started_at=at(d), finished_at=at(d, 13))
    TaskState.objects.filter(
        workflow_state__object_id=str(reviewed.pk), task__name=EDITORIAL_APPROVAL
    ).update(started_at=at(d, 13))
    return {"d": d, "ann": ann, "bob": bob, "cy": cy, "eve": eve, "fay": fay}


def figures(snapshot, *names):
    return {name: getattr(snapshot, name) for name in names}


def test_the_ladder_is_counted_as_at_the_end_of_the_day(day):
    d = day["d"]
    rollup.milestones_refresh()

    on_d = rollup.day_rollup(d)
    before = rollup.day_rollup(d - datetime.timedelta(days=1))

    # ann, bob, cy, eve (fay joins tomorrow, tess today, the deactivated account never counts)
    assert figures(on_d, "people", "learners", "contributors", "trusted", "editors") == {
        "people": 4,
        "learners": 2,  # ann, cy
        "contributors": 1,  # bob
        "trusted": 1,  # eve, promoted twice on D
        "editors": 0,
    }
    assert figures(on_d, "new_people", "new_contributors", "new_trusted") == {
        "new_people": 1,  # cy
        "new_contributors": 1,  # eve (bob was promoted two days before)
        "new_trusted": 1,  # eve
    }
    assert figures(before, "people", "learners", "contributors", "trusted") == {
        "people": 3,
        "learners": 2,  # ann, eve
        "contributors": 1,
        "trusted": 0,
    }


def test_people_to_content_figures_of_the_day(day):
    rollup.milestones_refresh()

    on_d = rollup.day_rollup(day["d"])

    assert figures(on_d, "views", "views_community", "viewers_week") == {
        "views": 3,  # ann twice, bob once
        "views_community": 1,  # bob's view of his own clip
        "viewers_week": 3,  # a, b, and x on Tuesday; y watched the week before
    }
    assert (on_d.completed, on_d.completed_community) == (2, 1)  # cy has not finished
    assert on_d.ratings == 1  # bob's was the day before
    assert on_d.searches == 2
    assert (on_d.people_rated, on_d.people_submitted) == (2, 1)  # ann and bob; bob
    assert (on_d.clips_seeded, on_d.clips_community) == (1, 1)  # not tomorrow's, not a draft


def test_people_to_people_and_moderation_figures_of_the_day(day):
    rollup.milestones_refresh()

    on_d = rollup.day_rollup(day["d"])

    assert figures(
        on_d, "follows", "comments", "questions", "answers", "profile_visits", "peer_reviews"
    ) == {
        "follows": 2,  # a topic and a person; tomorrow's follow is not D's
        "comments": 2,  # a comment and a reply
        "questions": 1,
        "answers": 1,
        "profile_visits": 2,
        "peer_reviews": 1,  # Tess approved "Reviewed on D"
    }
    assert on_d.submissions == 1  # the other came the day before
    # "Waits since D-1" in peer review, "Reviewed on D" in editorial approval since 13:00.
    assert on_d.waiting == 2


def test_milestones_hold_when_each_person_first_reached_each_step(day):
    d = day["d"]

    rollup.milestones_refresh()

    bob = PersonMilestones.objects.get(user=day["bob"])
    assert bob.joined_at == at(d - datetime.timedelta(days=10))
    assert bob.watched_at == at(d)
    assert bob.rated_at == at(d - datetime.timedelta(days=1))
    assert bob.contributor_at == at(d - datetime.timedelta(days=2))
    assert bob.submitted_at == at(d - datetime.timedelta(days=1))  # before his clip went live
    assert bob.approved_at == at(d)
    assert bob.trusted_at is None
    eve = PersonMilestones.objects.get(user=day["eve"])
    assert (eve.contributor_at, eve.trusted_at) == (at(d, 10), at(d, 11))
    assert PersonMilestones.objects.get(user=day["cy"]).watched_at is None


def test_backfilling_twice_gives_the_same_rows(day):
    until = day["d"] + datetime.timedelta(days=1)

    rollup.rollup(days=14, until=until)
    first = list(DailySnapshot.objects.values())
    milestones = list(PersonMilestones.objects.order_by("user_id").values())
    rollup.rollup(days=14, until=until)
    second = list(DailySnapshot.objects.values())

    def without_clock(rows):
        return [{k: v for k, v in row.items() if k != "computed_at"} for row in rows]

    assert len(first) == 14
    assert without_clock(second) == without_clock(first)
    assert list(PersonMilestones.objects.order_by("user_id").values()) == milestones


def test_the_command_and_the_task_roll_up_the_days_ending_today(db):
    call_command("community_rollup", "--days", "3", stdout=None)
    assert DailySnapshot.objects.count() == 3
    assert DailySnapshot.objects.last().day == timezone.localdate()

    result = community_rollup_task.enqueue(days=5)

    assert result.return_value == 5
    assert DailySnapshot.objects.count() == 5


def test_the_command_refuses_zero_days(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="at least one day"):
        call_command("community_rollup", "--days", "0")
