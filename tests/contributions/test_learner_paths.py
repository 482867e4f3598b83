"""Learners: the rating that promotes, progress as a bar with words, rating before signing in,
and signing up with a display name."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from contributions.activity.ratings import rating_set
from contributions.models import Level, Profile
from contributions.people.ladder import ladder_progress, thresholds
from contributions.people.services import profile_get
from tests.factories import UserFactory, clip_make, topic_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def clips(db):
    topic = topic_make("Tools")
    return [clip_make(topic, title=f"Clip {n}") for n in range(6)]


def rate_url(clip):
    return reverse("learning:rate", args=[clip.pk])


def test_the_fifth_rating_says_promoted_and_offers_the_upload_form(client, clips):
    learner = UserFactory()
    for clip in clips[:4]:
        rating_set(user=learner, clip=clip, score=4)
    client.force_login(learner)

    answer = client.post(rate_url(clips[4]), {"score": 5}, HTTP_ACCEPT="application/json").json()
    again = client.post(rate_url(clips[5]), {"score": 5}, HTTP_ACCEPT="application/json").json()

    assert answer["promoted"] is True
    assert answer["promotion"]["url"] == reverse("contribute:new")
    assert answer["promotion"]["label"] == "Share your first clip"
    assert again["promoted"] is False and again["promotion"] is None


def test_without_script_the_promotion_lands_on_contribute_with_a_message(client, clips):
    learner = UserFactory()
    for clip in clips[:4]:
        rating_set(user=learner, clip=clip, score=4)
    client.force_login(learner)

    response = client.post(rate_url(clips[4]), {"score": 5}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("contribute:dashboard")
    html = response.content.decode()
    assert "you are a contributor now" in html
    assert "Share your first clip" in html


def test_progress_to_the_next_level_in_words():
    ladder = thresholds()
    learner = Profile(level=Level.LEARNER, ratings_count=2)
    contributor = Profile(level=Level.CONTRIBUTOR, approved_count=1)
    assert ladder_progress(learner, ladder)["words"] == "2 of 5 ratings"
    assert ladder_progress(contributor, ladder)["words"] == "1 of 3 approved clips"
    assert ladder_progress(Profile(level=Level.TRUSTED), ladder) is None


def test_home_and_profile_show_the_progress_bar(client, clips):
    learner = UserFactory(username="lena")
    for clip in clips[:2]:
        rating_set(user=learner, clip=clip, score=4)
    client.force_login(learner)

    home = client.get(reverse("learning:me_home")).content.decode()
    profile = client.get(reverse("learning:profile", args=["lena"])).content.decode()

    for html in (home, profile):
        assert '<progress id="' in html and 'max="5" value="2"' in html
        assert "2 of 5 ratings" in html


def test_a_signed_out_rating_goes_through_sign_in_and_back_with_the_score(client, clips):
    clip = clips[0]
    plain = client.post(rate_url(clip), {"score": 4})
    as_json = client.post(rate_url(clip), {"score": 4}, HTTP_ACCEPT="application/json")

    for location in (plain["Location"], as_json.json()["login_url"]):
        back = parse_qs(urlparse(location).query)["next"][0]
        assert back == f"{clip.url}?rate=4"
    page = client.get(f"{clip.url}?rate=4").content.decode()
    assert f'id="score-{clip.pk}-4" class="star-input" checked' in page
    assert f'id="score-{clip.pk}-3" class="star-input" checked' not in page


def test_sign_up_asks_for_a_display_name_and_an_email(client):
    form = client.get(reverse("account_signup")).content.decode()
    assert 'name="display_name"' in form

    no_email = client.post(
        reverse("account_signup"),
        {
            "username": "nia",
            "display_name": "Nia N.",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
        },
    )
    assert no_email.status_code == 200
    assert not get_user_model().objects.filter(username="nia").exists()

    client.post(
        reverse("account_signup"),
        {
            "username": "nia",
            "email": "nia@example.com",
            "display_name": "Nia N.",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
        },
    )
    user = get_user_model().objects.get(username="nia")
    assert profile_get(user).display_name == "Nia N."
    assert "Nia N." in client.get(reverse("learning:profile", args=["nia"])).content.decode()
