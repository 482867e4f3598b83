"""Rendered clip cards, kept between renders of the listings that show them.

A card (``clips/includes/clip_card.html``) is the same for everyone who may see the clip:
listings decide who sees which clip (clips.access, clips.queries), and nothing on a card is
personal. So each card's HTML is kept in Django's cache, and a listing fetches all its cards
with one ``get_many``, renders only the missing ones and stores them with one ``set_many``.

What a card shows is in its key, so that a change shows at once:

- the listings' generation (clips.listing_cache): every purge of clips.caching (publish,
  unpublish, edit, move, view restriction, moderation) replaces it, at once and after the
  commit, so every kept card goes with the kept listings;
- the clip's ``last_published_at`` and its video's poster and duration, so that a card
  rendered from rows read before a publish committed is never taken for the new one;
- the site asking (a card links to its clip relatively within its own site) and whether the
  listing attached the clip's topic.

Ratings and view counts are not in the key: a card keeps them for at most
``LISTING_CACHE_SECONDS`` (0 turns the kept cards off), as the kept listings do.
The key says nothing about who may see the clip: only cards a listing already gave this
viewer are looked up, so a card kept for an editor is never shown to anyone else.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from wagtail.models import Site

from .listing_cache import LISTINGS_GENERATION_KEY, generation_current

CARD_TEMPLATE = "clips/includes/clip_card.html"


def card_seconds() -> int:
    return getattr(settings, "LISTING_CACHE_SECONDS", 60)


def _site_id(request) -> int | None:
    if request is None:
        return None
    site = Site.find_for_request(request)  # kept on the request by Wagtail
    return site.pk if site else None


def _version(clip) -> str:
    """What a card shows that a publish or the video's processing changes."""
    video = clip.video if clip.video_id else None
    parts = (
        clip.last_published_at.isoformat() if clip.last_published_at else "",
        clip.video_id or "",
        video.thumbnail.name if video else "",
        video.duration if video else "",
    )
    return hashlib.blake2b(repr(parts).encode(), digest_size=8).hexdigest()


def card_key(site_id, clip) -> str:
    topic = "t" if clip.card_topic is not None else "n"
    return f"card:{site_id}:{topic}:{clip.pk}:{_version(clip)}"


def cards_html(context, clips) -> list[tuple]:
    """``[(clip, html)]`` for the listing's cards, in order: kept ones (and the generation)
    from one round trip, the rest rendered with ``context``'s request and kept with one more."""
    clips = list(clips)
    if not clips:
        return []
    template = get_template(CARD_TEMPLATE).template
    request = context.get("request")
    seconds = card_seconds()
    if seconds <= 0:
        return [(clip, _render(template, context, request, clip)) for clip in clips]
    site_id = _site_id(request)
    keys = [card_key(site_id, clip) for clip in clips]
    found = cache.get_many([LISTINGS_GENERATION_KEY, *keys])
    # The generation is read before rendering: a purge meanwhile leaves these cards stale.
    generation = found.get(LISTINGS_GENERATION_KEY) or generation_current()
    rows, missing = [], {}
    for clip, key in zip(clips, keys, strict=True):
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            html = mark_safe(entry[1])  # our own render, kept
        else:
            html = _render(template, context, request, clip)
            missing[key] = (generation, html)
        rows.append((clip, html))
    if missing:
        cache.set_many(missing, timeout=seconds)
    return rows


def _render(template, context, request, clip) -> str:
    return template.render(context.new({"clip": clip, "request": request}))
