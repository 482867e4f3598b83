"""Read side of search: what matches, in which order, with which facets.

The search engine (Wagtail's backend: SQLite FTS5, PostgreSQL full text, or Elasticsearch)
answers one question only: which live clips match these words, best first, up to
``MAX_MATCHES``. Everything else (who may see a clip, decided by ``clips.access`` for the
viewer, i.e. the request; facets, sorting, pagination, cards) is plain SQL over those ids,
so it works the same on every engine and costs a fixed number of queries however many
results there are.
"""

import datetime
import json
import logging
from dataclasses import dataclass, field
from urllib.parse import quote

from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.expressions import RawSQL
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

    Inside a transaction a savepoint keeps a failed statement from spoiling it on
    PostgreSQL; the query text never reaches an engine as syntax (see search.text).
    """
    try:
        if not transaction.get_connection().in_atomic_block:
            # In autocommit a failed statement spoils nothing (and on SQLite a transaction
            # here would take the write lock for a read): no savepoint, two queries fewer.
            return run()
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


def _ranked_ids(text: str, querysets: list, limit: int) -> list[list]:
    """Best-first ids of each queryset's model matching ``text``: all words first, any word
    for a model that all words find nothing of.

    Our database backends answer every model in one query and apply no filter (the callers
    ask clips.access, which also requires ``live``); another engine (Elasticsearch) is asked
    per queryset and filters by it.
    """
    backend = get_search_backend()
    models = [qs.model for qs in querysets]

    def run(operator: str, wanted: list[int]) -> dict:
        if hasattr(backend, "ranked_ids"):
            found = backend.ranked_ids(
                text, [models[i] for i in wanted], operator=operator, limit=limit
            )
            return {i: found[models[i]] for i in wanted}
        return {
            i: [hit.pk for hit in backend.search(text, querysets[i], operator=operator)[:limit]]
            for i in wanted
        }

    found = run("and", list(range(len(querysets))))
    empty = [i for i, ids in found.items() if not ids]
    if empty and " " in text:
        found.update(run("or", empty))
    return [found[i] for i in range(len(querysets))]


def _among(ids: list[int]):
    """``ids`` for a ``pk__in``-style lookup as one parameter: a list of 500 ids as 500
    placeholders costs the database driver ~10 ms to bind (psycopg splits the query text)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(ids))])


def _title_first(ranked: list[int], titles: dict, terms: list[str]) -> list[int]:
    """``ranked`` ids that have a title here, those whose title says a term first."""
    ordered = [
        (not text_matches(titles[pk], terms), n, pk) for n, pk in enumerate(ranked) if pk in titles
    ]
    return [pk for _not_title, _n, pk in sorted(ordered)]


def _clip_ranked(terms: list[str]) -> list[int]:
    text = " ".join(terms)
    return _engine(
        "clip search",
        lambda: _ranked_ids(text, [ClipPage.objects.live().only("id", "title")], MAX_MATCHES)[0],
        [],
    )


def clip_match_ids(terms: list[str]) -> list[int]:
    """Ids of live clips matching ``terms``, title matches first, then by the engine's rank."""
    if not terms:
        return []
    ranked = _clip_ranked(terms)
    if not ranked:
        return []
    titles = dict(ClipPage.objects.live().filter(pk__in=_among(ranked)).values_list("pk", "title"))
    return _title_first(ranked, titles, terms)


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
    if terms:
        return _matched_results(terms, filters, sort, base, topic, exclude)
    if exclude:
        base = base.exclude(pk__in=exclude)
    filtered = _apply(base, filters, topic)
    ids = clip_queries.sort_clips(filtered, sort).values_list("pk", flat=True)
    # total None: counted by the paginator
    return ClipResults(ids=ids, total=None, facets=_facets(base, filters, topic), topic=topic)


def _matched_results(terms, filters: Filters, sort: str, base, topic, exclude) -> ClipResults:
    """Results for words: at most MAX_MATCHES clips, so one query reads what filtering,
    sorting and two of the three facets need of each, and Python does the rest; the tag
    facet is one more query. The count stays the same however many clips match."""
    ranked = [pk for pk in _clip_ranked(terms) if pk not in exclude]
    capped = len(ranked) >= MAX_MATCHES
    if not ranked:
        return ClipResults(facets=_facets_of([], {}, []), topic=topic)
    tagged = ClipTag.objects.filter(content_object=OuterRef("pk"), tag__name__iexact=filters.tag)
    topic_of = TopicPage.objects.live().filter(path=_topic_path_of_clip_outer())
    rows = {
        row["pk"]: row
        for row in base.filter(pk__in=_among(ranked))
        .annotate(
            duration=F("video__duration"),
            tagged=Exists(tagged) if filters.tag else Value(True),
            topic_slug=Subquery(topic_of.values("slug")[:1]),
            topic_title=Subquery(topic_of.values("title")[:1]),
            score=clip_queries.bayesian_score() if sort == "top" else Value(0.0),
        )
        .values(
            "pk",
            "title",
            "path",
            "first_published_at",
            "duration",
            "tagged",
            "topic_slug",
            "topic_title",
            "score",
        )
    }
    ordered = _title_first(ranked, {pk: row["title"] for pk, row in rows.items()}, terms)

    def keep(row, skip: str = "") -> bool:
        in_topic = topic is not None and row["path"].startswith(topic.path)
        return (
            (skip == "topic" or not filters.topic or in_topic)
            and (skip == "tag" or row["tagged"])
            and (skip == "duration" or _in_band(row["duration"], filters.duration))
        )

    ids = [pk for pk in ordered if keep(rows[pk])]
    if sort != "relevance":
        ids = _sorted(ids, rows, sort)
    untagged = [pk for pk in ordered if keep(rows[pk], skip="tag")]
    facets = _facets_of(
        [rows[pk] for pk in ordered if keep(rows[pk], skip="topic")],
        _tag_counts(untagged),
        [rows[pk] for pk in ordered if keep(rows[pk], skip="duration")],
    )
    return ClipResults(ids=ids, total=len(ids), capped=capped, facets=facets, topic=topic)


def _topic_path_of_clip_outer():
    return Substr(OuterRef("path"), 1, Length(OuterRef("path")) - ClipPage.steplen)


def _in_band(duration, band: str) -> bool:
    if band not in DURATION_BANDS:
        return True
    _label, low, high = DURATION_BANDS[band]
    return duration is not None and duration >= low and (high is None or duration < high)


def _sorted(ids: list[int], rows: dict, sort: str) -> list[int]:
    """``ids`` in the order clips.queries.sort_clips gives (newest first within a score)."""

    def newest_first(pk):
        published = rows[pk]["first_published_at"]
        # Descending with NULLs first, as PostgreSQL orders "-first_published_at".
        return (published is not None, published.timestamp() if published else 0)

    if sort == "top":
        return sorted(ids, key=lambda pk: (rows[pk]["score"], *newest_first(pk)), reverse=True)
    if sort == "popular":
        return ids
    return sorted(ids, key=lambda pk: (*newest_first(pk), pk), reverse=True)


def _tag_counts(ids: list[int]) -> list[dict]:
    if not ids:
        return []
    return [
        {"name": row["tag__name"], "count": row["n"]}
        for row in ClipTag.objects.filter(content_object_id__in=_among(ids))
        .values("tag__name")
        .annotate(n=Count("id"))
        .order_by("-n", "tag__name")[:12]
    ]


def _facets_of(topic_rows: list[dict], tag_facet: list[dict], duration_rows: list[dict]) -> dict:
    counts = {}
    for row in topic_rows:
        if row["topic_slug"] is not None:
            key = (row["topic_slug"], row["topic_title"])
            counts[key] = counts.get(key, 0) + 1
    topic_facet = sorted(
        ({"slug": slug, "title": title, "count": n} for (slug, title), n in counts.items()),
        key=lambda item: (-item["count"], item["title"]),
    )
    duration_facet = [
        {
            "key": key,
            "label": label,
            "count": sum(1 for row in duration_rows if _in_band(row["duration"], key)),
        }
        for key, (label, _low, _high) in DURATION_BANDS.items()
    ]
    return {"topics": topic_facet, "tags": tag_facet, "durations": duration_facet}


def clip_cards_for(ids, terms: list[str], *, viewer) -> list:
    """Cards for one page of ids, in that order, each with the caption line that matched."""
    ids = list(ids)
    # With the transcript (deferred for other cards): the caption line that matched.
    cards = clip_queries.clip_cards(viewer=viewer).defer(None).filter(pk__in=ids)
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


def side_hits(terms: list[str], *, viewer, limit: int = SIDE_RESULTS) -> tuple[list, list]:
    """Topics and people matching ``terms`` (one engine query for both, or two when only
    any word finds something), each a query more for what the viewer may see of them."""
    if not terms:
        return [], []
    topic_ids, profile_ids = _engine(
        "topic and people search",
        lambda: _ranked_ids(
            " ".join(terms),
            [TopicPage.objects.live(), Profile.objects.select_related("user")],
            limit * 2,
        ),
        [[], []],
    )
    return _topics_of(topic_ids, viewer, limit), _people_of(profile_ids, viewer, limit)


def _topics_of(ids: list[int], viewer, limit: int) -> list:
    if not ids:
        return []
    found = access.listed_pages(viewer, TopicPage.objects.filter(pk__in=ids)).in_bulk()
    return [found[pk] for pk in ids if pk in found][:limit]


def _people_of(ids: list[int], viewer, limit: int) -> list:
    """Active people among ``ids``, in order, each with the number of clips the viewer may
    see (a subquery: one query for all)."""
    if not ids:
        return []
    clips = (
        access.listed_pages(viewer, ClipPage.objects.filter(presenter=OuterRef("user_id")))
        .order_by()
        .values("presenter")
        .annotate(n=Count("pk"))
        .values("n")
    )
    found = (
        Profile.objects.filter(pk__in=ids, user__is_active=True)
        .select_related("user")
        .annotate(visible_clips=Subquery(clips))
        .in_bulk()
    )
    people = [found[pk] for pk in ids if pk in found][:limit]
    for profile in people:
        profile.clip_count = profile.visible_clips or 0
        profile.name = person_name(profile.user)
    return people


def topic_hits(terms: list[str], *, viewer, limit: int = SIDE_RESULTS) -> list:
    return side_hits(terms, viewer=viewer, limit=limit)[0]


def people_hits(terms: list[str], *, viewer=None, limit: int = SIDE_RESULTS) -> list:
    """Profiles matching any of a person's names, each with the number of clips the viewer
    may see."""
    return side_hits(terms, viewer=viewer, limit=limit)[1]


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
