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

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from .listing_cache import LISTINGS_GENERATION_KEY, generation_current, kept_seconds, site_id

CARD_TEMPLATE = "clips/includes/clip_card.html"


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


def card_key(site, clip) -> str:
    topic = "t" if clip.card_topic is not None else "n"
    return f"card:{site}:{topic}:{clip.pk}:{_version(clip)}"


class KeptCard:
    """A card of a kept listing whose HTML is kept too: nothing of the clip is loaded."""

    __slots__ = ("pk", "html")

    def __init__(self, pk: int, html: str):
        self.pk, self.html = pk, html


def _kept_key(site, pk: int, with_topic: bool) -> str:
    return f"card:{site}:{'t' if with_topic else 'n'}:{pk}"


def kept_html(viewer, id_lists: dict, generations: dict, with_topic=()) -> dict:
    """``{(name, pk): html}``: the kept cards of kept listings (``{name: ids}``, each kept
    under ``generations[name]``, clips.listing_cache), in one round trip.

    Only a card rendered from rows read after that generation was read is kept under it
    (``keep_under``), so a purge since leaves it stale with its listing. Who may see the clip
    is the listing's answer: it was computed for every viewer like this one.
    """
    if kept_seconds() <= 0 or not hasattr(viewer, "META"):
        return {}
    site = site_id(viewer)
    keys = {
        (name, pk): _kept_key(site, pk, name in with_topic)
        for name, ids in id_lists.items()
        if generations.get(name)
        for pk in ids
    }
    found = cache.get_many(set(keys.values()))
    html = {}
    for (name, pk), key in keys.items():
        entry = found.get(key)
        if entry is not None and entry[0] == generations[name]:
            html[name, pk] = mark_safe(entry[1])  # our own render, kept
    return html


def keep_under(clips, generation) -> None:
    """These clips were loaded after ``generation`` was read (and for a listing kept under
    it): their cards, once rendered, may be kept under it for ``kept_html``."""
    if generation:
        for clip in clips:
            clip._card_generation = generation


def cards_html(context, clips) -> list[tuple]:
    """``[(clip, html)]`` for the listing's cards, in order: kept ones (and the generation)
    from one round trip, the rest rendered with ``context``'s request and kept with one more."""
    clips = list(clips)
    if not clips:
        return []
    template = get_template(CARD_TEMPLATE).template
    request = context.get("request")
    seconds = kept_seconds()
    if seconds <= 0:
        return [(clip, _html(template, context, request, clip)) for clip in clips]
    site = site_id(request)
    keys = [None if isinstance(clip, KeptCard) else card_key(site, clip) for clip in clips]
    found = cache.get_many([LISTINGS_GENERATION_KEY, *filter(None, keys)])
    # The generation is read before rendering: a purge meanwhile leaves these cards stale.
    generation = found.get(LISTINGS_GENERATION_KEY) or generation_current()
    rows, missing = [], {}
    for clip, key in zip(clips, keys, strict=True):
        entry = found.get(key)
        if key is None:
            html = clip.html
        elif entry is not None and entry[0] == generation:
            html = mark_safe(entry[1])  # our own render, kept
        else:
            html = _render(template, context, request, clip)
            missing[key] = (generation, html)
            kept_under = clip.__dict__.get("_card_generation")
            if kept_under:
                with_topic = clip.card_topic is not None
                missing[_kept_key(site, clip.pk, with_topic)] = (kept_under, html)
        rows.append((clip, html))
    if missing:
        cache.set_many(missing, timeout=seconds)
    return rows


def _html(template, context, request, clip) -> str:
    return clip.html if isinstance(clip, KeptCard) else _render(template, context, request, clip)


def _render(template, context, request, clip) -> str:
    return template.render(context.new({"clip": clip, "request": request}))
