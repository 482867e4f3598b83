"""The visitor's address, as the per-address limits and view counting need it.

Behind a load balancer every request comes from the balancer, so REMOTE_ADDR alone would put
a whole organisation (and everyone else) behind one address. With ``TRUSTED_PROXY_COUNT``
proxies in front, the client is the address those proxies appended to X-Forwarded-For, read
from the right: entries further left are whatever the client chose to send.
"""

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [part for part in chain if part]
    if len(chain) < proxies:
        return remote
    return chain[-proxies]
