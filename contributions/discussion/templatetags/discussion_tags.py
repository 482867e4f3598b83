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


@register.filter
def person(user) -> str:
    """A person's shown name (display name, full name or username); the template escapes it."""
    if user is None:
        return "A former member"
    profile = getattr(user, "profile", None)
    return (profile.display_name if profile else "") or user.get_full_name() or user.username
