"""An editor reads the community dashboard at 1280 px and 320 px: every section, no overflow.

The screenshots it saves are the ones the README shows (docs/screenshots/).
"""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from clips.models import ClipOrigin, ClipPage
from demo.history import history_seed

pytestmark = pytest.mark.e2e

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SECTIONS = (
    "People by participation",
    "The ladder over time",
    "The funnel: from signing up to trusted",
    "Both strands, week by week",
    "Content: seeded and community-made",
    "Moderation health",
    "Gaps to act on",
    "Maturity model and trends",
)


@pytest.fixture
def year_of_history(demo_hub):
    """The demo hub's clips spread over a year (two from the community), and its history."""
    now = timezone.now()
    for n, clip in enumerate(demo_hub.clips):
        origin = ClipOrigin.COMMUNITY if n in (2, 5) else ClipOrigin.SEEDED
        ClipPage.objects.filter(pk=clip.pk).update(
            first_published_at=now - datetime.timedelta(days=340 - 55 * n), origin=origin
        )
    history_seed(users={}, topics=demo_hub.topics, now=now)
    return demo_hub


def overflow(page) -> int:
    """How many pixels the page, or the admin's scrolling main column, is wider than it shows.

    Wagtail's admin scrolls its main column rather than the document, so both are measured;
    the tables' own labelled scroll regions are meant to scroll and are not counted.
    """
    return page.evaluate(
        """() => Math.max(...[document.documentElement, document.body,
                ...document.querySelectorAll("main, .content-wrapper, .w-main")]
            .map(el => el.scrollWidth - el.clientWidth))"""
    )


def test_an_editor_reads_every_section_at_1280_and_320_px(page, login, year_of_history):
    login(page, year_of_history.users["editor"])
    page.goto("/admin/community/")

    heading = page.locator("#community-stage-heading")
    assert heading.inner_text().startswith("Stage ")
    for title in SECTIONS:
        assert page.get_by_role("heading", name=title).count() == 1, title
    # Charts are pictures with a name; their numbers are in the tables beside them.
    assert page.locator("svg[role=img]").count() == 4
    assert page.get_by_role("region", name="People at each level").count() == 1
    assert overflow(page) == 0
    # The admin scrolls inside its main column: a tall window shows the first sections whole.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 2400})
    page.screenshot(path=str(SCREENSHOTS / "community-dashboard-1280.png"))

    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    assert overflow(page) == 0
    # Wide tables scroll inside their own region instead of pushing the page sideways.
    region = page.get_by_role("region", name="Seeded and community clips")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    page.set_viewport_size({"width": 320, "height": 2000})
    assert overflow(page) == 0
    page.screenshot(path=str(SCREENSHOTS / "community-dashboard-320.png"))
