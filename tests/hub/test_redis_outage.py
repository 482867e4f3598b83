"""A Redis outage does not take the site down: REDIS_URL pointing at a closed port.

The cache is configured exactly as production configures it (hub.cache.redis_cache) with
sessions in the database behind it (cached_db), but nothing listens on the port: every
cache call fails for real, inside redis-py.
"""

import logging
import socket

import pytest
from django.urls import reverse

from contributions.models import Rating
from hub.cache import redis_cache
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "learn-and-share"


def closed_port() -> int:
    """A loopback port nothing listens on: bound, then released."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{closed_port()}/0")}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.RATELIMIT_FAIL_OPEN = True


def test_pages_are_served_without_the_cache(client, redis_down, clip):
    for url in ("/", "/topics/", clip.url, "/search/?q=first"):
        assert client.get(url).status_code == 200, url


def test_signing_in_and_staying_signed_in_work_with_sessions_in_the_database(
    client, redis_down, clip
):
    UserFactory(username="ann")

    response = client.post("/accounts/login/", {"login": "ann", "password": PASSWORD})

    assert response.status_code == 302
    me = client.get(reverse("learning:me_clip", args=[clip.pk])).json()
    assert me["authenticated"] is True


def test_rating_works_and_the_limits_fail_open_with_a_log_line(client, redis_down, clip, caplog):
    client.force_login(UserFactory())

    with caplog.at_level(logging.WARNING, logger="hub.cache"):
        answer = client.post(
            reverse("learning:rate", args=[clip.pk]),
            {"score": "4"},
            HTTP_ACCEPT="application/json",
        )

    assert answer.status_code == 200
    assert answer.json()["rating_count"] == 1
    assert Rating.objects.get(clip=clip).score == 4
    assert "Cache unreachable" in caplog.text and "let through" in caplog.text


def test_healthz_stays_200_and_says_the_cache_is_down(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[0] == "ok"
    assert "database: ok" in lines
    assert "cache: down (pages are served without it)" in lines
