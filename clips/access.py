"""The one place that decides who may fetch a clip's video, poster and captions."""

import enum

from .models import ClipMedia

EDITORS_GROUP = "Editors"
REVIEWERS_GROUP = "Peer reviewers"


class Access(enum.Enum):
    PUBLIC = "public"  # a live clip uses it: anyone, cacheable
    PRIVATE = "private"  # allowed for this user only: never cache publicly
    DENIED = "denied"


def is_moderator(user) -> bool:
    """Editors and peer reviewers see everything waiting in moderation."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    names = getattr(user, "_hubbub_group_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._hubbub_group_names = names
    return bool(names & {EDITORS_GROUP, REVIEWERS_GROUP})


def media_access(user, media: ClipMedia) -> Access:
    """A video of a live clip is public; anything else only for its owner and moderators."""
    pages = list(media.clip_pages.only("live", "owner_id"))
    if any(page.live for page in pages):
        return Access.PUBLIC
    if not user.is_authenticated:
        return Access.DENIED
    if media.uploaded_by_user_id == user.pk or any(p.owner_id == user.pk for p in pages):
        return Access.PRIVATE
    return Access.PRIVATE if is_moderator(user) else Access.DENIED


def can_view_media(user, media: ClipMedia) -> bool:
    return media_access(user, media) is not Access.DENIED
