"""Contributors in a real browser: preview, caption editor and search, cancelling an upload.

Also the README's pictures of the review screen and of a contributor's numbers
(``make screenshots`` writes them to docs/screenshots/).
"""

import os
from pathlib import Path

import pytest
from django.utils import timezone

from clips.models import ClipOrigin, ClipPage, ClipStats
from contributions.models import ClipView, Level, ReviewSettings, WatchProgress
from tests.contributions.moderation_helpers import act, person, submit
from tests.factories import clip_make

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
VTT = (
    "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nLabel both ends.\n\n"
    "00:00:01.000 --> 00:00:02.000\nUse vinyl tags.\n"
)


def test_a_contributor_fixes_a_caption_and_search_finds_the_new_words(
    page, demo_hub, live_url, login, sample_video
):
    contributor = person(Level.CONTRIBUTOR, username="cora")
    trusted = person(Level.TRUSTED, username="tess")
    editor = person(Level.EDITOR, username="eddie")
    clip = submit(contributor, sample_video, demo_hub.topics[0], title="Cables", captions_vtt=VTT)

    login(page, contributor)
    page.goto(live_url("/"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Contribute").click()
    page.get_by_role("link", name="Watch your video “Cables”").click()  # two clicks from home
    page.wait_for_url(f"**/contribute/{clip.pk}/preview/")
    assert page.locator("video#clip-video").count() == 1
    assert page.get_by_text("Use vinyl tags.").is_visible()

    page.get_by_role("link", name="Edit captions").click()
    line = page.get_by_role("group", name="Line 2")
    line.get_by_label("Text").fill("Use velcro straps.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save captions").click()
    assert page.get_by_text("Captions of “Cables” saved.").is_visible()
    assert page.get_by_text("Use velcro straps.").is_visible()

    act(ClipPage.objects.get(pk=clip.pk), trusted)
    act(ClipPage.objects.get(pk=clip.pk), editor)
    page.goto(live_url("/search/?q=velcro"))
    page.get_by_role("link", name="Cables").first.wait_for()
    assert page.console_errors == []


def test_an_upload_in_progress_can_be_cancelled(page, demo_hub, live_url, login, tmp_path):
    contributor = person(Level.CONTRIBUTOR, username="cora")
    big = tmp_path / "big.mp4"
    big.write_bytes(os.urandom(40 * 1024 * 1024))  # long enough to press cancel mid-way
    login(page, contributor)
    page.goto(live_url("/contribute/new/"))
    page.set_input_files("input[name=video]", str(big))
    page.fill("input[name=title]", "Never sent")
    page.fill("textarea[name=description]", "x")
    page.select_option("select[name=topic]", demo_hub.topics[0].slug)
    # Slow the request down so the cancel happens while it is on its way.
    page.route("**/contribute/new/", lambda route: None)
    page.get_by_role("button", name="Send for review").click()
    page.get_by_role("button", name="Cancel upload").click()
    page.get_by_text("Upload cancelled. Nothing was sent for review.").wait_for()
    assert page.get_by_role("button", name="Send for review").is_enabled()
    assert not ClipPage.objects.filter(title="Never sent").exists()


def test_screenshots_of_the_review_screen_and_a_contributors_numbers(
    page, demo_hub, live_url, login, sample_video
):
    out = Path(os.environ.get("SCREENSHOTS_DIR") or ROOT / "test-results" / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    settings = ReviewSettings.load()
    settings.checklist = "Accurate and up to date\nAppropriate for everyone\nCaptions readable"
    settings.save()
    contributor = person(Level.CONTRIBUTOR, username="cora", first_name="Cora", last_name="Diaz")
    trusted = person(Level.TRUSTED, username="tess", first_name="Tess", last_name="Ng")
    waiting = submit(
        contributor, sample_video, demo_hub.topics[0], title="Labelling cables", captions_vtt=VTT
    )
    act(ClipPage.objects.get(pk=waiting.pk), trusted, comment="Clear and short. Over to editors.")
    editor = person(Level.EDITOR, username="eddie")
    for n, title in enumerate(("Coiling cables without knots", "Testing a cable in a minute")):
        clip = clip_make(demo_hub.topics[n], sample_video, title=title, origin=ClipOrigin.COMMUNITY)
        ClipPage.objects.filter(pk=clip.pk).update(owner=contributor)
        now = timezone.now()
        for k in range(0, 40 - 15 * n, 2):  # views spread over the last weeks
            view = ClipView.objects.create(clip=clip, viewer_key=f"v{k % 9}")
            ClipView.objects.filter(pk=view.pk).update(
                created_at=now - timezone.timedelta(days=(k * 7) % 52)
            )
        viewers = [person(Level.LEARNER, username=f"w{n}{k}") for k in range(4)]
        WatchProgress.objects.bulk_create(
            WatchProgress(clip=clip, user=u, position=2, duration=2, completed=k != n)
            for k, u in enumerate(viewers)
        )
        ClipStats.objects.filter(clip=clip).update(
            view_count=20 - 7 * n, rating_count=5 - n, rating_sum=21 - 5 * n
        )

    login(page, editor)
    page.goto(live_url(f"/contribute/review/{waiting.pk}/"))
    page.locator("video#clip-video").evaluate(
        "v => v.readyState >= 1 || new Promise(r => v.addEventListener('loadeddata', r))"
    )
    page.screenshot(path=str(out / "review.png"), full_page=True)

    page.context.clear_cookies()
    login(page, contributor)
    page.goto(live_url("/contribute/"))
    page.locator(".clip-numbers").screenshot(path=str(out / "contributor-numbers.png"))
    for name in ("review.png", "contributor-numbers.png"):
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert page.console_errors == []
