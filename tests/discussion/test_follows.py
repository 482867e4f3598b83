"""Following people: their new clips on your home page, next to followed topics."""

import pytest

from contributions.models import CommunityEvent, EventKind, PersonFollow
from tests.factories import clip_make

pytestmark = pytest.mark.django_db


def test_following_a_person_puts_their_new_clips_in_your_home_feed(
    client, topic, presenter, learner
):
    clip_make(topic, title="By Pat", presenter=presenter)
    clip_make(topic, title="By someone else")
    client.force_login(learner)
    profile = client.get(f"/people/{presenter.username}/").content.decode()
    assert "Follow" in profile
    assert client.post(f"/people/{presenter.username}/follow/").status_code == 302
    assert PersonFollow.objects.filter(follower=learner, followed=presenter).exists()
    assert CommunityEvent.objects.filter(kind=EventKind.PERSON_FOLLOW, actor=learner).count() == 1
    home = client.get("/me/home/").content.decode()
    assert "New from people you follow" in home
    assert "By Pat" in home and "By someone else" not in home
    assert "Stop following" in client.get(f"/people/{presenter.username}/").content.decode()

    client.post(f"/people/{presenter.username}/follow/", {"action": "unfollow"})
    assert not PersonFollow.objects.exists()


def test_nobody_follows_themselves(client, presenter):
    client.force_login(presenter)
    client.post(f"/people/{presenter.username}/follow/")
    assert not PersonFollow.objects.exists()
