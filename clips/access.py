"""Who may see what: the one policy every page, file, listing, search, API and feed asks.

The rule
--------
- A **live page** is visible unless a Wagtail ``PageViewRestriction`` on it or on any of its
  ancestors turns the viewer away: "login" needs a signed-in user, "groups" a member of one
  of its groups (or a superuser), "password" a session that has passed Wagtail's password
  form for that restriction. A live page under no restriction at all is **public**.
- A page that is **not live** (a draft, a submission in moderation) is for its owner (the
  contributor), the uploader of its video, the reviewers of the stage it currently waits in
  (members of that group approval task's groups) and editors (group "Editors" and
  superusers). Peer reviewers do not see every unpublished clip: only what waits for them.
- A clip's **video, poster and captions** follow the clip: whoever may see a page that uses
  the file may fetch it. A file on no page is its uploader's and the editors'.
- **Listings** (home, topics, related, profiles, search, the API, feeds) show cards of live
  pages the viewer may see, filtered in the listing's own query (``listed_pages``), never
  card by card. Without a viewer a listing is what anonymous visitors see.

The restrictions are read from ``clips.restrictions`` (all of them, kept in the cache and
replaced on every change): a listing's condition is ``live`` and "not under" the few page
paths whose restriction turns this viewer away, decided here in Python.

A listing filtered for a signed-in viewer may hold cards others must not see, so a cached
page is kept per **visibility class** (``visibility_class``): everything about a viewer that
changes what a listing shows. Most signed-in people share one class.

"Viewer" below is the request (it carries the user and the passed password restrictions) or
a user; a user alone never passes a password restriction. The roles live in Wagtail groups,
named once here; the workflow's stages are Wagtail group approval tasks, read generically.
"""

import enum

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from wagtail.models import (
    AbstractGroupApprovalTask,
    Page,
    PageViewRestriction,
    Task,
    TaskState,
    WorkflowState,
)

from .restrictions import current as restrictions_current

# The groups that carry the community's roles (see contributions.people.ladder for who gets them).
CONTRIBUTORS_GROUP = "Contributors"
REVIEWERS_GROUP = "Peer reviewers"
EDITORS_GROUP = "Editors"


class Access(enum.Enum):
    PUBLIC = "public"  # anyone may see it: cacheable by anyone
    PRIVATE = "private"  # this viewer may see it: never cache publicly
    DENIED = "denied"


# Roles -----------------------------------------------------------------------------------


def _groups(user) -> dict[int, str]:
    """The user's groups (id: name), read once and kept on the user (``level_set`` clears
    them)."""
    groups = getattr(user, "_hubbub_groups", None)
    if groups is None:
        groups = dict(user.groups.values_list("pk", "name"))
        user._hubbub_groups = groups
    return groups


def _group_names(user) -> set[str]:
    return set(_groups(user).values())


def is_editor(user) -> bool:
    """Editors and superusers: drafts, the community dashboard and the editors' reports."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or EDITORS_GROUP in _group_names(user)


def is_moderator(user) -> bool:
    """Editors and peer reviewers: the people with a review queue in the admin."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_editor(user) or REVIEWERS_GROUP in _group_names(user)


# Viewers ---------------------------------------------------------------------------------


def _viewer(who) -> tuple:
    """(user, ids of password restrictions passed) from a request, a user or None."""
    if who is None:
        return AnonymousUser(), ()
    if hasattr(who, "is_authenticated"):
        return who, ()
    # A request (Django's or DRF's): its user, and what its session has passed.
    user = getattr(who, "user", None) or AnonymousUser()
    session = getattr(who, "session", None)
    if session is None:
        return user, ()
    key = PageViewRestriction.passed_view_restrictions_session_key
    return user, tuple(session.get(key, ()))


# Query conditions ------------------------------------------------------------------------


def _blocks(restriction, user, passed: frozenset[int], member_of) -> bool:
    """Does this restriction turn the viewer away? ``member_of()``: the user's group ids."""
    if restriction.kind == PageViewRestriction.PASSWORD:
        return restriction.pk not in passed
    if restriction.kind not in (PageViewRestriction.LOGIN, PageViewRestriction.GROUPS):
        return False
    if not user.is_authenticated:
        return True
    if restriction.kind == PageViewRestriction.GROUPS and not user.is_superuser:
        return not restriction.groups & member_of()
    return False


def blocked_paths(who=None) -> tuple[str, ...]:
    """Tree paths of the pages whose view restriction turns the viewer away: those pages
    and every page below them (a path prefix) are what the viewer may not see. Outermost
    only, sorted; empty for most viewers of most hubs."""
    user, passed = _viewer(who)
    restrictions = restrictions_current()
    if not restrictions:
        return ()
    passed_ids = frozenset(_ids(passed))

    def member_of():
        return _groups(user).keys()

    paths = sorted({r.path for r in restrictions if _blocks(r, user, passed_ids, member_of)})
    outermost: list[str] = []
    for path in paths:  # sorted: a page's path comes right before those of its descendants
        if not outermost or not path.startswith(outermost[-1]):
            outermost.append(path)
    return tuple(outermost)


def _ids(passed) -> list[int]:
    ids = []
    for pk in passed:
        try:
            ids.append(int(pk))
        except (TypeError, ValueError):
            continue
    return ids


def _under(path: str, blocked: tuple[str, ...]) -> bool:
    return any(path.startswith(prefix) for prefix in blocked)


def _unrestricted_q(who) -> Q:
    """Pages with no blocking restriction on themselves or an ancestor (path prefix)."""
    condition = Q()
    for path in blocked_paths(who):
        condition &= ~Q(path__startswith=path)
    return condition


def _stage_tasks(user):
    """Active group approval tasks (of any concrete type) with one of the user's groups."""
    in_groups = Q(pk__in=[])
    for model in apps.get_models():
        if issubclass(model, AbstractGroupApprovalTask):
            in_groups |= Q(pk__in=model.objects.filter(groups__user=user).values("pk"))
    return Task.objects.filter(in_groups, active=True).values("pk")


def _moderation_q(user) -> Q | None:
    """Non-live pages this user may see (None: none at all, for anonymous visitors)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if is_editor(user):
        return Q()
    waiting_for_user = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS,
        current_task_state__status=TaskState.STATUS_IN_PROGRESS,
        current_task_state__task__in=_stage_tasks(user),
        base_content_type__app_label="wagtailcore",
        base_content_type__model="page",
        object_id=Cast(OuterRef("pk"), CharField(max_length=255)),
    )
    clip_model = apps.get_model("clips", "ClipPage")
    uploaded = clip_model.objects.filter(video__uploaded_by_user=user).values("pk")
    return Q(owner=user) | Q(pk__in=uploaded) | Exists(waiting_for_user)


def listed_q(who=None) -> Q:
    """The condition ``listed_pages`` applies, for building bigger queries."""
    return Q(live=True) & _unrestricted_q(who)


def visible_q(who=None) -> Q:
    """The condition ``visible_pages`` applies, for building bigger queries."""
    user, _passed = _viewer(who)
    moderation = _moderation_q(user)
    listed = listed_q(who)
    if moderation is None:
        return listed
    return listed | (Q(live=False) & moderation)


# Visibility classes ----------------------------------------------------------------------

ANONYMOUS_CLASS = "anonymous"


def visibility_class(who) -> str | None:
    """A name shared by every viewer whose listings show the same cards; None: this viewer's
    own (a passed password restriction), never cached for anyone else.

    It mirrors ``_blocks``: signed in or not (login restrictions), superuser
    or not (no group restriction applies), and which of the groups named by group
    restrictions the user is in. Nothing else changes a listing: editors' and reviewers'
    extra rights are for pages not yet live, which listings never show.
    """
    user, passed = _viewer(who)
    if passed:
        return None
    if not user.is_authenticated:
        return ANONYMOUS_CLASS
    if user.is_superuser:
        return "superuser"
    restricting = set()
    for restriction in restrictions_current():
        if restriction.kind == PageViewRestriction.GROUPS:
            restricting |= restriction.groups
    groups = sorted(restricting & _groups(user).keys()) if restricting else ()
    return "signed-in" + "".join(f":{group}" for group in groups)


# Questions -------------------------------------------------------------------------------


def listed_pages(who, queryset):
    """Live pages of ``queryset`` the viewer may see: what any listing shows as cards."""
    return queryset.filter(listed_q(who))


def public_pages(queryset):
    """Live pages anyone may see: what listings show to anonymous visitors."""
    return listed_pages(None, queryset)


def visible_pages(who, queryset):
    """Pages of ``queryset`` the viewer may open, drafts and submissions in moderation too."""
    return queryset.filter(visible_q(who))


def page_access(who, page) -> Access:
    """May the viewer see this page (and its captions)? PUBLIC, PRIVATE or DENIED."""
    loaded = page.__dict__
    if loaded.get("live") is True and "path" in loaded:
        # A live page loaded in full (as the request that serves it loads it): the kept
        # restrictions decide without a query; the moderation rules are for pages not live.
        if not _under(page.path, blocked_paths(None)):
            return Access.PUBLIC
        if not _under(page.path, blocked_paths(who)):
            return Access.PRIVATE
        return Access.DENIED
    one = Page.objects.filter(pk=page.pk)
    if public_pages(one).exists():
        return Access.PUBLIC
    if visible_pages(who, one).exists():
        return Access.PRIVATE
    return Access.DENIED


def can_see_page(who, page) -> bool:
    return page_access(who, page) is not Access.DENIED


def media_access(who, media) -> Access:
    """May the viewer fetch this video or poster? It follows the pages that use it."""
    pages = apps.get_model("clips", "ClipPage").objects.filter(video_id=media.pk)
    if public_pages(pages).exists():
        return Access.PUBLIC
    if visible_pages(who, pages).exists():
        return Access.PRIVATE
    user, _passed = _viewer(who)
    if not user.is_authenticated or pages.exists():
        return Access.DENIED
    # A file on no page (just uploaded, or left over): its uploader's and the editors'.
    if media.uploaded_by_user_id == user.pk or is_editor(user):
        return Access.PRIVATE
    return Access.DENIED
