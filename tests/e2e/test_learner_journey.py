"""A learner's journey: sign up, rate a clip with the stars, come back to where they stopped."""

import time

import pytest
from playwright.sync_api import expect

from clips.models import ClipStats
from clips.video import generate_demo_video
from contributions.models import Rating, WatchProgress
from tests.factories import clip_make, topic_make

pytestmark = pytest.mark.e2e


@pytest.fixture
def long_clip(transactional_db, tmp_path):
    """An 8 s clip, so a few seconds of playing leave it unfinished (completion is at 90%)."""
    video = tmp_path / "first-week.mp4"
    generate_demo_video(video, "Your first week", seconds=8.0, size=(160, 90), fps=10)
    return clip_make(topic_make("Onboarding"), video, title="Your first week")


def test_a_newcomer_rates_a_clip_in_place_and_continues_watching_where_they_stopped(
    page, long_clip
):
    clip = long_clip

    # Sign up through the real allauth form; it signs the newcomer in.
    page.goto("/accounts/signup/")
    page.fill("input[name=username]", "newcomer")
    page.fill("input[name=email]", "newcomer@example.com")
    page.fill("input[name=display_name]", "Nia Newcomer")
    page.fill("input[name=password1]", "a-Long-pass-phrase-42")
    page.fill("input[name=password2]", "a-Long-pass-phrase-42")
    with page.expect_navigation():
        page.locator("form:has(input[name=password2]) [type=submit]").click()
    assert "/accounts/signup/" not in page.url
    # The header's account menu names the newcomer by the display name they just chose.
    account = page.get_by_role("navigation", name="Account")
    expect(account.get_by_role("link", name="Nia Newcomer")).to_be_visible()

    # Rate with the star control: the summary changes without a reload.
    page.goto(clip.url)
    summary = page.locator("#rating-summary")
    expect(summary).to_have_text("not rated")
    expect(page.locator("[data-ladder-step]")).to_have_text(
        "You have rated 0 clips; rate 5 more clips to start contributing."
    )
    page.evaluate("window.stillTheSamePage = true")
    page.locator("label", has_text="Rate 4 out of 5").click()
    expect(summary).to_have_text("4.0 ★ from 1 rating")
    expect(page.locator("[data-rating-status]")).to_have_text("You rated this clip 4 out of 5.")
    expect(page.locator("[data-ladder-step]")).to_have_text(
        "You have rated 1 clip; rate 4 more clips to start contributing."
    )
    assert page.evaluate("window.stillTheSamePage") is True
    assert Rating.objects.get(clip=clip).score == 4

    # A reload shows the same rating, from the server.
    page.reload()
    expect(page.get_by_label("Rate 4 out of 5")).to_be_checked()
    expect(summary).to_have_text("4.0 ★ from 1 rating")

    # Play a few seconds, pause (the player saves the place), leave for the home page.
    video = page.locator("video#clip-video")
    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function("() => document.querySelector('#clip-video').currentTime > 2.5")
    with page.expect_response(
        lambda r: r.url.endswith(f"/clips/{clip.pk}/progress/") and r.request.method == "POST"
    ) as saved:
        video.evaluate("v => v.pause()")
    position = saved.value.json()["position"]
    assert 2.5 < position < 7.2
    assert WatchProgress.objects.get(clip=clip).completed is False
    page.goto("/")

    # "Continue watching" offers the clip at the saved position, and resumes there.
    resume = page.locator("#home-personal").get_by_role("link", name=clip.title)
    expect(resume).to_be_visible()
    href = resume.get_attribute("href")
    assert href.startswith(f"{clip.url}#t=")
    assert float(href.rsplit("=", 1)[1]) == pytest.approx(position, abs=0.051)
    resume.click()
    page.wait_for_url(f"**{clip.url}#t=*")
    page.wait_for_function(
        f"() => Math.abs(document.querySelector('#clip-video').currentTime - {position}) < 0.3"
    )
    # The play counted one view (from the beacon, so cached pages count too); the page's own
    # figure is a cached statistic, at most PAGE_CACHE_SECONDS old, as the issue allows.
    assert ClipStats.objects.get(clip=clip).view_count == 1

    # Leaving while it plays saves the place too (sendBeacon on pagehide).
    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function(
        f"() => document.querySelector('#clip-video').currentTime > {position + 1.5}"
    )
    page.goto("/topics/")
    assert wait_until(lambda: WatchProgress.objects.get(clip=clip).position > position + 1.4)
    assert page.console_errors == []


def wait_until(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()
