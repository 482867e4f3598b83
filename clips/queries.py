"""Read-side queries shared by pages, views and the API.

Every listing goes through ``clip_cards`` so that a card's needs (video, statistics,
presenter) come in the listing's own query however many cards there are, and so that
``clips.access`` decides in that same query which cards the viewer may see. ``viewer`` is
the request (or a user); without one a listing is what anonymous visitors see. Cards do not
show tags; callers that do (the API, the clip page) prefetch them with ``with_tags``.
"""

import copy

from django.apps import apps
from django.core.cache import cache
from django.core.paginator import Paginator
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

from clips import access, card_cache, listing_cache
from hub.private_apis import parent_cached

# "Top rated" ranks by a Bayesian average: every clip starts with PRIOR_WEIGHT imaginary
# ratings of PRIOR_MEAN, so one 5-star rating (3.33) does not beat two hundred ratings
# averaging 4.6 (4.56).  score = (PRIOR_WEIGHT * PRIOR_MEAN + sum) / (PRIOR_WEIGHT + count)
PRIOR_MEAN = 3.0
PRIOR_WEIGHT = 5


def _clip_model():
    return apps.get_model("clips", "ClipPage")


def _topic_model():
    return apps.get_model("clips", "TopicPage")


TOPIC_INDEX_URL_KEY = "clips:topic-index-url"


def topic_index_url() -> str:
    """The topics index's URL for the header, breadcrumbs and "browse topics" links.

    Every page shows it, so it comes from the cache: one query after the index (or a page
    above it, or a site) changes, none otherwise. Relative with one site, absolute with more.
    """
    url = cache.get(TOPIC_INDEX_URL_KEY)
    if url is None:
        index = apps.get_model("clips", "TopicIndexPage").objects.first()
        url = (index.get_url() if index is not None else None) or "/"
        cache.set(TOPIC_INDEX_URL_KEY, url, timeout=None)
    return url


def topic_index_changed(sender, instance=None, **kwargs):
    """A signal receiver: a change that may move the index's URL forgets the cached one.

    Topics and clips sit below the index and cannot; any other page, or a site, may.
    """
    from wagtail.models import Page, Site

    if isinstance(instance, Site) or (
        isinstance(instance, Page) and not isinstance(instance, (_topic_model(), _clip_model()))
    ):
        cache.delete(TOPIC_INDEX_URL_KEY)


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


def topic_index_for_route(home_page, slug: str):
    """The topics index under the home page by slug, as a TopicIndexPage, or None (one
    query)."""
    index_model = apps.get_model("clips", "TopicIndexPage")
    return index_model.objects.child_of(home_page).filter(slug=slug).first()


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


def cards_by_ids(ids, *, viewer=None, generation=None) -> list:
    """The cards of these clips in this order, those the viewer may still see; one query
    (none when every card's HTML is kept: ``kept_lists``)."""
    return kept_lists({"ids": ids}, viewer=viewer, generations={"ids": generation})["ids"]


def kept_lists(id_lists: dict, *, viewer=None, generations=None, with_topic=()) -> dict:
    """{name: cards} for {name: clip ids}: one query for all the lists' cards, each list in
    its order without the clips the viewer may no longer see. A clip in two lists is two
    objects, as two queries would give (a list may attach things to its cards).

    A list kept for the viewer's visibility class under ``generations[name]`` (clips.listing_cache)
    says who may see what as long as that generation holds: a card whose HTML is kept under
    it too comes as a ``KeptCard`` (clips.card_cache), not loaded; the rest are loaded, their
    access checked again. Lists named in ``with_topic`` get their clips' topics attached.
    """
    generations = generations or {}
    kept = card_cache.kept_html(viewer, id_lists, generations, with_topic) if generations else {}
    wanted = {pk for name, ids in id_lists.items() for pk in ids if (name, pk) not in kept}
    found = {}
    if wanted:
        found = {clip.pk: clip for clip in clip_cards(viewer=viewer).filter(pk__in=wanted)}
    used, lists = set(), {}
    for name, ids in id_lists.items():
        cards = []
        for pk in ids:
            if (name, pk) in kept:
                cards.append(card_cache.KeptCard(pk, kept[name, pk]))
            elif pk in found:
                card = found[pk]
                cards.append(copy.copy(card) if pk in used else card)
                used.add(pk)
        card_cache.keep_under([c for c in cards if c.pk in found], generations.get(name))
        lists[name] = cards
    for name in with_topic:
        attach_topics(lists.get(name, ()))
    return lists


def kept_cards(listings: dict, *, viewer=None, with_topic=()) -> dict:
    """{name: cards} for {name: a sliced ``clip_cards`` queryset} whose order costs a scan of
    every clip. Each order is kept per visibility class (clips.listing_cache, ``name`` is its
    key) and the cards of all of them are loaded in one query (or not at all: ``kept_lists``);
    otherwise, one query each. Lists named in ``with_topic`` get their clips' topics."""
    computed, kept, generations = {}, {}, {}
    for name, cards in listings.items():

        def compute(name=name, cards=cards):
            computed[name] = list(cards)
            return [clip.pk for clip in computed[name]]

        ids, generations[name] = listing_cache.public_listing_kept(name, viewer, compute)
        if name in computed:
            card_cache.keep_under(computed[name], generations[name])
            if name in with_topic:
                attach_topics(computed[name])
        else:
            kept[name] = ids
    if kept:
        computed |= kept_lists(kept, viewer=viewer, generations=generations, with_topic=with_topic)
    return {name: computed[name] for name in listings}


# The home page's listings, as sliced querysets (``home_listings`` evaluates them).
def newest_clips(limit: int, *, viewer=None):
    return sort_clips(clip_cards(viewer=viewer), "newest")[:limit]


def top_rated_clips(limit: int, *, viewer=None):
    return sort_clips(clip_cards(viewer=viewer), "top")[:limit]


def featured_clips(limit: int, *, viewer=None):
    return sort_clips(clip_cards(viewer=viewer).filter(featured=True), "newest")[:limit]


def home_listings(*, featured: int, newest: int, top_rated: int, viewer=None) -> dict:
    """{"featured", "newest", "top_rated": cards}, kept as ``kept_cards``; the editors' picks
    show their topics."""
    lists = kept_cards(
        {
            f"featured:{featured}": featured_clips(featured, viewer=viewer),
            f"newest:{newest}": newest_clips(newest, viewer=viewer),
            f"top:{top_rated}": top_rated_clips(top_rated, viewer=viewer),
        },
        viewer=viewer,
        with_topic=(f"featured:{featured}",),
    )
    return dict(zip(("featured", "newest", "top_rated"), lists.values(), strict=True))


def clip_page_of(pages, number, *, name: str, per_page: int, viewer=None):
    """Page ``number`` (any value, as ``Paginator.get_page``) of a sorted card queryset, with
    the count and the page's order kept per visibility class (``kept_cards``)."""
    paginator = Paginator(pages, per_page)
    kept_number = listing_cache.page_to_keep(number)
    if kept_number is None:
        return paginator.get_page(number)  # nonsense is page 1 or the last: not kept
    number = kept_number
    computed = []

    def compute():
        page = paginator.get_page(number)
        computed.append(page)
        return paginator.count, [clip.pk for clip in page.object_list]

    (count, ids), generation = listing_cache.public_listing_kept(
        f"{name}:{per_page}:{number}", viewer, compute
    )
    if computed:
        card_cache.keep_under(computed[0].object_list, generation)
        return computed[0]
    paginator.count = count  # a cached_property: no COUNT query
    page = paginator.get_page(number)
    page.object_list = cards_by_ids(ids, viewer=viewer, generation=generation)
    return page


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

    def compute():
        # order_by(): Wagtail orders pages by path, which would group by every clip.
        return dict(
            access.listed_pages(viewer, _clip_model().objects.order_by())
            .annotate(topic_path=Substr("path", 1, depth * TopicPage.steplen))
            .values_list("topic_path")
            .annotate(n=Count("pk"))
            .values_list("topic_path", "n")
        )

    counts = listing_cache.public_listing(f"topic-counts:{depth}", viewer, compute)
    for topic in topics:
        topic.clip_count = counts.get(topic.path, 0)
    return topics


def busiest_topics(limit: int, *, viewer=None):
    """Topics ordered by the views their visible clips have had; two queries."""
    TopicPage = _topic_model()
    steplen = TopicPage.steplen

    def compute():
        return list(
            access.listed_pages(viewer, _clip_model().objects.all())
            .annotate(topic_path=Substr("path", 1, Length("path") - steplen))
            .values("topic_path")
            .annotate(
                clip_count=Count("pk"),
                views=Coalesce(Sum("stats__view_count"), Value(0)),
            )
            .order_by("-views", "-clip_count")[:limit]
        )

    rows = listing_cache.public_listing(f"busiest-topics:{limit}", viewer, compute)
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
    """Set ``clip.topic`` on each clip with one query for all their parents (none for kept
    cards, clips.card_cache: their HTML shows it already)."""
    clips = list(clips)
    loaded = [clip for clip in clips if not isinstance(clip, card_cache.KeptCard)]
    if not loaded:
        return clips
    parent_paths = {clip.path[: -clip.steplen] for clip in loaded}
    topics = {t.path: t for t in _topic_model().objects.filter(path__in=parent_paths)}
    for clip in loaded:
        clip.topic = topics.get(clip.path[: -clip.steplen])
    return clips


def topic_of(clip):
    """The clip's topic: the parent routing already loaded, else one query."""
    TopicPage = _topic_model()
    parent = parent_cached(clip)
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
    cards = (
        clip_cards(viewer=viewer)
        .filter(Q(pk__in=chosen) | siblings)
        .exclude(pk=clip.pk)
        .annotate(chosen=Case(When(pk__in=chosen, then=Value(1)), default=Value(0)))
        .order_by("-chosen", "-first_published_at", "-pk")[:limit]
    )
    name = f"related:{clip.pk}:{limit}"
    return kept_cards({name: cards}, viewer=viewer)[name]
