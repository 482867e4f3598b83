"""Read-side queries for community activity."""

from .models import Rating


def recent_activity(limit: int):
    """The latest ratings on live clips, with who and what, in one query.

    Shown to everyone, so it says who rated which clip and never the score: a colleague's
    low score is theirs, only the clip's average is public.
    """
    return list(
        Rating.objects.filter(clip__live=True)
        .select_related("user", "user__profile", "clip")
        .order_by("-updated_at")[:limit]
    )
