"""The one place that decides who may fetch a clip's video, poster and captions.

A live clip's files are public. Anything else (a draft, a clip in moderation, a video not
yet on any page) is for its contributor (the page owner or the uploader), moderators
(groups "Editors" and "Peer reviewers") and superusers; everyone else gets a 404.
"""

import enum

from .models import ClipMedia, ClipPage

EDITORS_GROUP = "Editors"
REVIEWERS_GROUP = "Peer reviewers"


class Access(enum.Enum):
    PUBLIC = "public"  # a live clip uses it: anyone, cacheable
    PRIVATE = "private"  # allowed for this user only: never cache publicly
    DENIED = "denied"


def _group_names(user) -> set[str]:
    """The user's group names, read once and kept on the user (``level_set`` clears them)."""
    names = getattr(user, "_hubbub_group_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._hubbub_group_names = names
    return names


def is_moderator(user) -> bool:
    """Editors and peer reviewers see everything waiting in moderation."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return bool(_group_names(user) & {EDITORS_GROUP, REVIEWERS_GROUP})


def is_editor(user) -> bool:
    """Editors and superusers: the community dashboard and the editors' reports."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or EDITORS_GROUP in _group_names(user)


def _private_access(user, owner_ids) -> Access:
    if not user.is_authenticated:
        return Access.DENIED
    if user.pk in owner_ids or is_moderator(user):
        return Access.PRIVATE
    return Access.DENIED


def media_access(user, media: ClipMedia) -> Access:
    """A video used by a live clip is public; otherwise its contributors' and moderators'."""
    pages = list(media.clip_pages.only("live", "owner_id"))
    if any(page.live for page in pages):
        return Access.PUBLIC
    owners = {media.uploaded_by_user_id, *(page.owner_id for page in pages)}
    return _private_access(user, owners - {None})


def clip_access(user, page: ClipPage) -> Access:
    """A live clip is public; a draft is its owner's, its video's uploader's and moderators'."""
    if page.live:
        return Access.PUBLIC
    owners = {page.owner_id, page.video.uploaded_by_user_id if page.video_id else None}
    return _private_access(user, owners - {None})


def can_view_media(user, media: ClipMedia) -> bool:
    return media_access(user, media) is not Access.DENIED
