"""Whole public pages in Django's cache, the same cached bytes for every visitor.

Public pages carry nothing personal (that comes from ``/me/`` after load). Their listings
show what the viewer may see (clips.access), so the copy rendered for visitors without a
session is the one cached and served to every visitor without one. The rules:

- Only a response that its view marked with ``mark_public(request)`` is stored: Wagtail pages
  that anyone may see (``clips.caching``) and the API's page listing. It must be a 200 to a
  GET, set no cookie, and the request must carry no session and no message to show.
- The key is the host, the path and the whole query string (``?sort=top&page=2`` is its own
  entry). Each path has a generation token; ``purge_paths`` replaces it, which makes every
  entry of that path, whatever its query string, a miss. An entry remembers the token it was
  rendered under (read before rendering), so a purge during a render is never undone.
- Entries live ``PAGE_CACHE_SECONDS`` (statistics on the page are at most that old); CDNs
  are told the same with ``s-maxage``. Everything else gets ``private, no-store``.

Switches, read on every request: ``PAGE_CACHE_ENABLED = False`` turns the cache off; with
``PAGE_CACHE_ALLOW_BYPASS = True`` a request with the header ``X-Page-Cache: bypass`` is
rendered afresh (and stored), which is how the benchmark measures cache misses.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

STATUS_HEADER = "X-Page-Cache"
BYPASS_HEADER = "HTTP_X_PAGE_CACHE"
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


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 60)


def _digest(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def generation_key(path: str) -> str:
    return f"pagecache:gen:{_digest(path)}"


def entry_key(host: str, path: str, query: str) -> str:
    return f"pagecache:page:{_digest(f'{host}{path}?{query}')}"


def mark_public(request) -> None:
    """The view's answer is the same for everyone and anyone may see it: it may be cached."""
    request._page_cache_public = True


def purge_paths(paths) -> None:
    """Every cached variant of these paths (any query string, any host) becomes a miss."""
    tokens = {generation_key(path): uuid.uuid4().hex for path in set(paths)}
    if tokens:
        _cache().set_many(tokens, timeout=GENERATION_SECONDS)


def public_headers(response) -> None:
    """Tell browsers and shared caches (CDN, Varnish) how long they may keep a public page."""
    browser = getattr(settings, "PAGE_CACHE_BROWSER_SECONDS", 0)
    patch_cache_control(response, public=True, max_age=browser, s_maxage=seconds())


def _lookup_allowed(request) -> bool:
    return (
        enabled()
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(SKIP_PREFIXES)
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_LENGTH
        # A message to show makes the page one person's; CookieStorage keeps it here.
        and "messages" not in request.COOKIES
        and _sessionless(request)
    )


def _sessionless(request) -> bool:
    """No session: an anonymous visitor who has passed no password form.

    Listings on public pages show what the viewer may see (clips.access): a signed-in member
    of a group may see cards others must not. So only sessionless requests read or fill the
    cache; everyone else gets their own rendering, marked private.
    """
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _bypassed(request) -> bool:
    return getattr(settings, "PAGE_CACHE_ALLOW_BYPASS", False) and (
        request.META.get(BYPASS_HEADER, "").lower() == "bypass"
    )


def _query(request) -> str:
    return "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))


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
        path = request.path
        key, gen_key = entry_key(host, path, _query(request)), generation_key(path)
        bypass = _bypassed(request)
        found = _cache().get_many([gen_key] if bypass else [key, gen_key])
        generation = found.get(gen_key)
        entry = found.get(key)
        if entry is not None and entry[0] == generation and generation is not None:
            return self._hit(entry)
        if generation is None:
            _cache().add(gen_key, uuid.uuid4().hex, timeout=GENERATION_SECONDS)
            generation = _cache().get(gen_key)
        response = self.get_response(request)
        stored = (key, generation, "bypass" if bypass else "miss")
        return self._finish(request, response, stored)

    @staticmethod
    def _hit(entry) -> HttpResponse:
        _generation, status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        public_headers(response)
        response[STATUS_HEADER] = "hit"
        return response

    def _finish(self, request, response, stored):
        cacheable = (
            getattr(request, "_page_cache_public", False)
            and _sessionless(request)
            and request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "messages" not in request.COOKIES
        )
        if not cacheable:
            if not response.has_header("Cache-Control"):
                add_never_cache_headers(response)
            return response
        # The same bytes for everyone: nothing here depends on the cookie.
        if response.has_header("Vary"):
            kept = [v for v in response["Vary"].split(",") if v.strip().lower() != "cookie"]
            del response["Vary"]
            if kept:
                patch_vary_headers(response, [v.strip() for v in kept])
        public_headers(response)
        if stored is not None:
            key, generation, status = stored
            headers = [
                (name, value) for name, value in response.items() if name.lower() not in NOT_STORED
            ]
            entry = (generation, response.status_code, headers, response.content)
            _cache().set(key, entry, timeout=seconds())
            response[STATUS_HEADER] = status
        return response
