"""The index follows publishing: only live content is ever found, whatever the engine holds."""

from clips.models import ClipOrigin
from clips.services import captions_track_set
from search.queries import clip_match_ids, suggestions
from tests.factories import UserFactory, clip_make

from .conftest import captions


def found(client, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return [clip.pk for clip in response.context["clips"]]


def test_a_clip_is_found_once_published_and_not_after_unpublishing(client, crafted):
    topic = crafted["topics"]["writing"]
    clip = clip_make(topic, title="Semicolon safari", publish=False)
    assert found(client, "semicolon") == []
    clip.save_revision().publish()
    assert found(client, "semicolon") == [clip.pk]
    clip.refresh_from_db()
    clip.unpublish()
    assert found(client, "semicolon") == []


def test_a_deleted_clip_leaves_the_index(client, crafted):
    clip = crafted["agenda"]
    assert found(client, "zebracorn") == [clip.pk]
    clip.delete()
    assert found(client, "zebracorn") == []
    assert clip_match_ids(["zebracorn"]) == []


def test_a_waiting_submission_is_never_found_not_even_by_its_transcript(client, crafted):
    contributor = UserFactory(username="newbie", first_name="Nora", last_name="Newbie")
    clip_make(
        crafted["topics"]["meetings"],
        title="Hushhush retro",
        publish=False,
        owner=contributor,
        presenter=contributor,
        origin=ClipOrigin.COMMUNITY,
        captions=captions("The marmalade protocol starts every retro."),
    )
    for q in ("marmalade", "hushhush", "retro", "Newbie"):
        assert found(client, q) == [], q
    suggest = client.get("/search/suggest/", {"q": "hushh"}).json()
    assert suggest == {"results": []}


def test_draft_changes_to_a_live_clip_are_not_found_until_published(client, crafted):
    clip = crafted["plain"]
    captions_track_set(clip, vtt=captions("A secret flamingo word in the draft."))
    revision = clip.save_revision()
    assert found(client, "flamingo") == []
    assert found(client, "sentences") == [clip.pk]
    revision.publish()
    assert found(client, "flamingo") == [clip.pk]
    assert found(client, "sentences") == []


def test_a_clip_under_a_private_topic_is_not_found(client, crafted, rf):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=crafted["topics"]["meetings"], restriction_type=PageViewRestriction.LOGIN
    )
    assert found(client, "zebracorn") == []
    assert found(client, "planning") == [crafted["decision"].pk]
    assert [r["title"] for r in suggestions("agen", rf.get("/"))] == []
