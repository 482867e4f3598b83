"""Whole public pages in Django's cache: one copy per visibility class, most often one.

Public pages carry nothing personal (that comes from ``/me/`` after load). Their listings
show what the viewer may see (clips.access), and ``clips.access.visibility_class`` names
everything about a viewer that changes them: visitors without a session are one class, most
signed-in people another, members of groups that restrict pages and superusers their own. A
page is cached once per class and served to everyone in it. The rules:

- Only a response that its view marked with ``mark_public(request)`` is stored: Wagtail pages
  that anyone may see (``clips.caching``) and the API's page listing. It must be a 200 to a
  GET, set no cookie, and the request must carry no message to show; a viewer without a
  class (one who passed a password form) is rendered privately.
- The key is the class, the host, the path and the whole query string (``?sort=top&page=2``
  is its own entry). Each path has a generation token; ``purge_paths`` replaces it, which
  makes every entry of that path, whatever its class and query string, a miss. An entry
  remembers the token it was rendered under (read before rendering), so a purge during a
  render is never undone.
- Entries live ``PAGE_CACHE_SECONDS`` (statistics on the page are at most that old). The
  anonymous copy tells CDNs the same with ``s-maxage``; a signed-in class's copy is sent
  ``private``. Everything else gets ``private, no-store``.

Knowing a signed-in viewer's class before sessions are loaded
-------------------------------------------------------------
A hit must cost one cache round trip, so the class cannot come from the session. It comes
from a cookie (``hubbub_viewer``), signed with ``SECRET_KEY`` (``django.core.signing``, its
own salt) and holding the user's id, the class token and a keyed hash of the session
cookie, with a lifetime of ``PAGE_CACHE_VIEWER_SECONDS``. The middleware reads it together
with the entry, in the same ``get_many``, and checks the class against a per-user record in
the cache (``pagecache:viewer:<id>``). Why that is enough:

- **Forged**: without ``SECRET_KEY`` no one can sign a cookie; the class token is a keyed
  hash, so it cannot be guessed from a group id either.
- **Copied**: the cookie is valid only beside the session cookie it was issued for. Whoever
  holds both holds the session, and is that person anyway.
- **Stale**: the record is the class last computed from the database, and anything that can
  change a person's class overwrites it (group membership either way round, a group's
  deletion, any save of the user such as superuser, active or password changes, sign-out:
  receivers in ``clips.caching``, now and again after the commit). A cookie whose class
  differs from the record is ignored: the page is rendered for the real user, stored under
  the class computed then, and a fresh cookie is sent. A class is computed before the view
  renders and the record read again before storing, so a change during a render is not
  stored. A record missing from the cache (evicted, another process's local memory) is a
  miss and is recomputed from the database, never taken from the cookie.
- **Bounded**: the record's and the cookie's lifetime bound what is left: with a cache each
  process keeps for itself (local memory, development) a change made in one process reaches
  the others' records when they expire; with Redis it is at once. A restriction added for a
  group leaves its members with a class that shows less, until ``/me/`` (every page load)
  or a miss sends the new one.
- **Private**: a session that passed a password form has no class: ``visibility_class`` is
  None, its cookie is deleted when the session changes (sign-in, sign-out, a password form),
  and it is rendered for itself. Visitors with a session who are not signed in are too.

Switches, read on every request: ``PAGE_CACHE_ENABLED = False`` turns the cache off; with
``PAGE_CACHE_ALLOW_BYPASS = True`` a request with the header ``X-Page-Cache: bypass`` is
rendered afresh (and stored), which is how the benchmark measures cache misses.
"""

import functools
import hashlib
import uuid
from typing import NamedTuple

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.module_loading import import_string

STATUS_HEADER = "X-Page-Cache"
BYPASS_HEADER = "HTTP_X_PAGE_CACHE"
VIEWER_COOKIE = "hubbub_viewer"
# Paths that are never public pages: no cache lookup for them at all.
SKIP_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/accounts/",
    "/contribute/",
    "/me/",
    "/static/",
    "/media/",
    "/media-files/",
)
MAX_QUERY_LENGTH = 512
GENERATION_SECONDS = 24 * 60 * 60
# Headers that belong to one response only, or that this module decides itself.
NOT_STORED = {"set-cookie", "vary", "cache-control", "expires", "x-page-cache"}
CHANGED = "changed"  # a viewer record no class token equals


class Viewer(NamedTuple):
    """Whose class a page is for: ``user_id`` 0 for visitors without a session."""

    user_id: int
    token: str


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 30)


def viewer_seconds() -> int:
    return getattr(settings, "PAGE_CACHE_VIEWER_SECONDS", 600)


def _digest(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def generation_key(path: str) -> str:
    return f"pagecache:gen:{_digest(path)}"


def entry_key(host: str, path: str, query: str, token: str) -> str:
    return f"pagecache:page:{_digest(f'{token} {host}{path}?{query}')}"


def viewer_key(user_id) -> str:
    return f"pagecache:viewer:{user_id}"


def class_token(name: str) -> str:
    """The class's name, keyed with SECRET_KEY: what keys and cookies hold."""
    return _class_token(name, settings.SECRET_KEY)


@functools.lru_cache(maxsize=1024)
def _class_token(name: str, secret: str) -> str:
    return salted_hmac("hub.page_cache.class", name, secret=secret).hexdigest()[:24]


@functools.cache
def _classifier(path: str):
    return import_string(path)


def visibility_class(request) -> str | None:
    """The viewer's class (``PAGE_CACHE_VIEWER_CLASS``: clips.access.visibility_class)."""
    return _classifier(settings.PAGE_CACHE_VIEWER_CLASS)(request)


def anonymous() -> Viewer:
    """Visitors without a session: one class, its token keyed like the others."""
    return Viewer(0, class_token("anonymous"))


def _signer():
    return signing.TimestampSigner(salt="hub.page_cache.viewer")


def _session_digest(session_key: str) -> str:
    return salted_hmac("hub.page_cache.session", session_key).hexdigest()[:20]


def _sessionless(request) -> bool:
    return not request.COOKIES.get(settings.SESSION_COOKIE_NAME)  # a deleted one is empty


def _claimed_viewer(request) -> Viewer | None:
    """The class the viewer cookie claims, if it is ours, fresh, and for this session."""
    if _sessionless(request):
        return anonymous()
    raw = request.COOKIES.get(VIEWER_COOKIE)
    if not raw:
        return None
    try:
        value = _signer().unsign(raw, max_age=viewer_seconds())
        user_id, token, digest = value.split(":")
        user_id = int(user_id)
    except (signing.BadSignature, ValueError):
        return None
    session_key = request.COOKIES[settings.SESSION_COOKIE_NAME]
    if user_id <= 0 or not constant_time_compare(digest, _session_digest(session_key)):
        return None
    return Viewer(user_id, token)


def current_viewer(request) -> Viewer | None:
    """The signed-in viewer's class, computed now, and recorded for the cookie's checks.

    None for anyone without a shared class: not signed in (a session, no user) or past a
    password form.
    """
    user = request.user
    if not user.is_authenticated:
        return None
    name = visibility_class(request)
    if name is None:
        return None
    viewer = Viewer(user.pk, class_token(name))
    if _cache().get(viewer_key(user.pk)) != viewer.token:
        _cache().set(viewer_key(user.pk), viewer.token, timeout=viewer_seconds())
    return viewer


def forget_viewers(user_ids) -> None:
    """These people's class may have changed: their cookies fail until one is recomputed."""
    keys = {viewer_key(user_id): CHANGED for user_id in set(user_ids)}
    if not keys:
        return
    _cache().set_many(keys, timeout=viewer_seconds())
    # A class computed from rows read before the commit must not stay recorded.
    transaction.on_commit(lambda: _cache().set_many(keys, timeout=viewer_seconds()))


def remember_viewer(request, response, viewer: Viewer | None) -> None:
    """Send the viewer cookie for ``viewer`` and this response's session (or delete it)."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    morsel = response.cookies.get(settings.SESSION_COOKIE_NAME)
    if morsel is not None:  # a new session (sign-in) or none at all (sign-out)
        session_key = morsel.value
    if viewer is None or viewer.user_id <= 0 or not session_key:
        if VIEWER_COOKIE in request.COOKIES:
            response.delete_cookie(VIEWER_COOKIE, samesite="Lax")
        return
    value = f"{viewer.user_id}:{viewer.token}:{_session_digest(session_key)}"
    response.set_cookie(
        VIEWER_COOKIE,
        _signer().sign(value),
        max_age=viewer_seconds(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def mark_public(request) -> None:
    """The view's answer is the same for everyone of the viewer's class and anyone may see
    it: it may be cached. Call it before rendering (the class is computed here)."""
    request._page_cache_public = True
    if enabled() and not _sessionless(request):
        request._page_cache_viewer = current_viewer(request)


def purge_paths(paths) -> None:
    """Every cached variant of these paths (any class, query string, host) becomes a miss."""
    tokens = {generation_key(path): uuid.uuid4().hex for path in set(paths)}
    if tokens:
        _cache().set_many(tokens, timeout=GENERATION_SECONDS)


def public_headers(response) -> None:
    """Tell browsers and shared caches (CDN, Varnish) how long they may keep a public page."""
    browser = getattr(settings, "PAGE_CACHE_BROWSER_SECONDS", 0)
    patch_cache_control(response, public=True, max_age=browser, s_maxage=seconds())


def _class_headers(response, viewer: Viewer) -> None:
    """The anonymous copy is for shared caches too; a signed-in class's only for its person."""
    if viewer.user_id:
        add_never_cache_headers(response)
        patch_vary_headers(response, ["Cookie"])
    else:
        public_headers(response)


def _lookup_allowed(request) -> bool:
    return (
        enabled()
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(SKIP_PREFIXES)
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_LENGTH
        # A message to show makes the page one person's; CookieStorage keeps it here.
        and "messages" not in request.COOKIES
    )


def _bypassed(request) -> bool:
    return getattr(settings, "PAGE_CACHE_ALLOW_BYPASS", False) and (
        request.META.get(BYPASS_HEADER, "").lower() == "bypass"
    )


def _query(request) -> str:
    return "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))


class _Pending(NamedTuple):
    """Where a rendered page would go: all of its key but the class, and its generation."""

    host: str
    path: str
    query: str
    generation: str
    status: str


class PageCacheMiddleware:
    """Serve stored public pages before sessions, users or URL routing are touched.

    Place it after SecurityMiddleware and WhiteNoise and before SessionMiddleware, so that a
    hit costs one cache round trip and the response it stores has passed every other
    middleware (and so shows any cookie they would set).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _lookup_allowed(request):
            return self._finish(request, self.get_response(request), None)
        try:
            host = request.get_host()
        except DisallowedHost:  # let Django answer it as usual
            return self.get_response(request)
        path, query = request.path, _query(request)
        claimed = request._page_cache_claimed = _claimed_viewer(request)
        gen_key, keys = generation_key(path), [generation_key(path)]
        bypass = _bypassed(request)
        if claimed is not None:
            key = entry_key(host, path, query, claimed.token)
            keys += [] if bypass else [key]
            keys += [viewer_key(claimed.user_id)] if claimed.user_id else []
        found = _cache().get_many(keys)
        generation = found.get(gen_key)
        if (
            claimed is not None
            and (not claimed.user_id or found.get(viewer_key(claimed.user_id)) == claimed.token)
            and (entry := found.get(key)) is not None
            and generation is not None
            and entry[0] == generation
        ):
            return self._hit(entry, claimed)
        if generation is None:
            _cache().add(gen_key, uuid.uuid4().hex, timeout=GENERATION_SECONDS)
            generation = _cache().get(gen_key)
        response = self.get_response(request)
        pending = _Pending(host, path, query, generation, "bypass" if bypass else "miss")
        return self._finish(request, response, pending)

    @staticmethod
    def _hit(entry, viewer: Viewer) -> HttpResponse:
        _generation, status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        _class_headers(response, viewer)
        response[STATUS_HEADER] = "hit"
        return response

    def _finish(self, request, response, pending):
        viewer = (
            anonymous() if _sessionless(request) else getattr(request, "_page_cache_viewer", None)
        )
        cacheable = (
            getattr(request, "_page_cache_public", False)
            and viewer is not None
            and request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "messages" not in request.COOKIES
        )
        self._keep_viewer_cookie(request, response, viewer)
        if not cacheable:
            if not response.has_header("Cache-Control"):
                add_never_cache_headers(response)
            return response
        # The same bytes for everyone of the class: nothing here depends on the cookie.
        if response.has_header("Vary"):
            kept = [v for v in response["Vary"].split(",") if v.strip().lower() != "cookie"]
            del response["Vary"]
            if kept:
                patch_vary_headers(response, [v.strip() for v in kept])
        if pending is not None and self._still_current(viewer):
            headers = [
                (name, value) for name, value in response.items() if name.lower() not in NOT_STORED
            ]
            entry = (pending.generation, response.status_code, headers, response.content)
            key = entry_key(pending.host, pending.path, pending.query, viewer.token)
            _cache().set(key, entry, timeout=seconds())
            response[STATUS_HEADER] = pending.status
        _class_headers(response, viewer)
        return response

    @staticmethod
    def _still_current(viewer: Viewer) -> bool:
        """No change to the person's class since it was computed (before the render)."""
        return not viewer.user_id or _cache().get(viewer_key(viewer.user_id)) == viewer.token

    @staticmethod
    def _keep_viewer_cookie(request, response, viewer: Viewer | None) -> None:
        """Send the cookie after a render that computed a class the cookie did not claim,
        and recompute it whenever the session changed (sign-in, sign-out, password form)."""
        session = getattr(request, "session", None)
        if session is not None and (
            session.modified or settings.SESSION_COOKIE_NAME in response.cookies
        ):
            user = getattr(request, "user", None)
            viewer = current_viewer(request) if user is not None else None
            remember_viewer(request, response, viewer)
        elif getattr(request, "_page_cache_public", False) and not _sessionless(request):
            if viewer != getattr(request, "_page_cache_claimed", None):
                remember_viewer(request, response, viewer)
