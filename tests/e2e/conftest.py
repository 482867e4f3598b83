"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

Fixtures for every journey under ``tests/e2e``:

- ``browser``   one headless Chromium for the session (``/usr/bin/chromium``, or env CHROMIUM)
- ``page``      a fresh browser context and tab per test, 10 s default timeout; a full-page
                screenshot lands in ``test-results/`` when the test fails
- ``live_url``  the live server's base URL (``live_url("/topics/")`` gives an absolute URL)
- ``demo_hub``  three topics with two published clips each, every one with a real video
- ``login``     ``login(page, user)`` signs in through the real allauth form

The live server runs the app in a thread of this process against a transactional database
(``live_server`` pulls in ``transactional_db``). The database is flushed after each test;
``tests/conftest.py`` gives every transactional test serialized rollback, so the site tree,
groups and workflow that data migrations create are back before the next one.

Static files come through Django's ``StaticFilesHandler`` (pytest-django wraps the live
server in it whenever ``django.contrib.staticfiles`` is installed), so CSS and JS load from the
app folders exactly as ``runserver`` serves them.

Run: ``make test-e2e`` (``pytest tests/e2e -m e2e -p no:xdist``).
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.factories import UserFactory, clip_make, topic_make

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
DEFAULT_TIMEOUT_MS = 10_000
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"
PASSWORD = "learn-and-share"

# The browser talks to the live server over IPv4 loopback on a free port, never further.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item so ``page`` knows whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def playwright_session():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium "
            "(apt-get install -y chromium) or set CHROMIUM to its path."
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on the main thread, and Django refuses ORM
    # calls there unless told it is safe; it is: the test thread is still synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            yield playwright
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(playwright_session):
    browser = playwright_session.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def live_url(live_server):
    """``live_url("/path/")`` is the absolute URL of a path on the live server."""

    def build(path: str = "/") -> str:
        return f"{live_server.url}{path}"

    build.base = live_server.url
    return build


@pytest.fixture
def page(request, browser, live_server):
    """A fresh tab in its own context (no cookies shared between tests)."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    tab = context.new_page()
    console_errors: list[str] = []

    def note_console(message) -> None:
        if message.type == "error":
            console_errors.append(f"{message.text} at {message.location.get('url', '?')}")

    tab.on("console", note_console)
    tab.console_errors = console_errors
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        RESULTS_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        try:
            tab.screenshot(path=str(RESULTS_DIR / f"{name}.png"), full_page=True)
        except Exception as error:  # noqa: BLE001 - a failed screenshot must not hide the failure
            print(f"Could not save a failure screenshot: {error}")
    context.close()


@pytest.fixture
def login(live_server):
    """``login(page, user)``: sign in through the real login form, as a person would."""

    def sign_in(tab, user, password: str = PASSWORD) -> None:
        tab.goto(f"{live_server.url}/accounts/login/")
        tab.fill("input[name=login]", user.username)
        tab.fill("input[name=password]", password)
        with tab.expect_navigation():
            tab.locator("form:has(input[name=password]) [type=submit]").click()
        if "/accounts/login/" in tab.url:
            raise AssertionError(f"Login failed for {user.username}: still on {tab.url}")

    return sign_in


@dataclass
class DemoHub:
    topics: list = field(default_factory=list)
    clips: list = field(default_factory=list)
    users: dict = field(default_factory=dict)


@pytest.fixture
def demo_hub(transactional_db, sample_video) -> DemoHub:
    """Three topics with two published clips each (real 2 s videos, posters, captions)."""
    hub = DemoHub()
    hub.users["learner"] = UserFactory(username="learner")
    hub.users["editor"] = UserFactory(username="editor", superuser=True)
    for topic_title in ("Onboarding", "Customer conversations", "Working with data"):
        topic = topic_make(topic_title, summary=f"Short clips about {topic_title.lower()}.")
        hub.topics.append(topic)
        for n in (1, 2):
            hub.clips.append(
                clip_make(
                    topic,
                    sample_video,
                    title=f"{topic_title}: part {n}",
                    tags=(topic_title.split()[0].lower(), "demo"),
                )
            )
    return hub


AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(
            "axe-core is not installed: run `npm install --prefix tests/e2e` "
            "(make test-e2e does it; the version is pinned in tests/e2e/package.json)."
        )
    return AXE_JS.read_text()


@pytest.fixture
def axe(axe_source):
    """``axe(page)``: the serious and critical accessibility violations on the page now."""

    def check(tab) -> list[str]:
        # Evaluated through the DevTools protocol, which the page's CSP (script-src 'self',
        # no inline scripts) does not govern, unlike an injected <script> tag.
        tab.evaluate(f"() => {{ {axe_source}\n; window.axe = axe; }}")
        result = tab.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        return [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(node["target"]) for node in v["nodes"][:3])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return check
