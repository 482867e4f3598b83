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

A listing filtered for a signed-in viewer may hold cards others must not see: only the
anonymous rendering of a page may be cached for everyone.

"Viewer" below is the request (it carries the user and the passed password restrictions) or
a user; a user alone never passes a password restriction. The roles live in Wagtail groups,
named once here; the workflow's stages are Wagtail group approval tasks, read generically.
"""

import enum

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast, Length, Substr
from wagtail.models import (
    AbstractGroupApprovalTask,
    Page,
    PageViewRestriction,
    Task,
    TaskState,
    WorkflowState,
)

# The groups that carry the community's roles (see contributions.people.ladder for who gets them).
CONTRIBUTORS_GROUP = "Contributors"
REVIEWERS_GROUP = "Peer reviewers"
EDITORS_GROUP = "Editors"


class Access(enum.Enum):
    PUBLIC = "public"  # anyone may see it: cacheable by anyone
    PRIVATE = "private"  # this viewer may see it: never cache publicly
    DENIED = "denied"


# Roles -----------------------------------------------------------------------------------


def _group_names(user) -> set[str]:
    """The user's group names, read once and kept on the user (``level_set`` clears them)."""
    names = getattr(user, "_hubbub_group_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._hubbub_group_names = names
    return names


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


def _blocking_restrictions(user, passed):
    """The view restrictions that turn this viewer away (a queryset, not evaluated)."""
    blocking = Q(restriction_type=PageViewRestriction.PASSWORD)
    if passed:
        blocking &= ~Q(pk__in=passed)
    if not user.is_authenticated:
        blocking |= Q(restriction_type__in=[PageViewRestriction.LOGIN, PageViewRestriction.GROUPS])
    elif not user.is_superuser:
        member = PageViewRestriction.groups.through.objects.filter(
            pageviewrestriction_id=OuterRef("pk"), group__user=user
        )
        blocking |= Q(restriction_type=PageViewRestriction.GROUPS) & ~Exists(member)
    return PageViewRestriction.objects.filter(blocking)


def _unrestricted_q(user, passed) -> Q:
    """Pages with no blocking restriction on themselves or an ancestor (path prefix)."""
    on_page_or_ancestor = _blocking_restrictions(user, passed).filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return ~Exists(on_page_or_ancestor)


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
    user, passed = _viewer(who)
    return Q(live=True) & _unrestricted_q(user, passed)


def visible_q(who=None) -> Q:
    """The condition ``visible_pages`` applies, for building bigger queries."""
    user, _passed = _viewer(who)
    moderation = _moderation_q(user)
    listed = listed_q(who)
    if moderation is None:
        return listed
    return listed | (Q(live=False) & moderation)


# Questions -------------------------------------------------------------------------------


def is_public_viewer(who) -> bool:
    """The viewer's listings are exactly an anonymous visitor's: not signed in and no
    password form passed (so what was computed for one such viewer holds for all)."""
    user, passed = _viewer(who)
    return not user.is_authenticated and not passed


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
