"""Listings kept between renders of the pages that show them, one copy per visibility class.

The listings inside pages (which clips rank top, the busiest topics, a topic's counts and
sorted pages, related clips, recent activity) cost a scan of every clip, so what they hold
is kept for ``LISTING_CACHE_SECONDS``: a page rendered afresh reuses it. A listing shows only
live pages the viewer may see, which depends on nothing but the viewer's visibility class
(clips.access.visibility_class: anonymous, signed in, superuser, the restricting groups one
is in), so one copy serves every viewer of a class, as the page cache already does; a viewer
with a class of their own (a password form passed) always gets theirs computed. Every purge of
clips.caching drops them all at once, so only ratings and view counts may be that old.
"""

import uuid

from django.conf import settings
from django.core.cache import cache

from hub import page_cache

LISTINGS_GENERATION_KEY = "listings:gen"


def listings_purge() -> None:
    """Every kept listing becomes stale: each remembers the generation it was computed in."""
    cache.set(LISTINGS_GENERATION_KEY, uuid.uuid4().hex, timeout=page_cache.GENERATION_SECONDS)


def generation_current() -> str:
    """The listings' generation, made when there is none (another process may race: the
    one stored wins)."""
    cache.add(LISTINGS_GENERATION_KEY, uuid.uuid4().hex, page_cache.GENERATION_SECONDS)
    return cache.get(LISTINGS_GENERATION_KEY)


def kept_seconds() -> int:
    """How long listings, rendered cards and sections are kept; 0: never."""
    return getattr(settings, "LISTING_CACHE_SECONDS", 30)


def site_id(request) -> int | None:
    """The site a request asks (what relative links in kept HTML are relative to)."""
    from wagtail.models import Site

    if request is None or not hasattr(request, "META"):
        return None
    site = Site.find_for_request(request)  # kept on the request by Wagtail
    return site.pk if site else None


def page_to_keep(number) -> str | None:
    """A page number (``?page=``) worth keeping a copy for: a short number, "1" when none.
    Anything else is turned into the first or last page by ``get_page`` and is not kept."""
    number = str(number or 1)
    return number if number.isdigit() and len(number) <= 6 else None


def _kept(key: str, compute, seconds: int) -> tuple:
    """``(compute(), generation)``, or the copy kept under ``key`` while the generation holds."""
    found = cache.get_many([LISTINGS_GENERATION_KEY, key])
    # The generation is read before computing: a purge meanwhile leaves this copy stale.
    generation = found.get(LISTINGS_GENERATION_KEY) or generation_current()
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1], generation
    value = compute()
    cache.set(key, (generation, value), timeout=seconds)
    return value, generation


def public_listing(name: str, viewer, compute):
    """``compute()``, kept for every viewer of the viewer's visibility class.

    ``name`` says what was computed and from what (it is the cache key); the value must be
    small plain data (ids, counts), never model instances, so that the cards shown stay
    fresh and their access is checked again when they are loaded.
    """
    return public_listing_kept(name, viewer, compute)[0]


def public_listing_kept(name: str, viewer, compute) -> tuple:
    """``(public_listing(…), generation)``: the generation the value holds for, read before
    it was computed (None when it is not kept: a viewer of their own class, or kept listings off).
    Whatever is derived from the value and rows read after it may be kept under it too."""
    from . import access

    seconds = kept_seconds()
    shared_by = access.visibility_class(viewer) if seconds > 0 else None
    if shared_by is None:
        return compute(), None
    return _kept(f"listings:{shared_by}:{name}", compute, seconds)


def kept_render(request, name: str, render) -> str:
    """``render()``, HTML that every viewer is shown alike, kept per site under the listings'
    generation for ``LISTING_CACHE_SECONDS``: every purge of clips.caching drops it with the
    listings. ``name`` must say everything else the HTML depends on (it is the cache key)."""
    from django.utils.safestring import mark_safe

    seconds = kept_seconds()
    if seconds <= 0:
        return render()
    html, _generation = _kept(f"rendered:{site_id(request)}:{name}", lambda: str(render()), seconds)
    return mark_safe(html)  # our own render, kept
