"""Read-side queries for community activity."""

from clips import access
from clips.models import ClipPage

from .models import Rating


def recent_activity(limit: int, *, viewer=None):
    """The latest ratings on clips the viewer may see, with who and what, in one query.

    Shown to everyone, so it says who rated which clip and never the score: a colleague's
    low score is theirs, only the clip's average is public.
    """
    return list(
        Rating.objects.filter(clip__in=access.listed_pages(viewer, ClipPage.objects.all()))
        .select_related("user", "user__profile", "clip")
        .order_by("-updated_at")[:limit]
    )
