"""Reviewers in a real browser: from the site header to a decision, by keyboard, at 320 px."""

import pytest

from clips.models import ClipPage
from contributions.models import Level
from tests.contributions.moderation_helpers import person, submit

pytestmark = pytest.mark.e2e

VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nLabel both ends of every cable.\n"

NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def submissions(demo_hub, sample_video):
    """Two contributors' submissions waiting in peer review, the first one older."""
    topic = demo_hub.topics[0]
    older = submit(
        person(Level.CONTRIBUTOR, username="ann"),
        sample_video,
        topic,
        title="Older: labelling cables",
        captions_vtt=VTT,
    )
    newer = submit(
        person(Level.CONTRIBUTOR, username="ben"), sample_video, topic, title="Newer: coiling"
    )
    return ClipPage.objects.get(pk=older.pk), ClipPage.objects.get(pk=newer.pk)


def test_a_trusted_contributor_reviews_from_the_header_and_lands_on_the_next(
    page, browser, demo_hub, live_url, login, sample_video, axe
):
    older, newer = submissions(demo_hub, sample_video)
    trusted = person(Level.TRUSTED, username="tess")
    editor = person(Level.EDITOR, username="eddie")

    login(page, trusted)
    page.goto(live_url("/"))
    header_link = page.get_by_role("link", name="Review: 2 submissions waiting for you")
    header_link.click()  # click 1: the queue
    page.wait_for_url("**/contribute/review/")
    items = page.locator(".review-list li")
    assert items.nth(0).inner_text().startswith("Older: labelling cables")
    page.get_by_role("link", name="Older: labelling cables").click()  # click 2: the submission

    page.wait_for_url(f"**/contribute/review/{older.pk}/")
    assert page.locator("video#clip-video track[kind=captions]").count() == 1
    assert page.get_by_text("Label both ends of every cable.").is_visible()
    assert axe(page) == []
    meta = page.locator(".submission-meta").inner_text()
    assert "Contributed by" in meta and "(Contributor)" in meta
    # The checklist and the decision by keyboard alone.
    page.get_by_label("Accurate").focus()
    page.keyboard.press("Space")
    assert page.get_by_label("Accurate").is_checked()
    page.get_by_role("button", name="Approve").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # click 3: the decision

    page.wait_for_url(f"**/contribute/review/{newer.pk}/")
    assert page.get_by_text("Approved: now waiting for editorial approval.").is_visible()

    page.set_viewport_size({"width": 320, "height": 700})
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert page.get_by_role("button", name="Request changes").is_visible()
    assert page.console_errors == []

    # The editor approves the second stage the same way, and the clip is published.
    context = browser.new_context(base_url=live_url.base)
    tab = context.new_page()
    try:
        login(tab, editor)
        tab.goto(live_url("/"))
        # Editors review at both stages: the newer one waits in peer review.
        tab.get_by_role("link", name="Review: 2 submissions waiting for you").click()
        tab.get_by_role("combobox", name="Stage").select_option("Editorial approval")
        with tab.expect_navigation():
            tab.get_by_role("button", name="Filter").click()
        assert tab.locator(".review-list li").count() == 1
        tab.get_by_role("link", name="Older: labelling cables").click()
        assert tab.get_by_text("Peer review").first.is_visible()  # the history
        with tab.expect_navigation():
            tab.get_by_role("button", name="Approve").click()
        assert tab.get_by_text("Approved and published").is_visible()
        tab.wait_for_url(f"**/contribute/review/{newer.pk}/")  # the next one waiting for them
    finally:
        context.close()
    assert ClipPage.objects.get(pk=older.pk).live
