"""Public pages are one page for everyone, cached whole, purged exactly when content changes."""

from unittest import mock

import pytest
from django.test import Client
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import PageViewRestriction

from clips import caching
from contributions.activity.ratings import rating_set
from contributions.activity.services import progress_save, topic_follow
from tests.factories import UserFactory, clip_make, topic_make

pytestmark = pytest.mark.django_db

API_URL = "/api/v2/pages/?type=clips.ClipPage&fields=rating_count,topic&limit=5"
PURGED = []


class RecordingBackend(BaseBackend):
    """A frontend cache backend that only remembers what it was asked to purge."""

    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def hub():
    topic, other = topic_make("Safety"), topic_make("Onboarding")
    clip = clip_make(topic, title="Ladder basics", tags=("ladders",))
    clip_make(topic, title="Gloves and boots")
    elsewhere = clip_make(other, title="First day")
    return {"topic": topic, "other": other, "clip": clip, "elsewhere": elsewhere}


def public_urls(hub) -> list[str]:
    topic = hub["topic"]
    return [
        "/",
        "/topics/",
        topic.url,
        topic.url + "?sort=top&page=1",
        hub["clip"].url,
        "/search/?q=ladder",
        API_URL,
    ]


def visitors(hub) -> dict[str, Client]:
    """An anonymous visitor and two people with different ratings, follows, progress, level."""
    clip, topic = hub["clip"], hub["topic"]
    ada = UserFactory(username="ada_the_rater", first_name="Ada")
    rating_set(user=ada, clip=clip, score=5)
    topic_follow(user=ada, topic=topic)
    progress_save(user=ada, clip=clip, position=1.5, duration=2.0)
    grace = UserFactory(username="grace_the_editor", is_superuser=True, is_staff=True)
    rating_set(user=grace, clip=clip, score=1)
    clients = {"visitor": Client()}
    for user in (ada, grace):
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    return clients


def assert_same_for_everyone(clients: dict[str, Client], urls: list[str]) -> None:
    """Every URL answers the same bytes to every client (the visitor's and two people's)."""
    for url in urls:
        bodies = {}
        for name, client in clients.items():
            response = client.get(url)
            assert response.status_code == 200, (name, url)
            bodies[name] = response.content
        first = next(iter(bodies.values()))
        for name, body in bodies.items():
            assert body == first, f"{url} differs for {name}"


def test_every_public_page_is_the_same_bytes_for_two_people_and_a_visitor(hub, settings):
    settings.PAGE_CACHE_ENABLED = False  # each one rendered afresh, not one copy served thrice
    assert_same_for_everyone(visitors(hub), public_urls(hub))


def test_the_same_bytes_check_fails_when_a_page_shows_who_is_signed_in(hub, settings):
    settings.PAGE_CACHE_ENABLED = False
    leaky = {"includes/account_menu.html": "<nav>{{ request.user.get_username }}</nav>"}
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "APP_DIRS": False,
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "loaders": [
                    ("django.template.loaders.locmem.Loader", leaky),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]
    with pytest.raises(AssertionError, match="differs for ada_the_rater"):
        assert_same_for_everyone(visitors(hub), [hub["clip"].url])


def test_a_public_page_is_cached_once_for_visitors_and_rendered_for_signed_in_people(client, hub):
    first = client.get(hub["clip"].url)
    assert first["X-Page-Cache"] == "miss"
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=60"
    assert "Cookie" not in first.get("Vary", "")
    assert not first.cookies
    again = Client().get(hub["clip"].url)
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert again["Cache-Control"] == first["Cache-Control"]
    assert again["Content-Type"] == first["Content-Type"]

    # Listings show what the viewer may see, so a session never reads or fills the cache.
    client.force_login(UserFactory())
    signed_in = client.get(hub["clip"].url)
    assert "X-Page-Cache" not in signed_in
    assert "private" in signed_in["Cache-Control"]
    assert signed_in.content == first.content  # no extra rights: the same bytes


def test_query_strings_are_cached_separately(client, hub):
    topic = hub["topic"]
    assert client.get(topic.url)["X-Page-Cache"] == "miss"
    top = client.get(topic.url + "?sort=top")
    assert top["X-Page-Cache"] == "miss"
    assert client.get(topic.url + "?sort=top")["X-Page-Cache"] == "hit"
    assert client.get(topic.url)["X-Page-Cache"] == "hit"


def fill(client, urls):
    for url in urls:
        client.get(url)
    return {url: client.get(url)["X-Page-Cache"] for url in urls}


def test_publishing_a_clip_purges_its_page_topic_index_home_and_the_api_only(client, hub):
    clip, topic, other = hub["clip"], hub["topic"], hub["other"]
    shown = ["/", "/topics/", topic.url, topic.url + "?sort=top&page=1", clip.url, API_URL]
    unrelated = [other.url, hub["elsewhere"].url]
    assert set(fill(client, shown + unrelated).values()) == {"hit"}

    clip.title = "Ladder basics, revised"
    clip.save_revision().publish()

    after = {url: client.get(url)["X-Page-Cache"] for url in shown + unrelated}
    assert after == {**dict.fromkeys(shown, "miss"), **dict.fromkeys(unrelated, "hit")}
    assert "Ladder basics, revised" in client.get(topic.url).content.decode()


def test_unpublishing_or_deleting_a_clip_removes_it_from_every_cached_page(client, hub):
    clip, topic = hub["clip"], hub["topic"]
    fill(client, ["/", topic.url, clip.url])
    clip.unpublish()
    assert client.get(clip.url).status_code == 404
    assert "Ladder basics" not in client.get(topic.url).content.decode()
    assert "Ladder basics" not in client.get("/").content.decode()

    gloves = topic.get_children().live().get().specific
    fill(client, [topic.url, gloves.url])
    gloves.delete()
    assert client.get(gloves.url).status_code == 404
    assert "Gloves and boots" not in client.get(topic.url).content.decode()


def test_editing_a_topic_purges_its_clips_pages_that_show_its_title(client, hub):
    topic, clip = hub["topic"], hub["clip"]
    fill(client, [clip.url, hub["elsewhere"].url])
    topic.title = "Safety first"
    topic.save_revision().publish()
    response = client.get(clip.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Safety first" in response.content.decode()
    assert client.get(hub["elsewhere"].url)["X-Page-Cache"] == "hit"


def test_moving_a_clip_purges_its_old_and_new_places(client, hub):
    clip, topic, other = hub["clip"], hub["topic"], hub["other"]
    old_url = clip.url
    fill(client, [old_url, topic.url, other.url])
    clip.move(other, pos="last-child")
    clip.refresh_from_db()
    moved = client.get(old_url)  # Wagtail's automatic redirect, not the cached page
    assert (moved.status_code, moved["Location"]) == (301, clip.url)
    assert "Ladder basics" not in client.get(topic.url).content.decode()
    assert "Ladder basics" in client.get(other.url).content.decode()
    assert client.get(clip.url).status_code == 200


def test_a_restricted_page_is_purged_and_never_cached_for_others(client, hub):
    topic, clip = hub["topic"], hub["clip"]
    fill(client, [topic.url, clip.url])
    PageViewRestriction.objects.create(page=topic, restriction_type=PageViewRestriction.LOGIN)

    assert client.get(clip.url).status_code == 302  # to the login page
    member = Client()
    member.force_login(UserFactory())
    seen = member.get(clip.url)
    assert seen.status_code == 200
    assert "X-Page-Cache" not in seen
    assert "private" in seen["Cache-Control"] and "no-store" in seen["Cache-Control"]
    assert client.get(clip.url).status_code == 302  # still not the member's copy


def test_a_password_form_is_never_cached(client, hub):
    clip = hub["clip"]
    PageViewRestriction.objects.create(
        page=clip, restriction_type=PageViewRestriction.PASSWORD, password="open sesame"
    )
    for _ in range(2):
        response = client.get(clip.url)
        assert response.status_code == 200 and "X-Page-Cache" not in response
        assert "public" not in response["Cache-Control"]


def test_a_draft_is_never_served_to_others(client, hub):
    draft = clip_make(hub["topic"], title="Not yet", publish=False)
    owner_client = Client()
    owner_client.force_login(UserFactory(is_superuser=True))
    assert owner_client.get(draft.url or "/topics/safety/not-yet/").status_code == 404
    assert not caching.public_for_everyone(draft)
    assert client.get("/topics/safety/not-yet/").status_code == 404


def test_a_request_with_a_message_to_show_neither_reads_nor_fills_the_cache(hub):
    """After a plain-form rating the clip page shows the message, only to that person."""
    clip = hub["clip"]
    visitor = Client()
    visitor.get(clip.url)  # cached now
    rater = Client()
    rater.force_login(UserFactory())
    rater.post(f"/clips/{clip.pk}/rate/", {"score": "4"})
    rater.cookies.pop("sessionid")  # the message cookie alone keeps it out of the cache
    page = rater.get(clip.url)
    assert "You rated" in page.content.decode()
    assert "X-Page-Cache" not in page
    assert "public" not in page["Cache-Control"]
    assert "1 rating" in page.content.decode()
    assert "You rated" not in visitor.get(clip.url).content.decode()


def test_posts_and_form_errors_are_never_cached(client, hub):
    clip = hub["clip"]
    client.force_login(UserFactory())
    bad = client.post(f"/clips/{clip.pk}/rate/", {"score": "9"})
    assert bad.status_code == 400 and "public" not in bad.get("Cache-Control", "")
    posted = client.post(hub["topic"].url)
    assert "X-Page-Cache" not in posted


def test_the_bypass_header_renders_afresh_only_when_settings_allow_it(client, hub, settings):
    url = hub["clip"].url
    client.get(url)
    assert client.get(url, HTTP_X_PAGE_CACHE="bypass")["X-Page-Cache"] == "hit"
    settings.PAGE_CACHE_ALLOW_BYPASS = True
    assert client.get(url, HTTP_X_PAGE_CACHE="bypass")["X-Page-Cache"] == "bypass"
    settings.PAGE_CACHE_ENABLED = False
    off = client.get(url)
    assert "X-Page-Cache" not in off and "public" in off["Cache-Control"]


def test_publishing_purges_the_cdn_through_the_frontend_cache_backends(
    client, hub, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "recording": {"BACKEND": "tests.hub.test_page_cache.RecordingBackend"},
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:8139",
        },
    }
    PURGED.clear()
    clip, topic = hub["clip"], hub["topic"]
    with (
        mock.patch("wagtail.contrib.frontend_cache.backends.http.urlopen") as urlopen,
        django_capture_on_commit_callbacks(execute=True),
    ):
        clip.save_revision().publish()

    base = "http://localhost"
    expected = {
        base + clip.url,
        base + topic.url,
        base + topic.url + "?sort=top",
        base + "/topics/",
        base + "/",
        base + "/api/v2/pages/",
    }
    assert expected <= set(PURGED)
    assert hub["other"].url not in " ".join(PURGED)
    varnish = {call.args[0].full_url for call in urlopen.call_args_list}
    assert {url.replace(base, "http://127.0.0.1:8139") for url in expected} <= varnish
    assert {call.args[0].get_method() for call in urlopen.call_args_list} == {"PURGE"}
