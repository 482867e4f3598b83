"""May this person see this clip or topic, and everything hung on it (discussion, notifications)?

A restricted clip's discussion is as private as the clip. Until the site-wide access policy
lands, this module asks the two things that decide it today: ``clips.access.clip_access``
(live, or the person's own draft / a moderator's) and Wagtail's page view restrictions on
the page or an ancestor (login, groups; a shared password is never assumed to be known
outside a request). Every people-to-people read and every notification asks here, so moving
to the one policy is a change in this file only.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith
from wagtail.models import PageViewRestriction

from clips.access import Access, clip_access, is_editor


def _group_ids(user) -> set[int]:
    ids = getattr(user, "_hubbub_group_ids", None)
    if ids is None:
        ids = set(user.groups.values_list("pk", flat=True)) if user.is_authenticated else set()
        user._hubbub_group_ids = ids
    return ids


def _restriction_allows(restriction: PageViewRestriction, user) -> bool:
    if restriction.restriction_type == PageViewRestriction.LOGIN:
        return user.is_authenticated
    if restriction.restriction_type == PageViewRestriction.GROUPS:
        wanted = {group.pk for group in restriction.groups.all()}
        return bool(wanted & _group_ids(user))
    return False  # a shared password: only known inside a request that passed it


def blocked_paths(user) -> list[str]:
    """Tree paths under which ``user`` may see nothing (one or two queries)."""
    user = user or AnonymousUser()
    if is_editor(user):
        return []
    restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("groups")
    return [r.page.path for r in restrictions if not _restriction_allows(r, user)]


def page_visible(user, page) -> bool:
    """A page (topic or clip) is visible when no restriction on it or above refuses ``user``."""
    return not any(page.path.startswith(path) for path in blocked_paths(user))


def clip_visible(user, clip) -> bool:
    """Live (or the person's own or a moderator's) and under no restriction that refuses them."""
    user = user or AnonymousUser()
    return clip_access(user, clip) is not Access.DENIED and page_visible(user, clip)


def _restricted_above(path_field: str):
    """True where the page at ``path_field`` has any view restriction on it or above."""
    return Exists(
        PageViewRestriction.objects.filter(StartsWith(OuterRef(path_field), F("page__path")))
    )


def exclude_blocked(queryset, user, *prefixes: str):
    """``queryset`` without rows whose page(s) at ``prefixes`` lie under a refused restriction.

    ``prefixes`` name page relations ("clip", "topic"); "" means the queryset is of pages.
    For anonymous visitors every restriction refuses, so it is one subquery in the same SQL
    (public pages stay within their query budget); for people it depends on their groups.
    """
    if not (user and user.is_authenticated):
        for prefix in prefixes:
            field = f"{prefix}__path" if prefix else "path"
            queryset = queryset.exclude(_restricted_above(field))
        return queryset
    paths = blocked_paths(user)
    if not paths:
        return queryset
    condition = Q()
    for prefix in prefixes:
        field = f"{prefix}__path__startswith" if prefix else "path__startswith"
        for path in paths:
            condition |= Q(**{field: path})
    return queryset.exclude(condition)
