"""Three peer reviewers for the discussion tests (the rest of the cast is in tests/conftest.py)."""

import pytest

from contributions.models import Level
from tests.factories import UserFactory


@pytest.fixture
def trusted_people(db):
    return [UserFactory(username=f"trusty{n}", level=Level.TRUSTED) for n in range(3)]
