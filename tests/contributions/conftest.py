"""People at each rung of the ladder and a topic, shared by the community tests."""

import pytest

from contributions.models import Level
from tests.contributions.moderation_helpers import person
from tests.factories import topic_make


@pytest.fixture
def topic(db):
    return topic_make("Tools")


@pytest.fixture
def contributor(db):
    return person(Level.CONTRIBUTOR, username="cora", email="cora@example.com")


@pytest.fixture
def trusted(db):
    return person(Level.TRUSTED, username="tess", email="tess@example.com")


@pytest.fixture
def editor(db):
    return person(Level.EDITOR, username="eddie", email="eddie@example.com")
