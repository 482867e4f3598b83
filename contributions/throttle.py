"""Rate limits for the learner endpoints (rating, view beacon, progress, comments, flags).

Each endpoint has two limits: a strict one per signed-in user and a generous one per IP
address, because many people in one organisation reach the hub through one proxy or NAT.
Anonymous requests only meet the per-IP limit. Rates use django-ratelimit's syntax
("30/m") and can be changed in settings::

    THROTTLE_RATES = {"rate": {"user": "30/m", "ip": "600/m"}, ...}

Counting lives in django-ratelimit's cache keys, so with Redis (``REDIS_URL``) the limits
hold across every app server.
"""

import functools

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django_ratelimit.core import is_ratelimited

from hub.client_ip import client_ip
from hub.http import wants_json

DEFAULT_RATES = {
    # Rating: a person rates one clip at a time; 30 a minute is far beyond real use.
    "rate": {"user": "30/m", "ip": "600/m"},
    # One beacon per play; a person skimming clips fast still stays well below.
    "view": {"user": "60/m", "ip": "1200/m"},
    # Progress is saved every few seconds while a clip plays, plus on pause and leave.
    "progress": {"user": "120/m", "ip": "3000/m"},
    # Comments, replies and questions: a person in a lively thread writes a few a minute;
    # more is a script or a flood. Strict per user, generous per address.
    "comment": {"user": "5/m", "ip": "300/m"},
    # Flags, votes and accepting answers: quick clicks, but not dozens a minute.
    "flag": {"user": "10/m", "ip": "300/m"},
}

MESSAGE = "You are doing that too often. Please wait a minute and try again."


def rates(group: str) -> dict[str, str]:
    configured = getattr(settings, "THROTTLE_RATES", {}).get(group, {})
    return {**DEFAULT_RATES[group], **configured}


def _user_key(group, request):
    return str(request.user.pk)


def _ip_key(group, request):
    return client_ip(request) or "unknown"


def throttled(request, group: str) -> bool:
    """Count this request against ``group``'s limits; True when one of them is exceeded."""
    limits = rates(group)
    scopes = {"ip": _ip_key}
    if request.user.is_authenticated:
        scopes["user"] = _user_key
    # A list, not any(): every counter moves on every request, so the IP limit sees
    # everyone behind it even when the user limit already refused.
    over = [
        is_ratelimited(
            request,
            group=f"hubbub.{group}.{scope}",
            key=key,
            rate=limits[scope],
            method="POST",
            increment=True,
        )
        for scope, key in scopes.items()
    ]
    return any(over)


def too_many(request) -> HttpResponse:
    """429 with a clear message: JSON for scripts, a short page for people."""
    if wants_json(request):
        response = JsonResponse({"error": MESSAGE}, status=429)
    else:
        response = HttpResponse(MESSAGE, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = "60"
    return response


def throttle(group: str):
    """Decorate a POST view: past ``group``'s limits it answers 429 and does nothing."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and throttled(request, group):
                return too_many(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
