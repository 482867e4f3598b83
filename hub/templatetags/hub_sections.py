"""Sections other apps add to a page without the page's app knowing them.

``{% sections "clip_page" page %}`` renders whatever the ``hubbub_clip_page_sections`` hooks
return for ``page``, in hook order. The clip, topic and profile pages stay ignorant of the
discussion (dependencies point one way), and an app that is not installed adds nothing.
Each hook is ``fn(request, obj) -> str`` and returns rendered, autoescaped HTML.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from wagtail import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def sections(context, name: str, obj):
    request = context.get("request")
    parts = [fn(request, obj) for fn in hooks.get_hooks(f"hubbub_{name}_sections")]
    # Plain strings are escaped; only the hooks' rendered templates pass as they are.
    return mark_safe("".join(conditional_escape(part) for part in parts if part))  # noqa: S308
