from django import template

from ..text import moment_label, text_render

register = template.Library()


@register.filter
def comment_text(text: str):
    """Plain text with its links made clickable and everything else escaped."""
    return text_render(text or "")


@register.filter
def moment(seconds) -> str:
    return moment_label(float(seconds)) if seconds is not None else ""
