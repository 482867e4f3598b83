"""Views, watch progress, follows, and the limits on how often they may be sent."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from clips.models import ClipStats
from contributions.activity.services import (
    progress_save,
    topic_follow,
    topic_unfollow,
    view_record,
    viewer_key,
)
from contributions.models import ClipView, Rating, TopicFollow, WatchProgress
from tests.factories import UserFactory, clip_make

JSON = {"HTTP_ACCEPT": "application/json"}
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"


class Clock:
    """Time travel: ``clock.advance(minutes=29)`` moves timezone.now() forward."""

    def __init__(self):
        self.now = timezone.now()

    def advance(self, **delta):
        self.now += timedelta(**delta)

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    travel = Clock()
    with mock.patch("django.utils.timezone.now", travel):
        yield travel


def views_of(clip) -> int:
    return ClipStats.objects.get(pk=clip.pk).view_count


def beacon(client, clip, user_agent=BROWSER, **extra):
    return client.post(
        reverse("learning:view", args=[clip.pk]), HTTP_USER_AGENT=user_agent, **extra
    )


# Views ----------------------------------------------------------------------------------


def test_a_viewer_counts_once_per_clip_within_thirty_minutes_and_again_after(clip, clock):
    key = viewer_key(user_id=7)
    assert view_record(clip=clip, viewer=key) is True
    clock.advance(minutes=29, seconds=59)
    assert view_record(clip=clip, viewer=key) is False
    assert views_of(clip) == 1

    clock.advance(seconds=2)
    assert view_record(clip=clip, viewer=key) is True
    assert views_of(clip) == 2
    assert ClipView.objects.filter(clip=clip).count() == 2


def test_the_view_window_comes_from_settings(clip, clock, settings):
    settings.VIEW_WINDOW_MINUTES = 5
    key = viewer_key(user_id=7)
    view_record(clip=clip, viewer=key)
    clock.advance(minutes=6)
    assert view_record(clip=clip, viewer=key) is True


def test_different_viewers_each_count(clip):
    for user_id in (1, 2, 3):
        view_record(clip=clip, viewer=viewer_key(user_id=user_id))
    view_record(clip=clip, viewer=viewer_key(ip="10.0.0.1", user_agent=BROWSER))
    assert views_of(clip) == 4


def test_the_beacon_counts_a_signed_in_viewer_once_and_sets_last_activity(client, clip, clock):
    user = UserFactory()
    client.force_login(user)

    first = beacon(client, clip, **JSON)
    second = beacon(client, clip, **JSON)

    assert first.json() == {"counted": True}
    assert second.json() == {"counted": False}
    assert views_of(clip) == 1
    assert ClipView.objects.get().user == user
    assert ClipStats.objects.get(pk=clip.pk).last_activity_at == clock.now


def test_anonymous_viewers_behind_one_address_with_other_browsers_count_apart(client, clip):
    beacon(client, clip, REMOTE_ADDR="10.1.1.1")
    beacon(client, clip, REMOTE_ADDR="10.1.1.1")
    beacon(client, clip, user_agent=BROWSER + " Edg/131", REMOTE_ADDR="10.1.1.1")
    assert views_of(clip) == 2


@pytest.mark.parametrize(
    "user_agent",
    ["Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0", "python-requests/2.32", ""],
)
def test_bots_are_not_counted(client, clip, user_agent):
    response = beacon(client, clip, user_agent=user_agent)
    assert response.status_code == 204
    assert views_of(clip) == 0
    assert not ClipView.objects.exists()


def test_the_beacon_needs_post_and_a_live_clip(client, topic, clip):
    assert client.get(reverse("learning:view", args=[clip.pk])).status_code == 405
    draft = clip_make(topic, publish=False)
    assert beacon(client, draft).status_code == 404


# Progress -------------------------------------------------------------------------------


def progress_url(clip):
    return reverse("learning:progress", args=[clip.pk])


def test_progress_is_saved_and_updated_in_one_row(video_clip):
    user = UserFactory()
    progress_save(user=user, clip=video_clip, position=0.5)
    saved = progress_save(user=user, clip=video_clip, position=1.0)

    assert WatchProgress.objects.filter(user=user).count() == 1
    assert saved.position == 1.0
    assert saved.duration == pytest.approx(video_clip.video.duration)
    assert saved.completed is False


def test_a_clip_is_completed_at_ninety_percent_and_stays_completed(video_clip):
    user = UserFactory()
    length = video_clip.video.duration
    assert progress_save(user=user, clip=video_clip, position=length * 0.89).completed is False
    assert progress_save(user=user, clip=video_clip, position=length * 0.9).completed is True
    # Watching the start again later does not undo it.
    assert progress_save(user=user, clip=video_clip, position=0.2).completed is True


def test_the_clips_own_duration_wins_over_what_the_browser_claims(video_clip):
    user = UserFactory()
    saved = progress_save(user=user, clip=video_clip, position=1.0, duration=1.05)
    assert saved.completed is False
    beyond = progress_save(user=user, clip=video_clip, position=500, duration=600)
    assert beyond.position == pytest.approx(video_clip.video.duration)


def test_the_progress_endpoint_saves_for_a_signed_in_viewer(client, clip):
    user = UserFactory()
    client.force_login(user)

    response = client.post(progress_url(clip), {"position": "1.25", "duration": "2"})

    assert response.status_code == 200
    assert response.json() == {"position": 1.25, "completed": False}
    assert WatchProgress.objects.get(user=user, clip=clip).position == 1.25
    me = client.get(reverse("learning:me_clip", args=[clip.pk])).json()
    assert (me["position"], me["completed"]) == (1.25, False)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"position": "-1"},
        {"position": "abc"},
        {"position": "nan"},
        {"position": "inf"},
        {"position": ["1", "2"]},
    ],
    ids=["missing", "negative", "words", "nan", "infinite", "a list"],
)
def test_bad_progress_is_refused_with_a_message_and_saves_nothing(client, clip, data):
    client.force_login(UserFactory())
    response = client.post(progress_url(clip), data, **JSON)
    assert response.status_code == 400
    assert response.json()["error"]
    assert not WatchProgress.objects.exists()


def test_anonymous_progress_is_refused(client, clip):
    response = client.post(progress_url(clip), {"position": "1"})
    assert response.status_code == 401
    assert not WatchProgress.objects.exists()


def test_the_page_without_script_shows_the_same_personal_part(client, video_clip):
    user = UserFactory()
    progress_save(user=user, clip=video_clip, position=1.0)
    assert client.get(reverse("learning:me")).status_code == 302
    client.force_login(user)
    body = client.get(reverse("learning:me")).content.decode()
    assert "Your learning" in body and "Listening well" in body


# Follows --------------------------------------------------------------------------------


def follow_url(topic):
    return reverse("learning:follow", args=[topic.pk])


def test_following_twice_keeps_one_row_and_unfollowing_removes_it(topic):
    user = UserFactory()
    topic_follow(user=user, topic=topic)
    topic_follow(user=user, topic=topic)
    assert TopicFollow.objects.filter(user=user).count() == 1
    assert topic_unfollow(user=user, topic=topic) is True
    assert topic_unfollow(user=user, topic=topic) is False


def test_the_follow_button_follows_and_unfollows_and_says_so(client, topic):
    user = UserFactory()
    client.force_login(user)

    response = client.post(follow_url(topic), {"action": "follow"}, follow=True)
    assert response.redirect_chain == [(topic.url, 302)]
    assert f"You follow “{topic.title}”" in response.content.decode()
    me = client.get(reverse("learning:me_topic", args=[topic.pk])).json()
    assert me == {"authenticated": True, "following": True}

    data = client.post(follow_url(topic), {"action": "unfollow"}, **JSON).json()
    assert data["following"] is False
    assert not TopicFollow.objects.exists()


def test_following_needs_a_sign_in_and_a_known_action(client, topic):
    response = client.post(follow_url(topic), {"action": "follow"})
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={topic.url}"
    client.force_login(UserFactory())
    assert client.post(follow_url(topic), {"action": "explode"}).status_code == 400
    assert not TopicFollow.objects.exists()


def test_topic_pages_offer_the_follow_form_or_a_sign_in_link(client, topic):
    assert "Sign in to follow this topic" in client.get(topic.url).content.decode()
    client.force_login(UserFactory())
    body = client.get(topic.url).content.decode()
    assert f'action="{follow_url(topic)}"' in body
    assert "Follow this topic" in body


def test_without_script_a_tokenless_follow_is_confirmed_on_a_small_page_then_done(topic):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    refused = client.post(follow_url(topic), {"action": "follow"})
    assert refused.status_code == 403
    assert not TopicFollow.objects.exists()
    assert "Please confirm" in refused.content.decode()
    token = str(refused.context["csrf_token"])
    done = client.post(follow_url(topic), {"action": "follow", "csrfmiddlewaretoken": token})
    assert done.status_code == 302 and TopicFollow.objects.count() == 1
    page = client.get(follow_url(topic))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert 'name="action" value="unfollow"' in page.content.decode()


# Throttling -----------------------------------------------------------------------------


def test_below_the_limit_every_rating_is_kept_and_past_it_429(client, topic, settings):
    settings.THROTTLE_RATES = {"rate": {"user": "5/m", "ip": "100/m"}}
    user = UserFactory()
    client.force_login(user)
    clips = [clip_make(topic) for _ in range(6)]

    answers = [
        client.post(reverse("learning:rate", args=[c.pk]), {"score": "4"}, **JSON) for c in clips
    ]

    assert [a.status_code for a in answers] == [200] * 5 + [429]
    assert Rating.objects.filter(user=user).count() == 5
    assert "too often" in answers[-1].json()["error"]
    assert answers[-1]["Retry-After"] == "60"


def test_the_per_address_limit_is_shared_by_everyone_behind_it(client, clip, settings):
    settings.THROTTLE_RATES = {"view": {"user": "100/m", "ip": "3/m"}}
    codes = []
    for n in range(4):
        client.force_login(UserFactory(username=f"colleague{n}"))
        codes.append(beacon(client, clip, REMOTE_ADDR="192.0.2.7").status_code)
    assert codes == [204, 204, 204, 429]
    assert views_of(clip) == 3


def test_progress_past_the_limit_answers_429_as_text_for_people(client, clip, settings):
    settings.THROTTLE_RATES = {"progress": {"user": "2/m", "ip": "100/m"}}
    client.force_login(UserFactory())
    codes = [client.post(progress_url(clip), {"position": str(n)}).status_code for n in (1, 2)]
    over = client.post(progress_url(clip), {"position": "1.5"})
    assert codes == [200, 200]
    assert over.status_code == 429
    assert "too often" in over.content.decode()
    assert WatchProgress.objects.get().position == 2.0


def test_without_javascript_the_follow_page_shows_that_you_follow_and_offers_to_unfollow(
    client, topic
):
    """The topic page is the same for everyone; its plain form's own page shows your state."""
    client.force_login(UserFactory())

    response = client.post(follow_url(topic), {"action": "follow"}, follow=True)
    assert "You follow" in response.content.decode()  # the message, back on the topic page
    body = client.get(follow_url(topic)).content.decode()
    assert 'name="action" value="unfollow"' in body
    assert "Stop following this topic</button>" in body
    client.post(follow_url(topic), {"action": "unfollow"})
    body = client.get(follow_url(topic)).content.decode()
    assert 'name="action" value="follow"' in body
    assert ">Follow this topic</button>" in body
    assert not TopicFollow.objects.exists()
