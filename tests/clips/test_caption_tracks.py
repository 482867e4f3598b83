"""Caption tracks: one per language, exactly one default, each served clean to whoever may see
the clip, and the clip page offers every one of them to the player."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from clips.captions import CaptionsError, tracks_problem
from clips.models import CaptionTrack, ClipPage
from clips.services import captions_track_set
from tests.contributions.moderation_helpers import edit_form_data
from tests.factories import UserFactory, clip_make, topic_make

pytestmark = pytest.mark.django_db

ENGLISH = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nSend the <b>agenda</b> early.\n"
FRENCH = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nEnvoyez l'<i>ordre du jour</i> tôt.\n"
GERMAN = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nSchicken Sie die Agenda früh.\n"


def track_url(clip, language):
    return f"/media-files/captions/{clip.pk}/{language}.vtt"


def bilingual(topic, **fields):
    """A published clip with its English captions (the default) and a French track."""
    clip = clip_make(topic, title=fields.pop("title", "Agendas"), captions=ENGLISH, **fields)
    captions_track_set(clip, vtt=FRENCH, language="fr")
    clip.save()
    clip.save_revision().publish()
    return ClipPage.objects.get(pk=clip.pk)


# The model and its rules -----------------------------------------------------------------


def test_the_default_track_is_the_transcript_and_every_track_keeps_its_parsed_cues():
    clip = ClipPage(title="Agendas")
    clip.caption_tracks = [
        CaptionTrack(language="fr", vtt=FRENCH),
        CaptionTrack(language="en", vtt=ENGLISH, is_default=True),
    ]

    clip.clean()

    assert clip.transcript == "Send the agenda early."
    assert clip.transcript_cues == [{"start": 0.0, "end": 1.0, "text": "Send the agenda early."}]
    french = clip.caption_tracks.all()[0]
    assert french.cues == [{"start": 0.0, "end": 1.0, "text": "Envoyez l'ordre du jour tôt."}]
    assert french.label == "French"  # the language's name when no label was given


def test_a_clip_whose_tracks_name_no_default_gets_the_first_as_its_default():
    clip = ClipPage(title="Agendas")
    clip.caption_tracks = [
        CaptionTrack(language="fr", vtt=FRENCH),
        CaptionTrack(language="en", vtt=ENGLISH),
    ]

    clip.clean()

    assert [t.is_default for t in clip.caption_tracks.all()] == [True, False]
    assert clip.transcript == "Envoyez l'ordre du jour tôt."


def test_an_unreadable_track_is_an_error_that_names_its_language():
    clip = ClipPage(title="Agendas")
    clip.caption_tracks = [
        CaptionTrack(language="en", vtt=ENGLISH, is_default=True),
        CaptionTrack(language="de", vtt="this is not WebVTT"),
    ]

    with pytest.raises(ValidationError, match="Captions in German: .*not valid WebVTT"):
        clip.clean()


def test_a_track_language_must_be_one_of_the_sites_languages():
    track = CaptionTrack(language="xx-nope", vtt=ENGLISH)

    with pytest.raises(ValidationError) as error:
        track.full_clean(exclude=["page"])

    assert "language" in error.value.message_dict


@pytest.mark.parametrize(
    ("tracks", "problem"),
    [
        ([("en", True), ("fr", False)], None),
        ([("en", True), ("en", False)], "English appears twice"),
        ([("en", True), ("fr", True)], "Only one caption track can be the default"),
    ],
)
def test_a_clip_has_one_track_per_language_and_at_most_one_marked_default(tracks, problem):
    built = [CaptionTrack(language=code, is_default=default) for code, default in tracks]
    found = tracks_problem(built)
    assert (found is None) if problem is None else (problem in found)


# Migrating backwards and forwards changes the schema, which SQLite cannot do in a transaction.
@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_clips_captions_as_its_default_track_and_in_its_revisions():
    """clips 0006: back to one captions field and forward again, nothing is lost."""
    clip = clip_make(topic_make("Meetings"), captions=ENGLISH, publish=False)
    before = MigrationExecutor(connection)
    before.migrate([("clips", "0005_caption_tracks")])
    old = before.loader.project_state([("clips", "0005_caption_tracks")]).apps
    assert old.get_model("clips", "ClipPage").objects.get(pk=clip.pk).captions_vtt == ENGLISH
    assert not old.get_model("clips", "CaptionTrack").objects.exists()

    after = MigrationExecutor(connection)
    after.migrate(after.loader.graph.leaf_nodes())

    track = CaptionTrack.objects.get(page_id=clip.pk)
    assert (track.language, track.label, track.is_default) == ("en", "English", True)
    assert track.vtt == ENGLISH
    assert track.cues == [{"start": 0.0, "end": 1.0, "text": "Send the agenda early."}]
    revision = ClipPage.objects.get(pk=clip.pk).latest_revision
    assert "captions_vtt" not in revision.content
    restored = revision.as_object()
    assert [(t.pk, t.vtt) for t in restored.caption_tracks.all()] == [(track.pk, ENGLISH)]


# Setting tracks (the services' one way) ----------------------------------------------------


def test_setting_a_second_language_adds_a_track_that_is_not_the_default(topic):
    clip = clip_make(topic, captions=ENGLISH)

    captions_track_set(clip, vtt=FRENCH, language="fr")
    clip.save()

    tracks = list(CaptionTrack.objects.filter(page=clip))
    assert [(t.language, t.label, t.is_default) for t in tracks] == [
        ("en", "English", True),
        ("fr", "French", False),
    ]
    assert ClipPage.objects.get(pk=clip.pk).transcript == "Send the agenda early."


def test_removing_the_default_track_makes_the_next_one_the_default_and_the_transcript(topic):
    clip = bilingual(topic)

    captions_track_set(clip, vtt="", language="en")
    clip.save()

    assert list(CaptionTrack.objects.filter(page=clip).values_list("language", "is_default")) == [
        ("fr", True)
    ]
    assert ClipPage.objects.get(pk=clip.pk).transcript == "Envoyez l'ordre du jour tôt."


@pytest.mark.parametrize(("vtt", "language"), [("not WebVTT at all", "fr"), (FRENCH, "klingon")])
def test_unreadable_captions_or_an_unknown_language_change_nothing(topic, vtt, language):
    clip = clip_make(topic, captions=ENGLISH)

    with pytest.raises(CaptionsError):
        captions_track_set(clip, vtt=vtt, language=language)

    assert [t.language for t in clip.caption_tracks.all()] == ["en"]


# The page editor (editors) ----------------------------------------------------------------


def test_editors_add_remove_and_relabel_tracks_in_the_page_editor(client, topic):
    clip = bilingual(topic)
    client.force_login(UserFactory(username="admin", superuser=True))
    edit = reverse("wagtailadmin_pages:edit", args=[clip.pk])
    html = client.get(edit).content.decode()
    assert 'name="caption_tracks-TOTAL_FORMS" value="2"' in html

    data = edit_form_data(client, clip, **{"action-publish": "action-publish"})
    assert data["caption_tracks-1-language"] == "fr"
    data.update(
        {
            "caption_tracks-TOTAL_FORMS": "3",
            "caption_tracks-1-DELETE": "on",
            "caption_tracks-2-id": "",
            "caption_tracks-2-ORDER": "3",
            "caption_tracks-2-language": "de",
            "caption_tracks-2-label": "Deutsch",
            "caption_tracks-2-vtt": GERMAN,
        }
    )
    response = client.post(edit, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    live = ClipPage.objects.get(pk=clip.pk)
    tracks = [(t.language, t.label, t.is_default) for t in live.caption_tracks.all()]
    assert tracks == [("en", "English", True), ("de", "Deutsch", False)]
    assert live.transcript == "Send the agenda early."


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"caption_tracks-1-is_default": "on"}, "Only one caption track can be the default."),
        ({"caption_tracks-1-language": "en"}, "English appears twice"),
        ({"caption_tracks-1-vtt": "this is not WebVTT"}, "not valid WebVTT"),
    ],
)
def test_the_page_editor_refuses_a_broken_set_of_tracks_with_a_message(
    client, topic, change, error
):
    clip = bilingual(topic)
    client.force_login(UserFactory(username="admin", superuser=True))
    revisions = clip.revisions.count()

    data = edit_form_data(client, clip, **{"action-publish": "action-publish", **change})
    response = client.post(reverse("wagtailadmin_pages:edit", args=[clip.pk]), data)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert clip.revisions.count() == revisions


# Serving, per track, through the one access policy -----------------------------------------


def test_each_track_is_served_at_its_own_address_as_clean_webvtt(client, topic):
    clip = bilingual(topic)

    response = client.get(track_url(clip, "fr"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Language"] == "fr"
    text = response.content.decode()
    assert text.startswith("WEBVTT")
    # Rebuilt from the parsed cues: the markup that came with the upload is gone.
    assert "00:00:00.000 --> 00:00:01.000\nEnvoyez l'ordre du jour tôt." in text
    assert "<i>" not in text
    default = client.get(f"/media-files/captions/{clip.pk}.vtt").content.decode()
    assert "Send the agenda early." in default


def test_a_language_the_clip_has_no_track_in_is_404(client, topic):
    clip = bilingual(topic)
    assert client.get(track_url(clip, "de")).status_code == 404
    assert client.get(f"/media-files/captions/{clip.pk}/..%2Fetc.vtt").status_code == 404


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_track_of_a_restricted_clip_is_refused_to_outsiders(client, language):
    finance = Group.objects.create(name="Finance")
    topic = topic_make("Finance only")
    restriction = PageViewRestriction.objects.create(
        page=topic, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(finance)
    clip = bilingual(topic)
    member = UserFactory(username="member")
    member.groups.add(finance)

    assert client.get(track_url(clip, language)).status_code == 404
    client.force_login(UserFactory(username="outsider"))
    assert client.get(track_url(clip, language)).status_code == 404
    client.force_login(member)
    response = client.get(track_url(clip, language))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_the_tracks_of_an_unpublished_clip_are_for_its_owner_only(client, topic):
    owner = UserFactory(username="owner")
    clip = clip_make(topic, captions=ENGLISH, publish=False, owner=owner)
    captions_track_set(clip, vtt=FRENCH, language="fr")
    clip.save()

    client.force_login(UserFactory(username="stranger"))
    assert client.get(track_url(clip, "fr")).status_code == 404
    client.force_login(owner)
    assert client.get(track_url(clip, "fr")).status_code == 200


# The clip page ------------------------------------------------------------------------------


def test_the_clip_page_offers_every_track_and_marks_only_the_default(client, topic, sample_video):
    clip = bilingual(topic)
    clip.video = clip_make(topic, sample_video, title="With video").video
    clip.save_revision().publish()

    html = client.get(clip.url).content.decode()

    tracks = re.findall(r"<track [^>]*>", html)
    assert tracks == [
        f'<track kind="captions" src="/media-files/captions/{clip.pk}/en.vtt" srclang="en"'
        ' label="English" default>',
        f'<track kind="captions" src="/media-files/captions/{clip.pk}/fr.vtt" srclang="fr"'
        ' label="French">',
    ]
    # The transcript is the default track's, marked with its language.
    assert 'data-transcript tabindex="0" aria-labelledby="transcript-heading" lang="en"' in html
    assert "Send the agenda early." in html
    assert "Envoyez" not in html


def test_the_clip_page_makes_the_same_queries_with_one_track_and_with_four(
    client, topic, sample_video, settings
):
    settings.PAGE_CACHE_ENABLED = False
    one = clip_make(topic, sample_video, title="One track", captions=ENGLISH)
    four = clip_make(topic, sample_video, title="Four tracks", captions=ENGLISH)
    for language, vtt in (("fr", FRENCH), ("de", GERMAN), ("es", GERMAN)):
        captions_track_set(four, vtt=vtt, language=language)
    four.save()
    four.save_revision().publish()
    # Warm the site-root cache and the kept listings (related clips) the same way for both.
    client.get(one.url)
    client.get(four.url)

    counts = []
    for clip, expected_tracks in ((one, 1), (four, 4)):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(clip.url).content.decode()
        assert html.count("<track ") == expected_tracks
        counts.append(len(queries))

    assert counts[0] == counts[1]
