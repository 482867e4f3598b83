"""The first journey: home → a topic → a clip whose video plays with its captions."""

import pytest

pytestmark = pytest.mark.e2e


def test_visitor_goes_from_home_to_a_topic_to_a_clip_that_plays_with_captions(page, demo_hub):
    topic = demo_hub.topics[0]
    clip = next(c for c in demo_hub.clips if c.get_parent().pk == topic.pk)

    page.goto("/")
    page.get_by_role("link", name=topic.title, exact=True).first.click()
    page.wait_for_url(f"**{topic.url}")
    page.get_by_role("link", name=clip.title).first.click()
    page.wait_for_url(f"**{clip.url}")

    video = page.locator("video#clip-video")
    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function(
        "() => document.querySelector('#clip-video').currentTime > 0.3", timeout=8000
    )
    page.wait_for_function(
        "() => { const t = document.querySelector('#clip-video track');"
        " return t && t.readyState === 2 && t.track.cues && t.track.cues.length > 0; }"
    )
    first_cue = video.evaluate("v => v.textTracks[0].cues[0].text")
    assert first_cue == f"Welcome to {clip.title}."
    assert page.console_errors == []
