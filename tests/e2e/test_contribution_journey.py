"""From rating to a published contribution, in a real browser.

A new learner rates five clips and is told they can share clips; they upload a generated
MP4 and watch the progress bar reach 100%; the submission waits in "Peer review"; a trusted
contributor approves it on the review screen, then an editor does; the clip is public in its
topic and found by search, and the contributor's page shows it published.
"""

import pytest

from clips.models import ClipOrigin, ClipPage
from contributions.models import Level
from contributions.people.services import level_set
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e

TITLE = "Labelling cables so they survive a move"

# Remember the highest value the progress bar reached, across the page's navigation.
RECORD_PROGRESS = """() => {
  const bar = document.querySelector('[role=progressbar]');
  sessionStorage.setItem('maxProgress', '0');
  new MutationObserver(() => {
    const now = Number(bar.getAttribute('aria-valuenow'));
    if (now > Number(sessionStorage.getItem('maxProgress'))) {
      sessionStorage.setItem('maxProgress', String(now));
    }
  }).observe(bar, {attributes: true, attributeFilter: ['aria-valuenow']});
}"""


def rate(page, clip, score: int) -> None:
    page.goto(clip.url)
    page.locator("[data-rating].is-signed-in").wait_for()  # rating.js knows who we are
    page.locator(f"label[for=score-{clip.pk}-{score}]").click()
    page.get_by_text(f"You rated this clip {score} out of 5.").wait_for()


def approve_on_review_screen(browser, live_url, login, user, clip_id: int) -> None:
    """Open the submission's review screen from the site header and press "Approve"."""
    context = browser.new_context(base_url=live_url.base)
    tab = context.new_page()
    try:
        login(tab, user)
        tab.goto(live_url("/"))
        tab.get_by_role("link", name="Review:").click()
        tab.locator(f"a[href='/contribute/review/{clip_id}/']").click()
        with tab.expect_navigation():
            tab.get_by_role("button", name="Approve").click()
        assert "Approved" in tab.content()
    finally:
        context.close()


def test_a_learner_becomes_a_contributor_and_their_clip_is_published(
    page, browser, demo_hub, live_url, login, sample_video
):
    newcomer = UserFactory(username="newcomer", first_name="Nia", last_name="Newcomer")
    trusted = UserFactory(username="tess")
    level_set(user=trusted, level=Level.TRUSTED, reason="Demo reviewer")
    editor = UserFactory(username="eddie")
    level_set(user=editor, level=Level.EDITOR, reason="Demo editor")
    topic = demo_hub.topics[1]

    login(page, newcomer)
    for clip in demo_hub.clips[:5]:
        rate(page, clip, 4)
    page.locator("[data-ladder-step]").get_by_text("You can share clips now").wait_for()

    page.goto(live_url("/contribute/"))
    assert page.get_by_role("heading", name="Your level: Contributor").is_visible()
    page.get_by_role("link", name="Share your first clip").click()

    page.set_input_files("input[name=video]", str(sample_video))
    page.fill("input[name=title]", TITLE)
    page.fill("textarea[name=description]", "Vinyl tags, not tape.")
    page.select_option("select[name=topic]", topic.slug)
    page.fill("input[name=tags]", "cables, moving")
    page.evaluate(RECORD_PROGRESS)
    with page.expect_navigation(url="**/contribute/"):
        page.get_by_role("button", name="Send for review").click()

    assert page.evaluate("() => sessionStorage.getItem('maxProgress')") == "100"
    submission = page.locator(".submission", has_text=TITLE)
    assert "Stage: Peer review" in submission.inner_text()
    clip = ClipPage.objects.get(title=TITLE, origin=ClipOrigin.COMMUNITY)
    assert not clip.live

    approve_on_review_screen(browser, live_url, login, trusted, clip.pk)
    clip.refresh_from_db()
    assert clip.current_workflow_task.name == "Editorial approval"
    approve_on_review_screen(browser, live_url, login, editor, clip.pk)
    clip.refresh_from_db()
    assert clip.live

    page.goto(live_url(topic.url))
    page.get_by_role("link", name=TITLE).first.wait_for()
    page.goto(live_url("/search/?q=labelling+cables"))
    page.get_by_role("link", name=TITLE).first.wait_for()
    page.goto(live_url("/contribute/"))
    published = page.locator(".submission", has_text=TITLE)
    assert "Stage: Published" in published.inner_text()
    assert published.get_by_role("link", name=TITLE, exact=True).is_visible()
    assert page.console_errors == []
