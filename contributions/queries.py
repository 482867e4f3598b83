"""Read-side queries for community activity."""

from clips import access
from clips.models import ClipPage

from .models import Rating


def recent_activity(limit: int, *, viewer=None):
    """The latest ratings on clips the viewer may see, with who and what, in one query."""
    return list(
        Rating.objects.filter(clip__in=access.listed_pages(viewer, ClipPage.objects.all()))
        .select_related("user", "user__profile", "clip")
        .order_by("-updated_at")[:limit]
    )
