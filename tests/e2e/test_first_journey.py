"""The first journey: home → a topic → a clip whose video plays with its captions."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from clips.models import ClipPage
from hub.people import person_name

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
ALL_IMAGES_LOADED = "() => [...document.images].every(img => img.complete && img.naturalWidth > 0)"
NO_HORIZONTAL_SCROLL = (
    "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
)


def play_until(page, seconds: float) -> None:
    """Start the clip's video muted and wait until it has really played ``seconds``."""
    page.locator("video#clip-video").evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function(
        f"() => document.querySelector('#clip-video').currentTime > {seconds}", timeout=8000
    )


def test_visitor_goes_from_home_to_a_topic_to_a_clip_that_plays_with_captions(page, demo_hub):
    topic = demo_hub.topics[0]
    clip = next(c for c in demo_hub.clips if c.get_parent().pk == topic.pk)
    video_statuses = []
    page.on(
        "response",
        lambda r: (
            video_statuses.append((r.status, r.headers.get("content-range")))
            if "/video/" in r.url
            else None
        ),
    )

    page.goto("/")
    page.get_by_role("link", name=topic.title, exact=True).first.click()
    page.wait_for_url(f"**{topic.url}")
    page.get_by_role("link", name=clip.title).first.click()
    page.wait_for_url(f"**{clip.url}")

    play_until(page, 0.3)
    page.wait_for_function(
        "() => { const t = document.querySelector('#clip-video track');"
        " return t && t.readyState === 2 && t.track.cues && t.track.cues.length > 0; }"
    )
    video = page.locator("video#clip-video")
    assert video.evaluate("v => v.textTracks[0].cues[0].text") == f"Welcome to {clip.title}."
    assert video.evaluate("v => v.error") is None
    # Chromium fetched the video with Range requests, and the server answered them.
    assert any(status == 206 and (rng or "").startswith("bytes ") for status, rng in video_statuses)
    assert page.console_errors == []


def test_home_topic_and_clip_pages_fit_a_320px_screen_without_horizontal_scroll(page, demo_hub):
    page.set_viewport_size({"width": 320, "height": 640})
    clip = demo_hub.clips[0]
    for url in ("/", "/topics/", demo_hub.topics[0].url, clip.url):
        page.goto(url)
        assert page.evaluate(NO_HORIZONTAL_SCROLL), f"{url} scrolls sideways at 320 px"
    player_width = page.locator("video#clip-video").evaluate("v => v.getBoundingClientRect().width")
    assert 0 < player_width <= 320


def test_screenshots_of_a_seeded_hub_show_every_poster_and_a_playing_clip(page):
    """Also the README's pictures: ``make screenshots`` writes them to docs/screenshots/."""
    call_command("seed_hub", clips=16, video_seconds=4, workers=2, verbosity=0)
    out = Path(os.environ.get("SCREENSHOTS_DIR") or ROOT / "test-results" / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto("/")
    page.wait_for_function(ALL_IMAGES_LOADED)
    assert page.locator(".clip-card img").count() >= 8
    page.screenshot(path=str(out / "home.png"))

    clip = ClipPage.objects.live().filter(stats__rating_count__gt=0).order_by("pk").first()
    page.goto(clip.url)
    play_until(page, 1.2)
    page.locator("video#clip-video").evaluate("v => v.pause()")
    page.wait_for_function(ALL_IMAGES_LOADED)
    page.screenshot(path=str(out / "clip.png"))

    for name in ("home.png", "clip.png"):
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert page.console_errors == []


def test_a_person_signs_in_through_the_login_form_and_the_header_names_them(page, demo_hub, login):
    learner = demo_hub.users["learner"]
    login(page, learner)
    page.goto(demo_hub.clips[0].url)
    account = page.get_by_role("navigation", name="Account")
    # The cached page's menu becomes yours once /me/ answers (account.js): wait for it.
    # It names them as the rest of the site does: the display name, not the username.
    expect(account.get_by_role("link", name=person_name(learner))).to_be_visible()
    assert person_name(learner) != learner.username
    expect(account.get_by_role("button", name="Log out")).to_be_visible()

    stranger = page.context.browser.new_context()
    try:
        with pytest.raises(AssertionError, match="Login failed"):
            login(stranger.new_page(), learner, password="wrong-one")
    finally:
        stranger.close()
