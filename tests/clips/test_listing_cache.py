"""Anonymous visitors' listings are kept for a minute (clips.listing_cache) and
dropped by every purge: a page rendered afresh never shows a clip that is gone, and signed-in
viewers always get their own."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from clips.models import ClipStats
from tests.factories import UserFactory, clip_make, topic_make

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_misses(settings):
    # Every request renders afresh: what is kept here is the listings, not the page.
    settings.PAGE_CACHE_ENABLED = False
    settings.LISTING_CACHE_SECONDS = 60


def top_rated_section(html: str) -> str:
    return html.split('id="top-heading"', 1)[1].split("</section>", 1)[0]


def stats_set(clip, *, rating_count, rating_sum, view_count=0):
    ClipStats.objects.update_or_create(
        clip=clip,
        defaults={"rating_count": rating_count, "rating_sum": rating_sum, "view_count": view_count},
    )


def test_ratings_reorder_top_rated_only_once_the_kept_order_expires(client, settings):
    topic = topic_make("Ladders")
    first = clip_make(topic, title="Steady clip")
    second = clip_make(topic, title="Rising clip")
    stats_set(first, rating_count=50, rating_sum=200)  # 3.9
    stats_set(second, rating_count=1, rating_sum=1)

    top = top_rated_section(client.get("/").content.decode())
    assert top.index("Steady clip") < top.index("Rising clip")

    stats_set(second, rating_count=200, rating_sum=1000)  # 4.9: ranks first once recomputed
    kept = top_rated_section(client.get("/").content.decode())
    assert kept.index("Steady clip") < kept.index("Rising clip")
    # The rendered cards are kept as long (clips.card_cache): the count is a minute old too.
    assert "(1)" in kept and "(200)" not in kept

    settings.LISTING_CACHE_SECONDS = 0  # as once the minute is over
    fresh = top_rated_section(client.get("/").content.decode())
    assert fresh.index("Rising clip") < fresh.index("Steady clip")
    assert "(200)" in fresh


def test_unpublishing_a_clip_drops_it_from_every_kept_listing_at_once(
    client, django_capture_on_commit_callbacks
):
    topic = topic_make("Ladders")
    clip = clip_make(topic, title="Soon gone", featured=True)
    stats_set(clip, rating_count=9, rating_sum=45, view_count=30)
    sibling = clip_make(topic, title="Stays")
    urls = ["/", topic.url, topic.url + "?sort=top", sibling.url]
    for url in urls:
        assert "Soon gone" in client.get(url).content.decode(), url
    assert "2 clips" in client.get("/topics/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        clip.unpublish()

    for url in urls:
        assert "Soon gone" not in client.get(url).content.decode(), url
    assert "1 clip" in client.get("/topics/").content.decode()


def test_a_new_clip_shows_at_once_in_the_topic_and_on_home(client):
    topic = topic_make("Ladders")
    clip_make(topic, title="Older clip")
    assert "1 clip" in client.get(topic.url).content.decode()
    client.get("/")

    clip_make(topic, title="Brand new clip")

    assert "Brand new clip" in client.get(topic.url).content.decode()
    assert "2 clips" in client.get(topic.url).content.decode()
    home = client.get("/").content.decode()
    assert "Brand new clip" in home.split('id="newest-heading"', 1)[1]


def test_a_restriction_hides_kept_cards_at_once_and_members_never_get_the_public_copy(
    client, django_capture_on_commit_callbacks
):
    topic = topic_make("Finance")
    clip_make(topic, title="Quarterly numbers", featured=True)
    assert "Quarterly numbers" in client.get("/").content.decode()

    finance = Group.objects.create(name="Finance")
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=topic, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(finance)

    assert "Quarterly numbers" not in client.get("/").content.decode()
    assert "Finance" not in client.get("/topics/").content.decode()
    member = UserFactory(username="member")
    member.groups.add(finance)
    client.force_login(member)
    assert "Quarterly numbers" in client.get("/").content.decode()
    assert "Finance" in client.get("/topics/").content.decode()


def test_the_topics_index_counts_each_topics_clips(client):
    ladders, ropes = topic_make("Ladders"), topic_make("Ropes")
    for n in range(3):
        clip_make(ladders, title=f"Ladder clip {n}")
    clip_make(ropes, title="Rope clip")
    clip_make(ropes, title="Draft rope clip", publish=False)

    html = client.get("/topics/").content.decode()

    assert "3 clips" in html.split("Ladders", 1)[1].split("Ropes", 1)[0]
    assert "1 clip" in html.split("Ropes", 1)[1]
