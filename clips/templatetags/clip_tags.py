from django import template

from clips import card_cache, queries
from clips.authorship import is_made_by

register = template.Library()


@register.filter
def duration(seconds) -> str:
    """12.4 → "0:12"; 3725 → "1:02:05"."""
    try:
        total = int(round(float(seconds)))
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.filter
def stars(average) -> str:
    """A plain-text rating for cards: "4.3 ★" or "not rated"."""
    return f"{average:.1f} ★" if average else "not rated"


@register.filter
def made_by(clip, user) -> bool:
    """``{% if clip|made_by:request.user %}``: they presented or contributed it."""
    return is_made_by(user, clip)


@register.simple_tag
def topics_url() -> str:
    """``{% topics_url %}``: the topics index, wherever editors put it (cached)."""
    return queries.topic_index_url()


@register.simple_tag(takes_context=True)
def clip_cards_html(context, clips):
    """``{% clip_cards_html clips as cards %}{% for clip, html in cards %}``: each clip with
    its card's HTML, kept between renders (clips.card_cache)."""
    return card_cache.cards_html(context, clips)
