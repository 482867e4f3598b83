"""How a dashboard table cell reads on the page (the CSV keeps the raw value)."""

import datetime

from django import template
from django.utils import formats, timezone

register = template.Library()


@register.filter
def cell(value):
    """A dash for nothing, local dates, numbers without trailing zeros; text as it is."""
    if value is None:
        return "–"
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "j M Y H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j M Y")
    if isinstance(value, float):
        return f"{value:g}"
    return value
