"""One signal for "the discussion shown on a page changed", sent in one place (services).

A cached clip or topic page must be purged when a comment is posted, edited, removed or
hidden; whatever purges pages connects here (``clip`` and/or ``topic`` are given).
"""

from django.dispatch import Signal

discussion_changed = Signal()
