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

    seconds = getattr(settings, "LISTING_CACHE_SECONDS", 30)
    shared_by = access.visibility_class(viewer) if seconds > 0 else None
    if shared_by is None:
        return compute(), None
    key = f"listings:{shared_by}:{name}"
    found = cache.get_many([LISTINGS_GENERATION_KEY, key])
    generation, entry = found.get(LISTINGS_GENERATION_KEY), found.get(key)
    if generation is not None and entry is not None and entry[0] == generation:
        return entry[1], generation
    if generation is None:
        generation = generation_current()
    # The generation is read before computing: a purge meanwhile leaves this entry stale.
    value = compute()
    cache.set(key, (generation, value), timeout=seconds)
    return value, generation


def kept_render(name: str, render) -> str:
    """``render()``, HTML that every viewer is shown alike, kept under the listings' generation
    for ``LISTING_CACHE_SECONDS``: every purge of clips.caching drops it with the listings.
    ``name`` must say everything the HTML depends on (it is the cache key)."""
    from django.utils.safestring import mark_safe

    seconds = getattr(settings, "LISTING_CACHE_SECONDS", 30)
    if seconds <= 0:
        return render()
    key = f"rendered:{name}"
    found = cache.get_many([LISTINGS_GENERATION_KEY, key])
    # The generation is read before rendering: a purge meanwhile leaves this copy stale.
    generation = found.get(LISTINGS_GENERATION_KEY) or generation_current()
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return mark_safe(entry[1])  # our own render, kept
    html = render()
    cache.set(key, (generation, str(html)), timeout=seconds)
    return html
