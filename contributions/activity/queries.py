"""Reads of learner activity: the latest ratings, your rating, progress and follows."""

from django.db.models.functions import Substr

from clips import access, listing_cache
from clips.models import ClipPage, TopicPage
from clips.queries import attach_topics, clip_cards, sort_clips

from .models import Rating, TopicFollow, WatchProgress


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

    # The list is kept per visibility class (clips.listing_cache); its clips are asked again.
    kept = listing_cache.public_listing(f"recent-activity:{limit}", viewer, compute)
    if computed or not kept:
        return computed
    visible = access.listed_pages(viewer, ClipPage.objects.filter(pk__in=[c for _r, c in kept]))
    found = {r.pk: r for r in ratings.filter(pk__in=[r for r, _c in kept], clip__in=visible)}
    return [found[pk] for pk, _clip in kept if pk in found]


def progress_of(*, user, clip_id: int) -> WatchProgress | None:
    if not user.is_authenticated:
        return None
    return WatchProgress.objects.filter(user=user, clip_id=clip_id).first()


def continue_watching(*, user, viewer=None, limit: int = 6) -> list[WatchProgress]:
    """Clips the user started, has not finished and may still see; newest first, one query."""
    visible = access.listed_pages(viewer or user, ClipPage.objects.all())
    return list(
        WatchProgress.objects.filter(user=user, completed=False, position__gt=0, clip__in=visible)
        .select_related("clip", "clip__video")
        .order_by("-updated_at")[:limit]
    )


def followed_topics(*, user, viewer=None) -> list[TopicPage]:
    """The topics the user follows and may (still) see."""
    topics = access.listed_pages(viewer or user, TopicPage.objects.filter(follows__user=user))
    return list(topics.order_by("title").distinct())


def followed_feed(*, topics: list[TopicPage], viewer=None, limit: int = 8) -> list[ClipPage]:
    """The newest clips the viewer may see in the given topics, with their topic set."""
    if not topics:
        return []
    depth = topics[0].depth
    clips = (
        clip_cards(viewer=viewer)
        .annotate(topic_path=Substr("path", 1, depth * TopicPage.steplen))
        .filter(topic_path__in=[topic.path for topic in topics])
    )
    return attach_topics(sort_clips(clips, "newest")[:limit])


def is_following(*, user, topic_id: int) -> bool:
    if not user.is_authenticated:
        return False
    return TopicFollow.objects.filter(user=user, topic_id=topic_id).exists()


def rating_of(*, user, clip_id: int) -> int | None:
    """The user's score for a clip, or None (a read for the personal JSON endpoint)."""
    if not user.is_authenticated:
        return None
    return Rating.objects.filter(user=user, clip_id=clip_id).values_list("score", flat=True).first()
