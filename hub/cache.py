"""The Redis cache, and what happens when Redis is down: the site degrades, it does not fail.

With ``REDIS_URL`` the cache holds what is cheap to lose: cached values, rate-limit counters
(ours and allauth's sign-in limits) and a copy of each session (sessions themselves are in
the database: ``cached_db``). During an outage django-redis (``IGNORE_EXCEPTIONS``) turns every
call into a miss after a short socket timeout, so pages are built without the cache and
sessions are read from the database.

One call needs more than a miss: ``add()``. Rate limiters use it as a lock or as "first hit
in this window"; a failed add reads as "someone else holds it", and allauth would then
refuse every sign-in. Here a failed add answers True, with a log line: limits fail open.
/healthz reports the cache as down meanwhile.
"""

import logging

from django_redis.cache import RedisCache

logger = logging.getLogger(__name__)


class FailOpenRedisCache(RedisCache):
    def add(self, key, *args, **kwargs):
        added = super().add(key, *args, **kwargs)
        if added is None:  # django-redis's answer for a call it could not make
            logger.warning("Cache unreachable: %s let through without counting it", key)
            return True
        return added


def redis_cache(url: str) -> dict:
    """The CACHES entry for Redis at ``url`` (settings, and tests that point it elsewhere)."""
    return {
        "BACKEND": "hub.cache.FailOpenRedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "IGNORE_EXCEPTIONS": True,
            # A Redis that does not answer costs each request at most this, not a hang.
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    }
