import pytest
from django.test import RequestFactory

from hub.client_ip import client_ip


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_address_is_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("10.0.0.5", "1.2.3.4")) == "10.0.0.5"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        # A client may send its own X-Forwarded-For; only what our proxy appended counts.
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        # Fewer entries than proxies: the header is not ours, fall back to the peer.
        (2, "203.0.113.7", "10.0.0.5"),
    ],
)
def test_behind_trusted_proxies_the_address_comes_from_their_header(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(request_from("10.0.0.5", forwarded)) == expected
