"""Bugs found walking the journeys, fixed in the browser: following a topic, keyboard stars."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from contributions.models import Rating, TopicFollow
from tests.factories import UserFactory, clip_make, topic_make

pytestmark = pytest.mark.e2e


@pytest.fixture
def topic_with_clip(transactional_db):
    topic = topic_make("Onboarding", summary="Your first weeks.")
    return topic, clip_make(topic, title="Your first day")


def test_following_a_topic_with_javascript_saves_and_the_button_says_so(
    page, login, topic_with_clip
):
    topic, _clip = topic_with_clip
    learner = UserFactory(username="learner")
    login(page, learner)
    page.goto(topic.url)
    button = page.locator("[data-follow-button]")
    expect(button).to_have_text("Follow this topic")
    page.evaluate("window.stillTheSamePage = true")

    button.click()

    expect(button).to_have_text("Following ✓ (unfollow)")
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-follow-status]")).to_contain_text("You follow “Onboarding”")
    assert page.evaluate("window.stillTheSamePage") is True  # done in place, not by a reload
    assert TopicFollow.objects.filter(user=learner, topic=topic).exists()

    button.click()

    expect(button).to_have_text("Follow this topic")
    expect(page.locator("[data-follow-status]")).to_contain_text("You no longer follow")
    assert not TopicFollow.objects.filter(user=learner, topic=topic).exists()
    assert page.console_errors == []


def test_arrow_keys_move_between_stars_and_only_enter_saves_the_rating(
    page, login, topic_with_clip
):
    _topic, clip = topic_with_clip
    learner = UserFactory(username="learner")
    login(page, learner)
    page.goto(clip.url)
    status = page.locator("[data-rating-status]")
    posts = []
    page.on(
        "request",
        lambda r: posts.append(r.url) if r.method == "POST" and "/rate/" in r.url else None,
    )
    page.wait_for_function("() => document.querySelector('[data-rating].is-signed-in')")

    page.get_by_label("Rate 1 out of 5").focus()
    page.keyboard.press("Space")  # choose the first star
    expect(status).to_have_text("You rated this clip 1 out of 5.")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(page.get_by_label("Rate 4 out of 5")).to_be_checked()
    expect(status).to_have_text("4 out of 5 chosen: press Enter or Save rating to save it.")
    assert len(posts) == 1  # passing 2 and 3 on the way posted nothing
    assert Rating.objects.get(user=learner, clip=clip).score == 1

    page.keyboard.press("Enter")

    expect(status).to_have_text("You rated this clip 4 out of 5.")
    expect(page.locator("#rating-summary")).to_have_text("4.0 ★ from 1 rating")
    assert len(posts) == 2
    assert Rating.objects.get(user=learner, clip=clip).score == 4

    page.keyboard.press("ArrowLeft")  # to 3, then the Save button
    expect(page.get_by_label("Rate 3 out of 5")).to_be_checked()
    page.get_by_role("button", name="Save rating").click()
    expect(status).to_have_text("You rated this clip 3 out of 5.")
    assert len(posts) == 3
    assert Rating.objects.get(user=learner, clip=clip).score == 3


def test_a_click_on_a_star_still_saves_at_once(page, login, topic_with_clip):
    _topic, clip = topic_with_clip
    learner = UserFactory(username="learner")
    login(page, learner)
    page.goto(clip.url)
    page.wait_for_function("() => document.querySelector('[data-rating].is-signed-in')")

    page.locator("label", has_text="Rate 5 out of 5").click()

    expect(page.locator("[data-rating-status]")).to_have_text("You rated this clip 5 out of 5.")
    assert Rating.objects.get(user=learner, clip=clip).score == 5


def test_a_follow_clicked_before_me_answers_is_not_undone_by_its_late_answer(
    page, login, topic_with_clip
):
    """/me/ is asked at load; a person quicker than its answer keeps what they chose."""
    topic, _clip = topic_with_clip
    learner = UserFactory(username="learner")
    login(page, learner)
    held = []

    def hold(route):  # the answer as it was at load (not following), delivered late
        held.append((route, route.fetch()))

    page.route(lambda url: urlsplit(url).path == reverse("learning:me"), hold)
    page.goto(topic.url)
    button = page.locator("[data-follow-button]")
    button.click()
    expect(button).to_have_text("Following ✓ (unfollow)")
    assert len(held) == 1 and held[0][1].json()["topic"]["following"] is False

    route, answer = held[0]
    route.fulfill(response=answer)
    expect(page.locator("[data-follow-signed-out]")).to_be_hidden()  # /me/ was applied
    expect(button).to_have_text("Following ✓ (unfollow)")
    assert TopicFollow.objects.filter(user=learner, topic=topic).exists()
