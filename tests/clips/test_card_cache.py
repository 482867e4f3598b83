"""Rendered clip cards are kept between renders (clips.card_cache): a listing rendered again
renders no card and, for anonymous visitors, loads none; a publish, an unpublish or a
restriction shows at once, a rating within the listings' window."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from clips.card_cache import CARD_TEMPLATE
from clips.models import ClipStats
from tests.factories import UserFactory, clip_make, topic_make

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_misses(settings):
    # Every request renders the page afresh: what is kept is the listings and the cards.
    settings.PAGE_CACHE_ENABLED = False
    settings.LISTING_CACHE_SECONDS = 60


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    cards = sum(1 for t in response.templates if t.name == CARD_TEMPLATE)
    return response.content.decode(), cards, len(queries)


def card_loads(client, url) -> int:
    """Queries that load clips with their videos: cards (or the clip page's own clip)."""
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return sum(1 for q in queries.captured_queries if "clips_clipmedia" in q["sql"])


def newest_section(html: str) -> str:
    return html.split('id="newest-heading"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def topic_with_clips():
    topic = topic_make("Ladders")
    clips = [clip_make(topic, title=f"Ladder clip {n}", featured=n == 0) for n in range(3)]
    return topic, clips


@pytest.mark.parametrize("page", ["home", "topic", "topic sorted", "clip"])
def test_a_second_render_renders_no_card_and_makes_fewer_queries(client, topic_with_clips, page):
    topic, clips = topic_with_clips
    url = {
        "home": "/",
        "topic": topic.url,
        "topic sorted": topic.url + "?sort=top",
        "clip": clips[0].url,  # its related clips
    }[page]
    client.get(url)  # per-process caches (content types, site root paths)
    cache.clear()
    first_html, first_cards, first_queries = get(client, url)
    second_html, second_cards, second_queries = get(client, url)

    assert first_cards > 0
    assert second_cards == 0
    assert second_queries < first_queries
    assert second_html == first_html
    # Anonymous listings are kept: ids → kept HTML, no card loaded (the clip page loads itself).
    assert card_loads(client, url) == (1 if page == "clip" else 0)


def test_signed_in_viewers_of_one_visibility_class_share_kept_listings_and_cards(
    client, topic_with_clips, settings
):
    topic, _ = topic_with_clips
    client.force_login(UserFactory(username="reader"))
    settings.LISTING_CACHE_SECONDS = 0  # nothing kept
    _, fresh_cards, fresh_queries = get(client, topic.url)
    settings.LISTING_CACHE_SECONDS = 60
    get(client, topic.url)  # kept for every signed-in viewer without a restricting group
    client.force_login(UserFactory(username="another-reader"))
    html, cards, queries = get(client, topic.url)

    assert fresh_cards == 3 and cards == 0
    assert queries < fresh_queries
    assert html.count('class="clip-card"') == 3


def test_an_edit_published_shows_at_once_on_home_topic_and_clip_pages(
    client, topic_with_clips, django_capture_on_commit_callbacks
):
    topic, clips = topic_with_clips
    clip, sibling = clips[0], clips[1]  # the sibling's page shows it as related
    urls = ["/", topic.url, topic.url + "?sort=popular", sibling.url]
    for url in urls:
        for _ in range(2):  # the second render is all kept cards
            assert "Ladder clip 0" in client.get(url).content.decode(), url

    clip.title = "Ladder safety, revised"
    with django_capture_on_commit_callbacks(execute=True):
        clip.save_revision().publish()

    for url in urls:
        html = client.get(url).content.decode()
        assert "Ladder safety, revised" in html, url
        assert "Ladder clip 0" not in html, url
    clip_page = client.get(clip.url).content.decode()
    assert "Ladder safety, revised" in clip_page


def test_an_edit_of_the_topic_title_shows_on_the_cards_that_show_it(
    client, topic_with_clips, django_capture_on_commit_callbacks
):
    topic, _ = topic_with_clips
    featured = client.get("/").content.decode().split('id="featured-heading"', 1)[1]
    assert "Ladders</a>" in featured.split("</section>", 1)[0]
    client.get("/")

    topic.title = "Ladders and steps"
    with django_capture_on_commit_callbacks(execute=True):
        topic.save_revision().publish()

    featured = client.get("/").content.decode().split('id="featured-heading"', 1)[1]
    assert "Ladders and steps</a>" in featured.split("</section>", 1)[0]


def test_a_rating_shows_on_the_cards_once_the_listings_window_is_over(
    client, topic_with_clips, settings
):
    topic, clips = topic_with_clips
    for _ in range(2):
        assert "not rated" in newest_section(client.get("/").content.decode())
    ClipStats.objects.update_or_create(
        clip=clips[2], defaults={"rating_count": 7, "rating_sum": 28, "view_count": 40}
    )

    kept = newest_section(client.get("/").content.decode())
    assert "(7)" not in kept  # within the window: the kept card

    settings.LISTING_CACHE_SECONDS = 0  # as once the minute is over
    for url in ["/", topic.url]:
        html = client.get(url).content.decode()
        assert "4.0 ★" in html and "(7)" in html and "40 views" in html, url


def test_unpublishing_a_clip_removes_its_card_at_once(
    client, topic_with_clips, django_capture_on_commit_callbacks
):
    topic, clips = topic_with_clips
    urls = ["/", topic.url, clips[1].url]
    for url in urls:
        for _ in range(2):
            assert "Ladder clip 0" in client.get(url).content.decode(), url

    with django_capture_on_commit_callbacks(execute=True):
        clips[0].unpublish()

    for url in urls:
        assert "Ladder clip 0" not in client.get(url).content.decode(), url


def test_a_restricted_clips_card_kept_for_a_member_never_shows_to_anyone_outside_the_group(
    client, topic_with_clips, django_capture_on_commit_callbacks
):
    topic, clips = topic_with_clips
    secret = clip_make(topic, title="Board minutes", featured=True)
    board = Group.objects.create(name="Board")
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=secret, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(board)
    member = UserFactory(username="member")
    member.groups.add(board)
    urls = ["/", topic.url, topic.url + "?sort=top", clips[0].url]

    client.force_login(member)
    for url in urls:
        for _ in range(2):  # the member's renders keep the secret card's HTML
            assert "Board minutes" in client.get(url).content.decode(), url
    client.logout()

    for url in urls:
        for _ in range(2):  # the first computes the anonymous listings, the second keeps them
            html = client.get(url).content.decode()
            assert "Board minutes" not in html, url
            assert "Ladder clip 1" in html, url

    # Signed in but not on the board: a visibility class of its own, kept apart.
    client.force_login(UserFactory(username="outsider"))
    for url in urls:
        for _ in range(2):
            html = client.get(url).content.decode()
            assert "Board minutes" not in html, url
            assert "Ladder clip 1" in html, url


def test_a_restriction_added_after_cards_are_kept_hides_the_card_at_once(
    client, topic_with_clips, django_capture_on_commit_callbacks
):
    topic, clips = topic_with_clips
    urls = ["/", topic.url, clips[1].url]
    for url in urls:
        for _ in range(2):
            assert "Ladder clip 0" in client.get(url).content.decode(), url

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=clips[0], restriction_type=PageViewRestriction.LOGIN
        )

    for url in urls:
        html = client.get(url).content.decode()
        assert "Ladder clip 0" not in html, url
        assert "Ladder clip 2" in html, url
