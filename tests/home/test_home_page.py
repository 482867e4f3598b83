"""The home page: its shared listings, and the personal part (/me/home/) it loads for you."""

import pytest
from django.urls import reverse

from contributions.activity.ratings import rating_set
from contributions.activity.services import progress_save, topic_follow
from contributions.people.services import profile_update
from tests.factories import UserFactory, clip_make, topic_make

pytestmark = pytest.mark.django_db


def test_continue_watching_offers_unfinished_clips_at_their_position(client, topic, video_clip):
    user = UserFactory()
    other = clip_make(topic, title="Asking questions")
    finished = clip_make(topic, title="Closing the call")
    progress_save(user=user, clip=video_clip, position=1.2)
    progress_save(user=user, clip=other, position=40, duration=100)
    progress_save(user=user, clip=finished, position=95, duration=100)
    progress_save(user=UserFactory(), clip=finished, position=10, duration=100)
    client.force_login(user)

    body = client.get(reverse("learning:me_home")).content.decode()

    assert "Continue watching" in body
    assert f'href="{video_clip.url}#t=1.2"' in body
    assert f'href="{other.url}#t=40.0"' in body
    assert "Closing the call" not in body
    assert body.index("Asking questions") < body.index("Listening well")  # most recent first


def test_the_home_fragment_is_empty_for_visitors_and_the_home_page_has_its_slot(client, clip):
    assert client.get(reverse("learning:me_home")).content == b""
    client.force_login(UserFactory())
    home = client.get("/").content.decode()
    assert 'id="home-personal"' in home
    assert f'data-src="{reverse("learning:me_home")}"' in home


def test_the_home_page_shows_new_clips_from_followed_topics_only(client, topic):
    followed_clip = clip_make(topic, title="Handling objections")
    elsewhere = topic_make("Working with data")
    clip_make(elsewhere, title="Pivot tables")
    user = UserFactory()
    topic_follow(user=user, topic=topic)
    client.force_login(user)

    body = client.get(reverse("learning:me_home")).content.decode()

    assert "New in topics you follow" in body
    assert followed_clip.title in body
    assert "Pivot tables" not in body


def test_the_followed_feed_takes_the_same_queries_for_more_topics_and_clips(
    client, db, django_assert_max_num_queries
):
    user = UserFactory()
    client.force_login(user)
    first = topic_make("One")
    clip_make(first)
    topic_follow(user=user, topic=first)
    progress_save(user=user, clip=clip_make(first), position=3, duration=10)
    client.get(reverse("learning:me_home"))  # warm the site-root cache
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("learning:me_home"))
    for n in range(4):
        more = topic_make(f"More {n}")
        topic_follow(user=user, topic=more)
        for _ in range(2):
            progress_save(user=user, clip=clip_make(more), position=3, duration=10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("learning:me_home"))


def test_recent_activity_on_the_home_page_names_who_rated_what_but_never_the_score(client, topic):
    clip = clip_make(topic, title="Handling objections")
    rater = UserFactory(username="sam")
    profile_update(user=rater, display_name="Sam the Reviewer", bio="")
    rating_set(user=rater, clip=clip, score=1)

    body = client.get("/").content.decode()
    activity = body.split('id="activity-heading"', 1)[1].split("</section>", 1)[0]

    assert "Sam the Reviewer" in activity and "Handling objections" in activity
    assert "out of 5" not in activity
    assert ">1<" not in activity and " 1 " not in activity
