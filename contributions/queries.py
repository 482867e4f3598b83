"""Read-side queries for community activity."""

from clips import access, caching
from clips.models import ClipPage

from .models import Rating


def recent_activity(limit: int, *, viewer=None):
    """The latest ratings on clips the viewer may see, with who and what, in one query.

    Shown to everyone, so it says who rated which clip and never the score: a colleague's
    low score is theirs, only the clip's average is public.
    """
    ratings = Rating.objects.select_related("user", "user__profile", "clip")
    computed = []

    def compute():
        visible = access.listed_pages(viewer, ClipPage.objects.all())
        computed.extend(ratings.filter(clip__in=visible).order_by("-updated_at")[:limit])
        return [(rating.pk, rating.clip_id) for rating in computed]

    # For anonymous visitors the list is kept (clips.caching); its clips are asked again.
    kept = caching.public_listing(f"recent-activity:{limit}", viewer, compute)
    if computed or not kept:
        return computed
    visible = access.listed_pages(viewer, ClipPage.objects.filter(pk__in=[c for _r, c in kept]))
    found = {r.pk: r for r in ratings.filter(pk__in=[r for r, _c in kept], clip__in=visible)}
    return [found[pk] for pk, _clip in kept if pk in found]
