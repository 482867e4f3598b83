"""Production pages carry a Content-Security-Policy; the admin a relaxed one; media its own.

The policy is read from ``hub.settings.production`` in a subprocess (settings are read once,
at import), then applied to requests here.
"""

import pytest

from tests.factories import UserFactory, clip_make, topic_make
from tests.hub.test_settings import PRODUCTION, settings_value

pytestmark = pytest.mark.django_db

MEDIA_ORIGIN = "https://media.hub.example.org"
EXPRESSION = (
    "{'MIDDLEWARE': s.MIDDLEWARE, 'CONTENT_SECURITY_POLICY': s.CONTENT_SECURITY_POLICY,"
    " 'CONTENT_SECURITY_POLICY_REPORT_ONLY': s.CONTENT_SECURITY_POLICY_REPORT_ONLY,"
    " 'ADMIN_CSP_DIRECTIVES': s.ADMIN_CSP_DIRECTIVES, 'ADMIN_CSP_PATHS': s.ADMIN_CSP_PATHS}"
)


def production_csp(settings, **env) -> None:
    """Apply production's middleware and policies (read with ``env``) to this test."""
    for name, value in settings_value(EXPRESSION, {**PRODUCTION, **env}).items():
        setattr(settings, name, value)


def directives(header: str) -> dict[str, set[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = set(values)
    return parsed


@pytest.fixture(scope="module")
def enforcing_policy():
    """Production's settings, read once per module (a subprocess each time)."""
    return settings_value(EXPRESSION, {**PRODUCTION, "MEDIA_ORIGIN": MEDIA_ORIGIN})


@pytest.fixture
def enforcing(settings, enforcing_policy):
    for name, value in enforcing_policy.items():
        setattr(settings, name, value)


def test_production_pages_allow_only_our_own_scripts_and_styles(client, enforcing):
    response = client.get("/search/", {"q": "anything"})
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == {"'self'"}
    assert policy["style-src"] == {"'self'"}
    assert policy["object-src"] == {"'none'"}
    assert policy["frame-ancestors"] == {"'self'"}
    assert MEDIA_ORIGIN in policy["media-src"] and MEDIA_ORIGIN in policy["img-src"]
    assert "Content-Security-Policy-Report-Only" not in response


def test_the_admin_gets_the_relaxed_policy_it_needs(admin_client, enforcing):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == {"'self'", "'unsafe-inline'"}
    assert policy["object-src"] == {"'none'"}


def test_media_keeps_its_own_sandboxing_policy(
    client, enforcing, sample_video, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        clip = clip_make(topic_make("Policies"), sample_video)
    response = client.get(f"/media-files/{clip.video_id}/video/")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_csp_report_only_sends_the_same_policy_without_enforcing_it(client, settings):
    production_csp(settings, CSP_REPORT_ONLY="1", CSP_REPORT_URI="/csp-reports/")
    page = client.get("/search/", {"q": "anything"})
    client.force_login(UserFactory(superuser=True))
    admin = client.get("/admin/")
    for response in (page, admin):
        assert "Content-Security-Policy" not in response
        policy = directives(response["Content-Security-Policy-Report-Only"])
        assert policy["report-uri"] == {"/csp-reports/"}
    assert (
        "'unsafe-inline'"
        not in directives(page["Content-Security-Policy-Report-Only"])["script-src"]
    )
    assert (
        "'unsafe-inline'" in directives(admin["Content-Security-Policy-Report-Only"])["script-src"]
    )
