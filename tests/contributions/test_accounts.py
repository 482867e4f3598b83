"""Accounts with django-allauth: sign up, sign in, safe redirects, reset, single sign-on."""

import importlib.util
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from contributions.models import Level, Profile
from tests.factories import UserFactory

PASSWORD = "learn-and-share"
BASE_SETTINGS = Path(__file__).resolve().parents[2] / "hub" / "settings" / "base.py"


def sign_up(client, username="newcomer", **extra):
    return client.post(
        "/accounts/signup/",
        {
            "username": username,
            "email": f"{username}@example.com",
            "display_name": f"{username.title()} N.",
            "password1": "a-Long-pass-phrase-42",
            "password2": "a-Long-pass-phrase-42",
            **extra,
        },
    )


def test_signing_up_signs_you_in_as_a_learner_with_a_profile(client, db):
    response = sign_up(client)

    assert response.status_code == 302
    user = get_user_model().objects.get(username="newcomer")
    assert Profile.objects.get(user=user).level == Level.LEARNER
    assert client.get("/me/clip/1/").json()["authenticated"] is True


def test_signing_up_with_a_local_next_returns_there(client, db):
    response = sign_up(client, next="/topics/")
    assert response.url == "/topics/"


def test_signing_in_follows_a_local_next(client, db):
    UserFactory(username="ann")
    response = client.post(
        "/accounts/login/", {"login": "ann", "password": PASSWORD, "next": "/topics/"}
    )
    assert response.status_code == 302 and response.url == "/topics/"


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/steal",
        "//evil.example/steal",
        "/\\evil.example",
        "javascript:alert(1)",
    ],
)
def test_signing_in_never_follows_a_next_to_another_site(client, db, next_url):
    UserFactory(username="ann")
    response = client.post(
        "/accounts/login/", {"login": "ann", "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    assert response.url == "/"


def test_signing_in_works_with_the_email_address_too(client, db):
    UserFactory(username="ann", email="ann@example.com")
    response = client.post("/accounts/login/", {"login": "ann@example.com", "password": PASSWORD})
    assert response.status_code == 302


def test_a_wrong_password_shows_the_form_again_with_an_error(client, db):
    UserFactory(username="ann")
    response = client.post("/accounts/login/", {"login": "ann", "password": "wrong"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_logging_out_takes_a_post(client, db):
    client.force_login(UserFactory())
    assert client.get("/accounts/logout/").status_code == 200  # a confirmation page
    assert client.get("/me/clip/1/").json()["authenticated"] is True
    client.post("/accounts/logout/")
    assert client.get("/me/clip/1/").json()["authenticated"] is False


def test_a_password_reset_mails_a_link_that_lets_you_set_a_new_password(client, db):
    UserFactory(username="ann", email="ann@example.com")

    response = client.post("/accounts/password/reset/", {"email": "ann@example.com"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ann@example.com"]
    assert message.subject.startswith("[Hubbub]")
    link = next(w for w in message.body.split() if "/accounts/password/reset/key/" in w)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {"password1": "An-other-pass-99", "password2": "An-other-pass-99"},
    )
    assert done.status_code == 302
    assert get_user_model().objects.get(username="ann").check_password("An-other-pass-99")


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_account_pages_are_drawn_in_the_sites_layout(client, db, path):
    body = client.get(path).content.decode()
    assert 'class="site-header"' in body
    assert 'class="account-page"' in body
    assert "<main" in body and 'name="csrfmiddlewaretoken"' in body
    assert "· Hubbub</title>" in body


def test_email_verification_can_be_made_mandatory_by_setting(client, db, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    response = sign_up(client, username="careful")
    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    assert client.get("/me/clip/1/").json()["authenticated"] is False


def _load_base_settings(monkeypatch, env: dict):
    for name in ("OIDC_PROVIDER_URL", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_NAME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("hub_settings_base_probe", BASE_SETTINGS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_single_sign_on_is_off_without_its_environment(monkeypatch):
    assert _load_base_settings(monkeypatch, {}).SOCIALACCOUNT_PROVIDERS == {}


def test_single_sign_on_is_switched_on_by_environment_variables(monkeypatch):
    base = _load_base_settings(
        monkeypatch,
        {
            "OIDC_PROVIDER_URL": "https://login.example.org/realms/staff",
            "OIDC_CLIENT_ID": "hubbub",
            "OIDC_CLIENT_SECRET": "s3cret",
            "OIDC_NAME": "Staff login",
        },
    )
    app = base.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]
    assert app["client_id"] == "hubbub"
    assert app["secret"] == "s3cret"
    assert app["name"] == "Staff login"
    assert app["settings"]["server_url"] == "https://login.example.org/realms/staff"


def test_the_login_page_offers_the_single_sign_on_button_when_configured(client, db, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "sso",
                    "name": "Staff login",
                    "client_id": "hubbub",
                    "secret": "s3cret",
                    "settings": {"server_url": "https://login.example.org"},
                }
            ]
        }
    }
    body = client.get("/accounts/login/").content.decode()
    assert "Staff login" in body
    assert "/accounts/oidc/sso/login/" in body


def test_the_account_menu_names_you_by_your_display_name(client, db):
    """/me/ carries the name the site uses for you everywhere (hub.people), as plain data:
    account.js puts it in as text, so markup in a chosen name stays characters."""
    user = UserFactory(username="ann", first_name="Ann", last_name="Lee")
    Profile.objects.update_or_create(user=user, defaults={"display_name": "<b>Annie</b> L."})
    client.force_login(user)

    account = client.get("/me/", HTTP_ACCEPT="application/json").json()["account"]

    assert account["name"] == "<b>Annie</b> L."
    assert account["username"] == "ann"


def test_the_account_menu_falls_back_to_the_full_name_without_a_display_name(client, db):
    user = UserFactory(username="bo", first_name="Bo", last_name="Berg")
    Profile.objects.filter(user=user).update(display_name="")
    client.force_login(user)

    assert client.get("/me/", HTTP_ACCEPT="application/json").json()["account"]["name"] == "Bo Berg"
