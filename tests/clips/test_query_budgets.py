"""Pages make a fixed number of SQL queries however many clips the hub holds.

The budgets are for cache misses (the page cache switched off); a cache hit makes none. A
miss is counted twice: with the anonymous listings kept from an earlier render (the usual
miss, clips.listing_cache) and with nothing kept (the first render after a purge).
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clips.models import ClipPage, ClipStats, RelatedClip
from clips.services import media_create
from contributions.models import Rating
from tests.factories import UserFactory, clip_make, topic_make

pytestmark = pytest.mark.django_db

# Exact counts: the clip page's caption tracks take one query, however many.
# The served page's own access is decided from the kept view restrictions, without a query.
# Routing loads the topics index as one (HomePage.route); Wagtail's view-restriction check
# reads nothing while the hub has no restriction (clips.restrictions.KeptRestrictionsPage).
# A kept listing whose cards' HTML is kept too loads no card (clips.card_cache): home's
# three listings and their topics, a topic's page and a clip's related clips are no query.
# The discussion sections (a topic's questions and experts, a clip's threads) are kept HTML.
QUERIES = {"home": 4, "topic": 4, "topic page 2": 4, "clip": 7}
# Nothing kept: the listings are computed, and Wagtail's own entries in the cache refilled,
# as is the access policy's set of view restrictions (one query, clips/restrictions.py).
COLD_QUERIES = {"home": 12, "topic": 11, "topic page 2": 11, "clip": 12}
API_URL = (
    "/api/v2/pages/?type=clips.ClipPage&fields=video_url,poster_url,duration,"
    "rating_average,rating_count,view_count,tags,topic&limit=20"
)


def clips_add(topic, media, count: int, presenter, raters):
    """Cheap published clips sharing one video: no revisions, stats and ratings in bulk."""
    now = timezone.now()
    existing = ClipPage.objects.child_of(topic).count()
    pages = []
    for i in range(existing, existing + count):
        page = ClipPage(
            title=f"{topic.title} clip {i}",
            slug=f"clip-{i}",
            video=media,
            live=True,
            first_published_at=now - timezone.timedelta(minutes=i),
            presenter=presenter,
            featured=i % 7 == 0,
        )
        page.tags.set(["howto", f"tag-{i % 5}"])
        topic.add_child(instance=page)
        pages.append(page)
    ClipStats.objects.bulk_create(
        ClipStats(clip=p, view_count=i * 3, rating_count=2, rating_sum=7 + i % 3)
        for i, p in enumerate(pages)
    )
    Rating.objects.bulk_create(
        Rating(user=user, clip=page, score=1 + (i + j) % 5)
        for i, page in enumerate(pages[:20])
        for j, user in enumerate(raters)
    )
    return pages


@pytest.fixture(autouse=True)
def cache_misses(settings):
    settings.PAGE_CACHE_ENABLED = False


def queries_for(client, url, *, cold: bool = False) -> int:
    client.get(url)  # warm the per-process caches (content types, site root paths)
    if cold:
        cache.clear()
        client.get("/healthz")  # Wagtail's site root paths, kept in the same cache
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def hub(sample_video):
    """Two topics with real pages; the first clip is a real, captioned clip_make clip."""
    topic, other = topic_make("Safety"), topic_make("Onboarding")
    media = media_create(path=sample_video, title="Shared video", process=False)
    presenter = UserFactory(username="presenter")
    raters = [UserFactory(username=f"rater{n}") for n in range(3)]
    first = clip_make(topic, title="First clip", tags=("safety", "ladders"))
    for related in clips_add(other, media, 2, presenter, raters):
        first.related_links.add(RelatedClip(clip=related))
    first.save_revision().publish()
    return {
        "topic": topic,
        "other": other,
        "media": media,
        "first": first,
        "people": (presenter, raters),
    }


def test_home_topic_and_clip_pages_make_the_same_few_queries_with_10_and_200_clips(client, hub):
    topic, other, media, first = hub["topic"], hub["other"], hub["media"], hub["first"]
    presenter, raters = hub["people"]
    urls = {
        "home": "/",
        "topic": topic.url,
        "topic page 2": topic.url + "?page=2&sort=top",
        "clip": first.url,
    }

    def measure():
        kept = {name: queries_for(client, url) for name, url in urls.items()}
        cold = {name: queries_for(client, url, cold=True) for name, url in urls.items()}
        return kept, cold

    clips_add(topic, media, 10, presenter, raters)
    clips_add(other, media, 8, presenter, raters)
    small, small_cold = measure()

    clips_add(topic, media, 120, presenter, raters)
    clips_add(other, media, 70, presenter, raters)
    assert ClipPage.objects.live().count() > 200
    big, big_cold = measure()

    print("queries per page (10 clips / 200 clips):", small, big, "cold:", small_cold, big_cold)
    assert small == big == QUERIES
    assert small_cold == big_cold == COLD_QUERIES


def test_the_clip_api_makes_the_same_queries_for_a_few_clips_and_many(client, hub):
    presenter, raters = hub["people"]
    clips_add(hub["topic"], hub["media"], 3, presenter, raters)
    small = queries_for(client, API_URL)
    clips_add(hub["topic"], hub["media"], 30, presenter, raters)
    clips_add(hub["other"], hub["media"], 30, presenter, raters)
    big = queries_for(client, API_URL)
    print("API queries (6 clips / 20 of 66 clips):", small, big)
    assert small == big == 8


def test_a_cached_page_is_served_without_a_query(client, hub, settings):
    settings.PAGE_CACHE_ENABLED = True
    urls = ["/", "/topics/", hub["topic"].url, hub["first"].url, API_URL]
    for url in urls:
        assert client.get(url)["X-Page-Cache"] == "miss", url
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response["X-Page-Cache"] == "hit", url
        assert len(ctx.captured_queries) == 0, (url, ctx.captured_queries)
