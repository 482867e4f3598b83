"""A topic with a presenter's clip, and people at each rung of the ladder."""

import pytest
from django.core.cache import cache

from contributions.models import Level
from tests.contributions.moderation_helpers import person
from tests.factories import clip_make, topic_make


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def topic(db):
    return topic_make("Onboarding")


@pytest.fixture
def presenter(db):
    return person(Level.CONTRIBUTOR, username="pat", email="pat@example.com")


@pytest.fixture
def clip(topic, presenter):
    return clip_make(topic, title="Your first day", presenter=presenter)


@pytest.fixture
def learner(db):
    return person(Level.LEARNER, username="lee", email="lee@example.com")


@pytest.fixture
def contributor(db):
    return person(Level.CONTRIBUTOR, username="cora", email="cora@example.com")


@pytest.fixture
def trusted_people(db):
    return [
        person(Level.TRUSTED, username=f"trusty{n}", email=f"trusty{n}@example.com")
        for n in range(3)
    ]


@pytest.fixture
def editor(db):
    return person(Level.EDITOR, username="eddie", email="eddie@example.com")
