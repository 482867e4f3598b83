"""The demo's year of community history: it fills every strand, and a second run adds nothing."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from clips.models import ClipOrigin, ClipPage
from contributions.maturity.models import DailySnapshot
from contributions.models import ClipView, CommunityEvent, Rating
from demo.history import YEAR, history_seed
from tests.factories import clip_make, topic_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    now = timezone.now()
    topics = [topic_make("Tools"), topic_make("Safety")]
    for n in range(8):
        clip = clip_make(topics[n % 2], title=f"Clip {n}")
        ClipPage.objects.filter(pk=clip.pk).update(
            first_published_at=now - datetime.timedelta(days=330 - 40 * n),
            origin=ClipOrigin.COMMUNITY if n in (5, 7) else ClipOrigin.SEEDED,
        )
    return topics, now


def counts():
    return (
        get_user_model().objects.count(),
        ClipView.objects.count(),
        Rating.objects.count(),
        CommunityEvent.objects.count(),
    )


def test_a_second_run_adds_nothing_and_rewrites_the_same_snapshots(library):
    topics, now = library

    made = history_seed(users={}, topics=topics, now=now)
    first = counts()
    rows = list(DailySnapshot.objects.values_list("day", "people", "views", "ratings", "follows"))
    again = history_seed(users={}, topics=topics, now=now)

    assert made == 60 and again == 0
    assert counts() == first
    assert (
        list(DailySnapshot.objects.values_list("day", "people", "views", "ratings", "follows"))
        == rows
    )


def test_the_year_has_people_joining_watching_and_talking_throughout(library):
    topics, now = library

    history_seed(users={}, topics=topics, now=now)

    rows = list(DailySnapshot.objects.order_by("day"))
    assert len(rows) == YEAR
    half = len(rows) // 2
    assert rows[half].people < rows[-1].people  # people kept joining
    assert sum(r.views for r in rows[:half]) > 0  # not just lately
    assert sum(r.views for r in rows[half:]) > sum(r.views for r in rows[:half])
    for name in ("ratings", "searches", "follows", "comments", "questions", "profile_visits"):
        assert sum(getattr(r, name) for r in rows) > 0, name
    assert rows[-1].contributors > 0  # some members rated their way up
