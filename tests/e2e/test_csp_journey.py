"""The Content-Security-Policy blocks nothing the hub itself needs, on the site or in the admin.

Chromium fires ``securitypolicyviolation`` for everything a policy blocks; the pages record
those events, and each journey ends with none recorded while its scripts visibly worked.
"""

import pytest

pytestmark = pytest.mark.e2e

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline'));
});
"""


def violations(tab) -> list[str]:
    return tab.evaluate("window.__violations || []")


def test_a_clip_page_plays_and_rates_with_no_policy_violation(page, demo_hub, login):
    page.add_init_script(RECORD_VIOLATIONS)
    login(page, demo_hub.users["learner"])
    clip = demo_hub.clips[0]
    response = page.goto(clip.url)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator("[data-rating].is-signed-in").wait_for()  # rating.js ran
    page.wait_for_function("document.querySelector('video').readyState >= 1")  # media loaded
    assert violations(page) == []


def test_the_wagtail_page_editor_works_under_the_admin_policy(page, demo_hub, login):
    page.add_init_script(RECORD_VIOLATIONS)
    login(page, demo_hub.users["editor"])
    page.goto("/admin/")
    assert violations(page) == []
    response = page.goto(f"/admin/pages/{demo_hub.clips[0].pk}/edit/")
    assert "'unsafe-inline'" in response.headers["content-security-policy"]
    page.get_by_role("button", name="More actions").click()  # the editor's own script
    page.get_by_role("button", name="Unpublish").or_(
        page.get_by_role("link", name="Unpublish")
    ).first.wait_for()
    assert violations(page) == []
