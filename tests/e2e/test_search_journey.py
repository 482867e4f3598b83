"""Search journeys: the header type-ahead by keyboard, and a caption line that opens the moment."""

import pytest

from tests.factories import clip_make

pytestmark = pytest.mark.e2e

PHRASE_CAPTIONS = """WEBVTT

00:00:00.000 --> 00:00:01.200
Welcome to the retro.

00:00:01.200 --> 00:00:02.000
Now the marmalade protocol begins.
"""


def test_two_letters_in_the_header_box_suggest_clips_and_the_keyboard_opens_one(page, demo_hub):
    clip = demo_hub.clips[0]  # "Onboarding: part 1"
    page.goto("/")
    box = page.get_by_role("combobox", name="Search clips, topics and people")
    box.press_sequentially("On", delay=60)
    listbox = page.get_by_role("listbox", name="Suggestions")
    listbox.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    options = listbox.get_by_role("option")
    titles = options.all_inner_texts()
    assert any(clip.title in text for text in titles), titles

    # Down to the clip's option by keyboard; the box names it as the active descendant.
    for _ in range(options.count()):
        box.press("ArrowDown")
        active_id = box.get_attribute("aria-activedescendant")
        active = page.locator(f"#{active_id}")
        assert active.get_attribute("aria-selected") == "true"
        if clip.title in active.inner_text():
            break
    else:
        raise AssertionError(f"{clip.title!r} was never reachable by keyboard")
    box.press("Enter")
    page.wait_for_url(f"**{clip.url}")
    assert page.locator("h1").inner_text() == clip.title
    assert page.console_errors == []


def test_escape_closes_the_suggestions_and_enter_then_searches(page, demo_hub):
    page.goto("/")
    box = page.get_by_role("combobox", name="Search clips, topics and people")
    box.press_sequentially("part", delay=40)
    page.get_by_role("listbox", name="Suggestions").wait_for(state="visible")
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert page.get_by_role("listbox", name="Suggestions").is_hidden()
    box.press("Enter")
    page.wait_for_url("**/search/?q=part")
    assert page.locator(".clip-card").count() == len(demo_hub.clips)


def test_a_phrase_said_in_a_clip_opens_the_video_at_that_moment(page, demo_hub, sample_video):
    clip = clip_make(demo_hub.topics[1], sample_video, title="Team retro", captions=PHRASE_CAPTIONS)
    page.goto("/")
    box = page.get_by_role("combobox", name="Search clips, topics and people")
    box.fill("marmalade protocol")
    box.press("Enter")
    page.wait_for_url("**/search/?q=marmalade+protocol")
    hit = page.locator(".caption-hit a")
    assert hit.count() == 1
    assert "Said at 0:01" in hit.inner_text()
    assert "Now the marmalade protocol begins." in hit.inner_text()
    hit.click()
    page.wait_for_url(f"**{clip.url}#t=1.2")
    page.wait_for_function(
        "() => { const v = document.querySelector('#clip-video');"
        " return v && v.readyState >= 1 && Math.abs(v.currentTime - 1.2) < 0.25; }"
    )
    assert page.console_errors == []
