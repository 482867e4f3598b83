"""Public pages are one page for everyone, cached whole, purged exactly when content changes."""

from unittest import mock

import pytest
from django.conf import settings as settings_module
from django.contrib.auth.models import Group
from django.core import signing
from django.test import Client
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import PageViewRestriction

from clips import access, caching
from contributions.activity.ratings import rating_set
from contributions.activity.services import progress_save, topic_follow
from hub import page_cache
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
    grace = UserFactory(username="grace_the_reviewer", first_name="Grace")
    grace.groups.add(Group.objects.get_or_create(name=access.REVIEWERS_GROUP)[0])
    rating_set(user=grace, clip=clip, score=1)
    # Different people, one visibility class: their pages may be one cached copy.
    assert access.visibility_class(ada) == access.visibility_class(grace) == "signed-in"
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


def test_two_people_of_one_class_see_the_same_bytes_where_restricted_cards_show(
    hub, restricted, settings
):
    """With a group-restricted clip on the pages, two members (one class) still match."""
    settings.PAGE_CACHE_ENABLED = False
    other = UserFactory(username="other_member")
    other.groups.add(restricted["group"])
    rating_set(user=other, clip=hub["clip"], score=2)
    clients = {
        name: signed_in(user) for name, user in (("member", restricted["member"]), ("other", other))
    }
    assert access.visibility_class(restricted["member"]) == access.visibility_class(other)
    assert_same_for_everyone(clients, public_urls(hub))
    assert shows_secret(clients["member"].get("/"))


def leak_who_is_signed_in(settings) -> None:
    """The header shows the signed-in person's name: what a shared page must never do."""
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


def test_the_same_bytes_check_fails_when_a_page_shows_who_is_signed_in(hub, settings):
    settings.PAGE_CACHE_ENABLED = False
    leak_who_is_signed_in(settings)
    with pytest.raises(AssertionError, match="differs for ada_the_rater"):
        assert_same_for_everyone(visitors(hub), [hub["clip"].url])


def test_the_same_class_check_fails_when_a_page_shows_who_is_signed_in(hub, restricted, settings):
    settings.PAGE_CACHE_ENABLED = False
    leak_who_is_signed_in(settings)
    other = UserFactory(username="other_member")
    other.groups.add(restricted["group"])
    clients = {"member": signed_in(restricted["member"]), "other": signed_in(other)}
    with pytest.raises(AssertionError, match="differs for other"):
        assert_same_for_everyone(clients, public_urls(hub))


def test_a_public_page_is_cached_once_for_visitors(client, hub):
    first = client.get(hub["clip"].url)
    assert first["X-Page-Cache"] == "miss"
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=30"  # PAGE_CACHE_SECONDS
    assert "Cookie" not in first.get("Vary", "")
    assert not first.cookies
    again = Client().get(hub["clip"].url)
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert again["Cache-Control"] == first["Cache-Control"]
    assert again["Content-Type"] == first["Content-Type"]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("page", ["home", "topic", "topic sorted", "clip", "api"])
def test_signed_in_people_without_groups_share_one_cached_copy(hub, page):
    url = {
        "home": "/",
        "topic": hub["topic"].url,
        "topic sorted": hub["topic"].url + "?sort=top",
        "clip": hub["clip"].url,
        "api": API_URL,
    }[page]
    anonymous = Client().get(url).content
    ada, grace = signed_in(UserFactory()), signed_in(UserFactory())
    first = ada.get(url)
    assert first["X-Page-Cache"] == "miss"
    assert page_cache.VIEWER_COOKIE in first.cookies  # the class, for the next request
    again = ada.get(url)
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content == anonymous  # no extra rights: the same bytes
    # Their copy is theirs and their class's: never for a shared cache.
    for response in (first, again):
        assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
        assert "Cookie" in response["Vary"]
    assert grace.get(url)["X-Page-Cache"] == "miss"  # no cookie yet: rendered for her
    assert grace.get(url)["X-Page-Cache"] == "hit"  # her class is Ada's: Ada's copy


@pytest.fixture
def restricted(hub):
    """A clip only Finance may see, listed on its topic's page and home."""
    finance = Group.objects.create(name="Finance")
    topic = topic_make("Budgets")
    restriction = PageViewRestriction.objects.create(
        page=topic, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(finance)
    clip = clip_make(topic, title="Zebracorn figures", featured=True)
    member = UserFactory(username="member")
    member.groups.add(finance)
    return {"group": finance, "clip": clip, "member": member, "outsider": UserFactory()}


def shows_secret(response) -> bool:
    return b"Zebracorn figures" in response.content


def test_a_restricting_groups_members_get_their_own_copy_and_outsiders_never_see_it(
    hub, restricted
):
    member, outsider = signed_in(restricted["member"]), signed_in(restricted["outsider"])
    assert not shows_secret(outsider.get("/"))
    assert not shows_secret(outsider.get("/"))  # now from their class's copy
    assert [shows_secret(member.get("/")) for _ in range(2)] == [True, True]
    assert member.get("/")["X-Page-Cache"] == "hit"
    response = outsider.get("/")
    assert response["X-Page-Cache"] == "hit" and not shows_secret(response)
    assert not shows_secret(Client().get("/")) and not shows_secret(Client().get("/"))


def test_a_copied_or_forged_class_cookie_never_shows_another_class(hub, restricted):
    member, outsider = signed_in(restricted["member"]), signed_in(restricted["outsider"])
    assert shows_secret(member.get("/")) and shows_secret(member.get("/"))  # cached now
    outsider.get("/")
    good = member.cookies[page_cache.VIEWER_COOKIE].value
    user_id, token, digest = (
        signing.TimestampSigner(salt="hub.page_cache.viewer").unsign(good).split(":")
    )

    # The member's cookie beside the outsider's own session.
    outsider.cookies[page_cache.VIEWER_COOKIE] = good
    assert not shows_secret(outsider.get("/"))
    # A cookie made up without SECRET_KEY, or the member's class signed for the outsider's id.
    outsider.cookies[page_cache.VIEWER_COOKIE] = f"{user_id}:{token}:{digest}:x:y"
    assert not shows_secret(outsider.get("/"))
    session = outsider.cookies[settings_module.SESSION_COOKIE_NAME].value
    forged = f"{restricted['outsider'].pk}:{token}:{page_cache._session_digest(session)}"
    outsider.cookies[page_cache.VIEWER_COOKIE] = signing.TimestampSigner(salt="wrong").sign(forged)
    assert not shows_secret(outsider.get("/"))
    # Even correctly signed (as if SECRET_KEY leaked), the record says the outsider's class.
    outsider.cookies[page_cache.VIEWER_COOKIE] = signing.TimestampSigner(
        salt="hub.page_cache.viewer"
    ).sign(forged)
    response = outsider.get("/")
    assert not shows_secret(response) and response["X-Page-Cache"] == "miss"


def test_group_changes_switch_the_class_at_once(hub, restricted):
    person = UserFactory()
    client = signed_in(person)
    member = signed_in(restricted["member"])
    assert shows_secret(member.get("/")) and shows_secret(member.get("/"))
    assert not shows_secret(client.get("/")) and not shows_secret(client.get("/"))

    restricted["group"].user_set.add(person)  # joined from the group's side
    assert shows_secret(client.get("/"))
    assert client.get("/")["X-Page-Cache"] == "hit"  # the members' copy

    restricted["member"].groups.remove(restricted["group"])  # left, with a cookie still
    left = member.get("/")
    assert not shows_secret(left) and left["X-Page-Cache"] == "miss"
    assert not shows_secret(member.get("/"))

    restricted["group"].user_set.clear()
    assert not shows_secret(client.get("/"))


def test_signing_out_and_in_switches_the_class(hub, restricted):
    member = Client()
    member.force_login(restricted["member"])
    assert shows_secret(member.get("/")) and member.get("/")["X-Page-Cache"] == "hit"
    old_cookie = member.cookies[page_cache.VIEWER_COOKIE].value
    old_session = member.cookies["sessionid"].value

    out = member.post("/accounts/logout/")
    assert out.status_code == 302
    assert member.cookies[page_cache.VIEWER_COOKIE].value == ""  # deleted
    assert b"signed out" in member.get("/").content  # the message, for this person only
    for emptied in ("messages", "sessionid"):  # as a browser drops deleted cookies
        member.cookies.pop(emptied, None)
    visitor = member.get("/")
    assert not shows_secret(visitor) and "public" in visitor["Cache-Control"]

    # Someone who kept the old session cookie and the class cookie: the session is gone.
    kept = Client()
    kept.cookies["sessionid"] = old_session
    kept.cookies[page_cache.VIEWER_COOKIE] = old_cookie
    assert not shows_secret(kept.get("/"))

    signed = member.post(
        "/accounts/login/", {"login": "member", "password": "learn-and-share"}, follow=False
    )
    assert signed.status_code == 302
    assert member.cookies[page_cache.VIEWER_COOKIE].value not in ("", old_cookie)
    member.get("/")  # shows "signed in" once
    member.cookies.pop("messages", None)
    assert shows_secret(member.get("/")) and member.get("/")["X-Page-Cache"] == "hit"


def test_a_session_past_a_password_form_is_rendered_for_itself(hub):
    vault = topic_make("Vault")
    restriction = PageViewRestriction.objects.create(
        page=vault, restriction_type=PageViewRestriction.PASSWORD, password="open sesame"
    )
    clip_make(vault, title="Behind the password", featured=True)
    client = signed_in(UserFactory())
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"

    form = f"/_util/authenticate_with_password/{restriction.pk}/{vault.pk}/"
    passed = client.post(form, {"password": "open sesame", "return_url": vault.url})
    assert passed.status_code == 302
    assert client.cookies[page_cache.VIEWER_COOKIE].value == ""  # no class any more
    for _ in range(2):
        home = client.get("/")
        assert "X-Page-Cache" not in home and "no-store" in home["Cache-Control"]
        assert b"Behind the password" in home.content
    assert b"Behind the password" not in Client().get("/").content
    other = signed_in(UserFactory())
    other.get("/")
    assert b"Behind the password" not in other.get("/").content


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
    owner_client.force_login(UserFactory(superuser=True))
    assert draft.url == "/topics/safety/not-yet/"
    assert owner_client.get(draft.url).status_code == 404
    assert not caching.public_for_everyone(draft)
    assert client.get(draft.url).status_code == 404


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
