"""Wagtail's page privacy holds everywhere a clip shows: its page, files, every listing, search,
type-ahead and the API, for anonymous visitors, signed-in outsiders and permitted people."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from tests.factories import UserFactory, clip_make, topic_make

pytestmark = pytest.mark.django_db

VIEWERS = ("anonymous", "outsider", "member")
# Which viewers may see a clip under each kind of restricted topic.
ALLOWED = {
    "login": {"outsider", "member"},
    "group": {"member"},
}
# One made-up word per topic, found only in its clip (title, captions, search, suggest).
WORDS = {"login": "Quokkaflow", "group": "Zebracorn"}
CAPTIONS = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n{word} in one sentence.\n"


@pytest.fixture
def hub(sample_video, django_capture_on_commit_callbacks):
    finance = Group.objects.create(name="Finance")
    presenter = UserFactory(username="presenter")
    people = {
        "outsider": UserFactory(username="outsider"),
        "member": UserFactory(username="member"),
    }
    people["member"].groups.add(finance)
    clips = {}
    for kind, word in WORDS.items():
        topic = topic_make(f"{kind.title()} only")
        restriction = PageViewRestriction.objects.create(
            page=topic,
            restriction_type=(
                PageViewRestriction.LOGIN if kind == "login" else PageViewRestriction.GROUPS
            ),
        )
        if kind == "group":
            restriction.groups.add(finance)
        with django_capture_on_commit_callbacks(execute=True):
            clips[kind] = clip_make(
                topic,
                sample_video,
                title=f"{word} basics",
                captions=CAPTIONS.format(word=word),
                presenter=presenter,
                featured=True,
            )
    public_topic = topic_make("Open to all")
    public = clip_make(public_topic, title="Open clip", presenter=presenter, featured=True)
    return {"people": people, "clips": clips, "public": public}


def sign_in(client, hub, viewer):
    if viewer != "anonymous":
        client.force_login(hub["people"][viewer])
    return client


def seen(client, url: str, text: str) -> bool:
    response = client.get(url)
    assert response.status_code == 200, url
    return text in response.content.decode()


def cases():
    return [(kind, viewer) for kind in WORDS for viewer in VIEWERS]


@pytest.mark.parametrize(("kind", "viewer"), cases())
def test_the_clip_page_and_its_files_follow_the_topics_restriction(client, hub, kind, viewer):
    clip = hub["clips"][kind]
    allowed = viewer in ALLOWED[kind]
    sign_in(client, hub, viewer)

    page = client.get(clip.url)
    video = client.get(f"/media-files/{clip.video_id}/video/")
    poster = client.get(f"/media-files/{clip.video_id}/poster/")
    captions = client.get(f"/media-files/captions/{clip.pk}.vtt")

    assert (page.status_code == 200) is allowed
    if not allowed:
        assert page.status_code == 302 and "login" in page["Location"]
    for response in (video, poster, captions):
        assert response.status_code == (200 if allowed else 404)
    if allowed:
        # Permitted, but never public: no shared cache may keep it.
        for response in (video, captions):
            assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(("kind", "viewer"), cases())
def test_listings_show_the_card_only_to_permitted_viewers(client, hub, kind, viewer):
    clip, word = hub["clips"][kind], WORDS[kind]
    allowed = viewer in ALLOWED[kind]
    sign_in(client, hub, viewer)

    assert seen(client, "/", word) is allowed
    assert seen(client, "/topics/", f"{kind.title()} only") is allowed
    assert seen(client, reverse("learning:profile", args=["presenter"]), word) is allowed
    # The public clip is always there: the listings work, they only leave the card out.
    assert seen(client, "/", "Open clip")
    topic = client.get(clip.get_parent().url)
    assert (topic.status_code == 200 and word in topic.content.decode()) is allowed


@pytest.mark.parametrize(("kind", "viewer"), cases())
def test_search_suggest_and_the_api_find_the_clip_only_for_permitted_viewers(
    client, hub, kind, viewer
):
    clip, word = hub["clips"][kind], WORDS[kind]
    allowed = viewer in ALLOWED[kind]
    sign_in(client, hub, viewer)

    search = client.get("/search/", {"q": word}).content.decode()
    suggest = client.get("/search/suggest/", {"q": word[:5]}).json()["results"]
    api = client.get("/api/v2/pages/", {"type": "clips.ClipPage"}).json()["items"]
    detail = client.get(f"/api/v2/pages/{clip.pk}/")

    assert (f"{word} basics" in search) is allowed
    assert any(row["title"] == clip.title for row in suggest) is allowed
    assert any(item["id"] == clip.pk for item in api) is allowed
    assert any(item["title"] == "Open clip" for item in api)
    assert detail.status_code == (200 if allowed else 404)


def test_a_password_protected_topic_opens_only_to_a_session_that_passed_its_form(
    client, sample_video, django_capture_on_commit_callbacks
):
    topic = topic_make("Board papers")
    restriction = PageViewRestriction.objects.create(
        page=topic, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-board"
    )
    with django_capture_on_commit_callbacks(execute=True):
        clip = clip_make(topic, sample_video, title="Quarterly numbers")
    video_url = f"/media-files/{clip.video_id}/video/"
    client.force_login(UserFactory(username="insider"))  # signed in is not enough

    assert client.get(video_url).status_code == 404
    assert "Quarterly numbers" not in client.get("/").content.decode()

    form_url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, topic.pk])
    response = client.post(form_url, {"password": "s3cret-board", "return_url": topic.url})
    assert response.status_code == 302

    assert client.get(video_url).status_code == 200
    assert "Quarterly numbers" in client.get("/").content.decode()
    assert client.get(clip.url).status_code == 200


def test_a_restriction_on_the_clip_itself_hides_it_in_an_open_topic(client, sample_video):
    topic = topic_make("Open topic")
    clip = clip_make(topic, sample_video, title="Embargoed clip")
    PageViewRestriction.objects.create(page=clip, restriction_type=PageViewRestriction.LOGIN)

    assert "Embargoed clip" not in client.get(topic.url).content.decode()
    assert client.get(f"/media-files/{clip.video_id}/video/").status_code == 404
    client.force_login(UserFactory(username="reader"))
    assert "Embargoed clip" in client.get(topic.url).content.decode()


def test_me_forgets_clips_and_topics_once_the_viewer_may_no_longer_see_them(client, hub):
    from contributions.activity.services import progress_save, topic_follow

    member, clip = hub["people"]["member"], hub["clips"]["group"]
    progress_save(user=member, clip=clip, position=0.5)
    topic_follow(user=member, topic=clip.get_parent().specific)
    client.force_login(member)
    me = reverse("learning:me")
    html = client.get(me).content.decode()
    assert clip.title in html and "Group only" in html

    member.groups.clear()  # left the team the topic is for

    html = client.get(me).content.decode()
    assert clip.title not in html and "Group only" not in html
