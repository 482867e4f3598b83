"""The discussion's questions to the one access policy (``clips.access``).

A restricted clip's discussion is as private as the clip: whatever hangs on a clip or topic
(comments, questions, answers, notifications, flags) is shown to whoever the policy lets see
that page, and to nobody else. Single pages ask ``can_see_page``; listings of rows that point
at pages keep only rows whose pages the policy lists, inside the listing's own query.
"""

from django.db.models import Exists, OuterRef, Q
from wagtail.models import Page

from clips import access


def page_visible(viewer, page) -> bool:
    """May ``viewer`` (a request, a user or None) see this topic or clip?"""
    return access.can_see_page(viewer, page)


def clip_visible(viewer, clip) -> bool:
    return access.can_see_page(viewer, clip)


def exclude_blocked(queryset, viewer, *relations: str):
    """``queryset`` keeping only rows whose pages at ``relations`` ("clip", "parent__topic", …)
    are empty or listed for ``viewer``; "" means the queryset is of pages. One query still.

    Each row's page is looked up by its key (a correlated EXISTS), never by listing every page
    of the hub: the rows are few, the pages many."""
    for relation in relations:
        page = Page.objects.filter(pk=OuterRef(relation or "pk"))
        listed = Exists(access.listed_pages(viewer, page))
        if not relation:
            queryset = queryset.filter(listed)
            continue
        queryset = queryset.filter(Q(**{f"{relation}__isnull": True}) | listed)
    return queryset
