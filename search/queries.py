"""Read side of search: what matches, in which order, with which facets.

The search engine (Wagtail's backend: SQLite FTS5, PostgreSQL full text, or Elasticsearch)
answers one question only: which live clips match these words, best first, up to
``MAX_MATCHES``. Everything else (who may see a clip, decided by ``clips.access`` for the
viewer, i.e. the request; facets, sorting, pagination, cards) is plain SQL over those ids,
so it works the same on every engine and costs a fixed number of queries however many
results there are.
"""

import datetime
import logging
from dataclasses import dataclass, field
from urllib.parse import quote

from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Length, Substr
from django.utils import timezone
from taggit.models import Tag
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from clips import access
from clips import queries as clip_queries
from clips.models import ClipPage, ClipTag, TopicPage
from contributions.models import Profile
from hub.people import person_name

from .text import cue_matching, text_matches

logger = logging.getLogger(__name__)

MAX_MATCHES = 500
PER_PAGE = 12
SIDE_RESULTS = 6
SUGGESTIONS = 10
POPULAR_DAYS = 30
POPULAR_MIN_PEOPLE = 3

SORTS = {"relevance": "Best match", "newest": "Newest", "top": "Top rated"}

# (label, from seconds inclusive, to seconds exclusive)
DURATION_BANDS = {
    "short": ("Under 1 minute", 0, 60),
    "medium": ("1 to 5 minutes", 60, 300),
    "long": ("Over 5 minutes", 300, None),
}


@dataclass(frozen=True)
class Filters:
    topic: str = ""
    tag: str = ""
    duration: str = ""

    def any(self) -> bool:
        return bool(self.topic or self.tag or self.duration)


@dataclass
class ClipResults:
    ids: list = field(default_factory=list)  # ordered ids of every match (or a queryset)
    total: int = 0
    capped: bool = False
    facets: dict = field(default_factory=dict)
    topic: TopicPage | None = None


def _engine(label: str, run, default):
    """Run one engine call; an engine that fails is logged and answers ``default``.

    The savepoint keeps a failed statement from spoiling the request's transaction on
    PostgreSQL; the query text never reaches an engine as syntax (see search.text).
    """
    try:
        with transaction.atomic():
            return run()
    except (ImportError, LookupError, AttributeError, TypeError, NameError):
        raise  # our own mistakes (configuration, code) must be seen, not hidden as "nothing"
    except Exception:  # noqa: BLE001 - any engine's failure must end as "no results", not a 500
        logger.exception("Search engine failed during %s", label)
        return default


def _only_visible(hits: list, visible) -> list:
    """The hits (in their order) that a ``clips.access`` queryset holds; one query.

    The engine is asked with a plain ``live()`` queryset it can always handle (Elasticsearch
    cannot filter on a subquery); who may see what is decided in SQL afterwards.
    """
    if not hits:
        return []
    keep = set(visible.filter(pk__in=[hit.pk for hit in hits]).values_list("pk", flat=True))
    return [hit for hit in hits if hit.pk in keep]


def _search_hits(queryset, text: str, limit: int):
    """Best-first hits for ``text``: all words first, any word when all words find nothing."""
    backend = get_search_backend()
    hits = list(backend.search(text, queryset, operator="and")[:limit])
    if not hits and " " in text:
        hits = list(backend.search(text, queryset, operator="or")[:limit])
    return hits


def clip_match_ids(terms: list[str]) -> list[int]:
    """Ids of live clips matching ``terms``, title matches first, then by the engine's rank."""
    if not terms:
        return []
    text = " ".join(terms)
    hits = _engine(
        "clip search",
        lambda: _search_hits(ClipPage.objects.live().only("id", "title"), text, MAX_MATCHES),
        [],
    )
    ranked = sorted(
        enumerate(hits), key=lambda pair: (not text_matches(pair[1].title, terms), pair[0])
    )
    return [hit.pk for _, hit in ranked]


def _topic_path_of_clip():
    return Substr("path", 1, Length("path") - ClipPage.steplen)


def _apply(qs, filters: Filters, topic: TopicPage | None, skip: str = ""):
    if skip != "topic" and filters.topic:
        qs = qs.filter(path__startswith=topic.path) if topic else qs.none()
    if skip != "tag" and filters.tag:
        tagged = ClipTag.objects.filter(tag__name__iexact=filters.tag).values("content_object_id")
        qs = qs.filter(pk__in=tagged)
    if skip != "duration" and filters.duration in DURATION_BANDS:
        _label, low, high = DURATION_BANDS[filters.duration]
        qs = qs.filter(video__duration__gte=low)
        if high is not None:
            qs = qs.filter(video__duration__lt=high)
    return qs


def _facets(base, filters: Filters, topic: TopicPage | None) -> dict:
    """Counts per topic, tag and duration band; each facet counts with the other two applied."""
    topic_rows = list(
        _apply(base, filters, topic, skip="topic")
        .annotate(topic_path=_topic_path_of_clip())
        .values("topic_path")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    counts = {row["topic_path"]: row["n"] for row in topic_rows}
    topics = TopicPage.objects.live().filter(path__in=counts).only("title", "slug", "path")
    topic_facet = sorted(
        ({"slug": t.slug, "title": t.title, "count": counts[t.path]} for t in topics),
        key=lambda item: (-item["count"], item["title"]),
    )
    tag_facet = [
        {"name": row["tag__name"], "count": row["n"]}
        for row in ClipTag.objects.filter(
            content_object__in=_apply(base, filters, topic, skip="tag").values("pk")
        )
        .values("tag__name")
        .annotate(n=Count("id"))
        .order_by("-n", "tag__name")[:12]
    ]
    band_counts = _apply(base, filters, topic, skip="duration").aggregate(
        **{
            key: Count(
                "pk",
                filter=Q(video__duration__gte=low)
                & (Q(video__duration__lt=high) if high is not None else Q()),
            )
            for key, (_label, low, high) in DURATION_BANDS.items()
        }
    )
    duration_facet = [
        {"key": key, "label": label, "count": band_counts[key]}
        for key, (label, _low, _high) in DURATION_BANDS.items()
    ]
    return {"topics": topic_facet, "tags": tag_facet, "durations": duration_facet}


def clip_results(
    terms: list[str], filters: Filters, sort: str, *, viewer, exclude=()
) -> ClipResults:
    """Matching clips that the viewer may see, filtered, with facets, in the order asked for."""
    topic = None
    if filters.topic:
        topics = access.listed_pages(viewer, TopicPage.objects.filter(slug=filters.topic))
        topic = topics.first()
    base = access.listed_pages(viewer, ClipPage.objects.all())
    capped = False
    if terms:
        ranked = [pk for pk in clip_match_ids(terms) if pk not in exclude]
        capped = len(ranked) >= MAX_MATCHES
        base = base.filter(pk__in=ranked)
    elif exclude:
        base = base.exclude(pk__in=exclude)
    filtered = _apply(base, filters, topic)
    if terms and sort == "relevance":
        visible = set(filtered.values_list("pk", flat=True))
        ids = [pk for pk in ranked if pk in visible]
        total = len(ids)
    else:
        ids = clip_queries.sort_clips(filtered, sort).values_list("pk", flat=True)
        total = None  # counted by the paginator
    return ClipResults(
        ids=ids, total=total, capped=capped, facets=_facets(base, filters, topic), topic=topic
    )


def clip_cards_for(ids, terms: list[str], *, viewer) -> list:
    """Cards for one page of ids, in that order, each with the caption line that matched."""
    ids = list(ids)
    cards = clip_queries.clip_cards(viewer=viewer).filter(pk__in=ids)
    by_pk = {clip.pk: clip for clip in cards}
    clips = clip_queries.attach_topics(by_pk[pk] for pk in ids if pk in by_pk)
    for clip in clips:
        clip.matched_cue = cue_matching(clip.transcript_cues, terms) if terms else None
    return clips


def editors_picks(query_string: str, *, viewer) -> list:
    """Editors' picks for exactly this (normalised) query, in their order; pages the viewer
    may see only."""
    if not query_string:
        return []
    visible = access.listed_pages(viewer, Page.objects.all())
    return list(
        SearchPromotion.objects.filter(query__query_string=query_string)
        .filter(Q(page__isnull=True) | Q(page__in=visible))
        .select_related("page")
        .order_by("sort_order", "pk")
    )


def topic_hits(terms: list[str], *, viewer, limit: int = SIDE_RESULTS) -> list:
    if not terms:
        return []
    qs = TopicPage.objects.live()
    hits = _engine("topic search", lambda: _search_hits(qs, " ".join(terms), limit * 2), [])
    return _only_visible(hits, access.listed_pages(viewer, TopicPage.objects.all()))[:limit]


def people_hits(terms: list[str], *, viewer=None, limit: int = SIDE_RESULTS) -> list:
    """Profiles matching any of a person's names, each with the number of clips the viewer
    may see."""
    if not terms:
        return []
    qs = Profile.objects.select_related("user")
    hits = _engine("people search", lambda: _search_hits(qs, " ".join(terms), limit * 2), [])
    people = [profile for profile in hits if profile.user.is_active][:limit]
    counts = dict(
        access.listed_pages(viewer, ClipPage.objects.all())
        .filter(presenter__in=[p.user_id for p in people])
        .order_by()  # Page's default ordering (path) would join the GROUP BY: one row per clip
        .values_list("presenter")
        .annotate(n=Count("pk"))
    )
    for profile in people:
        profile.clip_count = counts.get(profile.user_id, 0)
        profile.name = person_name(profile.user)
    return people


def popular_queries(since: datetime.date):
    """Queries with how many different people searched them (and found something) since."""
    return (
        Query.objects.filter(searchers__day__gte=since)
        .annotate(people=Count("searchers__searcher", distinct=True))
        .order_by("-people", "query_string")
    )


def popular_searches(limit: int = 8) -> list[str]:
    """What most different people searched for and found, minus what editors hid.

    A query needs POPULAR_MIN_PEOPLE people: one person (or two) cannot put their words in
    front of everyone, and what one person looked for stays theirs.
    """
    since = timezone.now().date() - datetime.timedelta(days=POPULAR_DAYS)
    rows = (
        popular_queries(since)
        .filter(people__gte=POPULAR_MIN_PEOPLE)
        .exclude(outcome__hidden=True)
        .exclude(outcome__last_result_count=0)
        .values_list("query_string", flat=True)[:limit]
    )
    return list(rows)


def trending_clips(*, viewer, limit: int = 8) -> list:
    """Clips with the latest activity (ratings, views), then the most viewed."""
    clips = clip_queries.clip_cards(viewer=viewer).order_by(
        F("stats__last_activity_at").desc(nulls_last=True),
        F("stats__view_count").desc(nulls_last=True),
        "-first_published_at",
    )[:limit]
    return clip_queries.attach_topics(clips)


def suggestions(text: str, request, limit: int = SUGGESTIONS) -> list[dict]:
    """Type-ahead: clip titles first, then a few topics and tags whose names start so."""
    if not text:
        return []
    visible_topics = access.listed_pages(request, TopicPage.objects.all())
    visible_clips = access.listed_pages(request, ClipPage.objects.all())
    topics = _engine(
        "topic autocomplete",
        lambda: list(TopicPage.objects.live().autocomplete(text)[:6]),
        [],
    )
    topics = _only_visible(topics, visible_topics)[:3]
    tags = list(
        Tag.objects.filter(
            name__istartswith=text, clips_cliptag_items__content_object__in=visible_clips
        )
        .values_list("name", flat=True)
        .distinct()
        .order_by("name")[:3]
    )
    clips = _engine(
        "clip autocomplete",
        lambda: list(ClipPage.objects.live().autocomplete(text)[: limit * 2]),
        [],
    )
    clips = _only_visible(clips, visible_clips)[:limit]
    others = [
        {"title": topic.title, "url": topic.get_url(request=request), "kind": "topic"}
        for topic in topics
    ] + [
        {"title": name, "url": f"/search/?tag={quote(name, safe='')}", "kind": "tag"}
        for name in tags
    ]
    clip_rows = [
        {"title": clip.title, "url": clip.get_url(request=request), "kind": "clip"}
        for clip in clips
    ]
    # Clips are what people came for; topics and tags keep a few places after them.
    clip_rows = clip_rows[: limit - min(len(others), 4)]
    return clip_rows + others[: limit - len(clip_rows)]
