"""Read-side queries shared by pages, views and the API.

Every listing goes through ``clip_cards`` so that a card's needs (video, statistics,
presenter) come in the listing's own query however many cards there are, and so that
``clips.access`` decides in that same query which cards the viewer may see. ``viewer`` is
the request (or a user); without one a listing is what anonymous visitors see. Cards do not
show tags; callers that do (the API, the clip page) prefetch them with ``with_tags``.
"""

from django.apps import apps
from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Length, Substr

from clips import access

# "Top rated" ranks by a Bayesian average: every clip starts with PRIOR_WEIGHT imaginary
# ratings of PRIOR_MEAN, so one 5-star rating (3.33) does not beat two hundred ratings
# averaging 4.6 (4.56).  score = (PRIOR_WEIGHT * PRIOR_MEAN + sum) / (PRIOR_WEIGHT + count)
PRIOR_MEAN = 3.0
PRIOR_WEIGHT = 5


def _clip_model():
    return apps.get_model("clips", "ClipPage")


def _topic_model():
    return apps.get_model("clips", "TopicPage")


def bayesian_score():
    count = Coalesce(F("stats__rating_count"), Value(0))
    total = Coalesce(F("stats__rating_sum"), Value(0))
    return ExpressionWrapper(
        (Value(PRIOR_WEIGHT * PRIOR_MEAN) + total) * Value(1.0) / (Value(PRIOR_WEIGHT) + count),
        output_field=FloatField(),
    )


# Columns no card shows, and the largest of a clip's row (the transcript is decoded from
# JSON for every row that loads it): left in the database for listings.
CARD_DEFERRED = ("transcript", "transcript_cues")


def clip_cards(pages=None, *, viewer=None):
    """Live clips the viewer may see, with what a card shows, from a page queryset.

    Cards show no transcript; a caller that does (search's caption lines) adds
    ``defer(None)``.
    """
    ClipPage = _clip_model()
    qs = ClipPage.objects.all()
    if pages is not None:
        qs = qs.filter(pk__in=pages.type(ClipPage).values("pk"))
    return (
        access.listed_pages(viewer, qs)
        .select_related("video", "stats", "presenter__profile")
        .defer(*CARD_DEFERRED)
    )


def with_tags(qs):
    """The same clips with their tags prefetched (one more query for all of them)."""
    return qs.prefetch_related("tags")


def topic_for_route(index_page, slug: str):
    """A topic under the topics index by slug, as a TopicPage, or None (one query)."""
    return _topic_model().objects.child_of(index_page).filter(slug=slug).first()


def clip_for_route(topic, slug: str):
    """A topic's clip by slug with everything its page shows, or None (three queries)."""
    return (
        with_tags(
            _clip_model()
            .objects.child_of(topic)
            .select_related("video", "stats", "presenter__profile")
            .prefetch_related("caption_tracks")  # one query for all its <track>s
        )
        .filter(slug=slug)
        .first()
    )


def sort_clips(qs, sort: str):
    if sort == "top":
        return qs.annotate(score=bayesian_score()).order_by("-score", "-first_published_at")
    if sort == "popular":
        return qs.order_by(F("stats__view_count").desc(nulls_last=True), "-first_published_at")
    return qs.order_by("-first_published_at", "-pk")


def newest_clips(limit: int, *, viewer=None):
    return list(sort_clips(clip_cards(viewer=viewer), "newest")[:limit])


def top_rated_clips(limit: int, *, viewer=None):
    return list(sort_clips(clip_cards(viewer=viewer), "top")[:limit])


def featured_clips(limit: int, *, viewer=None):
    return list(sort_clips(clip_cards(viewer=viewer).filter(featured=True), "newest")[:limit])


def topics_with_counts(index_page=None, *, viewer=None):
    """Topics the viewer may see, each with ``clip_count`` of its visible clips; two queries."""
    TopicPage = _topic_model()
    topics = access.listed_pages(viewer, TopicPage.objects.all()).order_by("title")
    if index_page is not None:
        topics = topics.child_of(index_page)
    topics = list(topics)
    if not topics:
        return topics
    depth = topics[0].depth
    counts = dict(
        access.listed_pages(viewer, _clip_model().objects.all())
        .annotate(topic_path=Substr("path", 1, depth * 4))
        .values_list("topic_path")
        .annotate(n=Count("pk"))
        .values_list("topic_path", "n")
    )
    for topic in topics:
        topic.clip_count = counts.get(topic.path, 0)
    return topics


def busiest_topics(limit: int, *, viewer=None):
    """Topics ordered by the views their visible clips have had; two queries."""
    TopicPage = _topic_model()
    steplen = TopicPage.steplen
    rows = (
        access.listed_pages(viewer, _clip_model().objects.all())
        .annotate(topic_path=Substr("path", 1, Length("path") - steplen))
        .values("topic_path")
        .annotate(
            clip_count=Count("pk"),
            views=Coalesce(Sum("stats__view_count"), Value(0)),
        )
        .order_by("-views", "-clip_count")[:limit]
    )
    rows = list(rows)
    paths = [row["topic_path"] for row in rows]
    topics = {
        t.path: t for t in access.listed_pages(viewer, TopicPage.objects.filter(path__in=paths))
    }
    result = []
    for row in rows:
        topic = topics.get(row["topic_path"])
        if topic is not None:
            topic.clip_count = row["clip_count"]
            topic.view_count = row["views"]
            result.append(topic)
    return result


def attach_topics(clips):
    """Set ``clip.topic`` on each clip with one query for all their parents."""
    clips = list(clips)
    parent_paths = {clip.path[: -clip.steplen] for clip in clips}
    topics = {t.path: t for t in _topic_model().objects.filter(path__in=parent_paths)}
    for clip in clips:
        clip.topic = topics.get(clip.path[: -clip.steplen])
    return clips


def topic_of(clip):
    """The clip's topic: the parent routing already loaded, else one query."""
    TopicPage = _topic_model()
    parent = getattr(clip, "_cached_parent_obj", None)
    if isinstance(parent, TopicPage):
        return parent
    return TopicPage.objects.filter(path=clip.path[: -clip.steplen]).first()


def topic_title_sq():
    """The title of each clip's topic as a subquery, for ``.annotate`` (no query per clip)."""
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - _clip_model().steplen)
    return Subquery(_topic_model().objects.filter(path=parent_path).values("title")[:1])


def related_clips(clip, limit: int = 6, *, viewer=None):
    """Editors' choice of related clips first, then the newest from the same topic; one query."""
    chosen = apps.get_model("clips", "RelatedClip").objects.filter(page=clip).values("clip_id")
    parent_path = clip.path[: -clip.steplen]
    siblings = Q(path__startswith=parent_path, depth=clip.depth)
    return list(
        clip_cards(viewer=viewer)
        .filter(Q(pk__in=chosen) | siblings)
        .exclude(pk=clip.pk)
        .annotate(chosen=Case(When(pk__in=chosen, then=Value(1)), default=Value(0)))
        .order_by("-chosen", "-first_published_at", "-pk")[:limit]
    )
