"""One sign-in, one set of limits: the admins' login pages send people to the site's.

allauth counts failed sign-ins per account (5 in 5 minutes) and, generously, per address.
A second password form without those limits (Wagtail's /admin/login/, Django's, HTTP Basic
on the API) would let anyone guess passwords as fast as they like.
"""

import base64

import pytest
from django.test import RequestFactory

from hub.account_adapter import AccountAdapter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "learn-and-share"
TOO_MANY = "Too many failed login attempts"


@pytest.mark.parametrize("admin_login", ["/admin/login/", "/django-admin/login/"])
def test_the_admin_logins_send_people_to_the_site_sign_in_with_their_next(client, admin_login):
    response = client.get(admin_login, {"next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"


@pytest.mark.parametrize("admin_login", ["/admin/login/", "/django-admin/login/"])
def test_a_password_posted_to_an_admin_login_is_never_checked_there(client, admin_login):
    UserFactory(username="editor", superuser=True)
    response = client.post(admin_login, {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/admin/").status_code == 302  # still signed out


def test_repeated_failed_admin_sign_ins_are_refused_with_a_clear_message(client):
    UserFactory(username="editor", superuser=True)
    sign_in = client.get("/admin/", follow=True).redirect_chain[-1][0]
    assert sign_in.startswith("/accounts/login/?next=")

    for _ in range(5):
        wrong = client.post(sign_in, {"login": "editor", "password": "guess"})
        assert wrong.status_code == 200 and TOO_MANY not in wrong.content.decode()
    refused = client.post(sign_in, {"login": "editor", "password": PASSWORD})

    assert refused.status_code == 200
    assert TOO_MANY in refused.content.decode()
    assert client.get("/admin/").status_code == 302  # the right password came too late


def test_one_office_address_failing_on_many_accounts_is_not_locked_out(client):
    for n in range(12):  # allauth's default would refuse the 11th from one address
        UserFactory(username=f"colleague{n}")
        response = client.post("/accounts/login/", {"login": f"colleague{n}", "password": "x"})
        assert TOO_MANY not in response.content.decode()
    UserFactory(username="latecomer")
    response = client.post("/accounts/login/", {"login": "latecomer", "password": PASSWORD})
    assert response.status_code == 302


def test_the_admin_password_reset_is_off_in_favour_of_the_sites(client):
    assert client.get("/admin/password_reset/").status_code == 404
    assert client.get("/accounts/password/reset/").status_code == 200


def test_the_api_does_not_check_passwords_sent_as_http_basic(client):
    UserFactory(username="editor", superuser=True)
    for password in ("guess", PASSWORD):
        token = base64.b64encode(f"editor:{password}".encode()).decode()
        response = client.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Basic {token}")
        assert response.status_code == 200  # the header is ignored: no oracle for guesses


def test_sign_in_limits_count_the_visitor_behind_the_load_balancer(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().post(
        "/accounts/login/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert AccountAdapter().get_client_ip(request) == "203.0.113.9"
