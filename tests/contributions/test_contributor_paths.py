"""Contributors: the preview of their clip, the caption editor, their numbers, double submits."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clips.models import ClipOrigin, ClipPage, ClipStats
from contributions.models import ClipView, Level, WatchProgress
from contributions.moderation.contributor_numbers import clip_numbers
from contributions.moderation.forms import parse_time
from contributions.moderation.services import SubmissionError, submission_captions_set
from tests.contributions.moderation_helpers import act, current_task, person, submit
from tests.factories import clip_make

pytestmark = pytest.mark.django_db

VTT = (
    "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nLabel both ends.\n\n"
    "00:00:01.000 --> 00:00:02.000\nUse vinyl tags.\n"
)


def cue_post(page, rows, extra=()):
    """The caption editor's POST: rows of (start, end, text, delete) plus new rows."""
    data = {
        "cues-TOTAL_FORMS": str(len(rows) + len(extra)),
        "cues-INITIAL_FORMS": str(len(rows)),
        "cues-MIN_NUM_FORMS": "0",
        "cues-MAX_NUM_FORMS": "2000",
    }
    for i, (start, end, text, delete) in enumerate([*rows, *extra]):
        data.update({f"cues-{i}-start": start, f"cues-{i}-end": end, f"cues-{i}-text": text})
        if delete:
            data[f"cues-{i}-DELETE"] = "on"
    return data


# Preview ---------------------------------------------------------------------------------


def test_watch_your_video_opens_a_preview_of_the_clip_page(client, submission, contributor):
    client.force_login(contributor)
    dashboard = client.get(reverse("contribute:dashboard")).content.decode()
    preview_url = reverse("contribute:preview", args=[submission.pk])
    assert f'href="{preview_url}"' in dashboard

    html = client.get(preview_url).content.decode()
    assert 'id="clip-video"' in html
    assert submission.video.url in html
    assert reverse("clips:captions_track", args=[submission.pk, "en"]) in html
    assert "Use vinyl tags." in html
    assert "Stage: <strong>Peer review</strong>" in html


def test_the_preview_is_only_for_the_contributor(client, submission, trusted):
    client.force_login(trusted)
    assert client.get(reverse("contribute:preview", args=[submission.pk])).status_code == 404


def test_after_publication_the_preview_leads_to_the_live_page(
    client, submission, contributor, trusted, editor
):
    act(submission, trusted)
    act(submission, editor)
    submission.refresh_from_db()
    client.force_login(contributor)
    response = client.get(reverse("contribute:preview", args=[submission.pk]))
    assert response.status_code == 302 and response["Location"] == submission.url
    dashboard = client.get(reverse("contribute:dashboard")).content.decode()
    assert f'href="{submission.url}">Watch your clip' in dashboard


# Caption editor ----------------------------------------------------------------------------


def test_parse_time_reads_seconds_minutes_and_hours():
    assert parse_time("75") == 75
    assert parse_time("1:05.5") == 65.5
    assert parse_time("0:01:15.250") == 75.25
    with pytest.raises(ValueError):
        parse_time("soon")


def test_editing_a_cue_changes_the_transcript_and_restarts_review(
    client, submission, contributor, trusted
):
    act(submission, trusted)  # at editorial approval when the contributor fixes a word
    client.force_login(contributor)
    url = reverse("contribute:captions", args=[submission.pk])
    assert "Use vinyl tags." in client.get(url).content.decode()

    response = client.post(
        url,
        cue_post(
            submission,
            [
                ("0:00.000", "0:01.000", "Label both ends.", False),
                ("0:01", "0:02", "Use cloth tags.", False),
            ],
            extra=[("0:02", "0:03.5", "Then coil loosely.", False), ("", "", "", False)],
        ),
    )

    assert response.status_code == 302
    page = ClipPage.objects.get(pk=submission.pk)
    assert page.transcript == "Label both ends.\nUse cloth tags.\nThen coil loosely."
    assert [c["start"] for c in page.transcript_cues] == [0, 1, 2]
    assert "Use cloth tags." in page.get_latest_revision_as_object().transcript
    _state, task = current_task(page)
    assert task.name == "Peer review"  # every stage sees the new captions


def test_removing_a_cue_and_a_bad_time(client, submission, contributor):
    client.force_login(contributor)
    url = reverse("contribute:captions", args=[submission.pk])

    bad = client.post(
        url,
        cue_post(
            submission, [("0:00", "later", "Label both ends.", False), ("0:01", "0:02", "x", False)]
        ),
    )
    assert bad.status_code == 400 and "Write a time like" in bad.content.decode()
    assert ClipPage.objects.get(pk=submission.pk).transcript == "Label both ends.\nUse vinyl tags."

    client.post(
        url,
        cue_post(
            submission,
            [
                ("0:00", "0:01", "Label both ends.", True),
                ("0:01", "0:02", "Use vinyl tags.", False),
            ],
        ),
    )
    assert ClipPage.objects.get(pk=submission.pk).transcript == "Use vinyl tags."


def test_a_replacement_captions_file_replaces_every_line(client, submission, contributor):
    client.force_login(contributor)
    data = cue_post(submission, [("0:00", "0:01", "ignored", False), ("0:01", "0:02", "x", False)])
    data["captions"] = SimpleUploadedFile(
        "new.vtt", b"WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nA brand new line.\n", "text/vtt"
    )
    response = client.post(reverse("contribute:captions", args=[submission.pk]), data)
    assert response.status_code == 302
    assert ClipPage.objects.get(pk=submission.pk).transcript == "A brand new line."


def test_captions_can_be_added_after_upload(
    contributor, topic, sample_video, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = submit(contributor, sample_video, topic, title="Without captions")
    page = ClipPage.objects.get(pk=page.pk)
    assert page.transcript == ""
    submission_captions_set(user=contributor, page=page, captions_vtt=VTT)
    assert ClipPage.objects.get(pk=page.pk).transcript == "Label both ends.\nUse vinyl tags."


def test_nobody_else_edits_the_captions_and_published_clips_are_closed(
    client, submission, contributor, trusted, editor
):
    client.force_login(trusted)
    assert client.get(reverse("contribute:captions", args=[submission.pk])).status_code == 404
    act(submission, trusted)
    act(submission, editor)
    with pytest.raises(SubmissionError):
        submission_captions_set(
            user=contributor, page=ClipPage.objects.get(pk=submission.pk), captions_vtt=VTT
        )


def test_a_contributor_adds_a_track_in_another_language_and_edits_it_cue_by_cue(
    client, submission, contributor
):
    client.force_login(contributor)
    url = reverse("contribute:captions", args=[submission.pk])
    chooser = client.get(url).content.decode()
    assert 'href="?language=en" aria-current="page"' in chooser  # the default track's editor
    assert '<option value="fr">French</option>' in chooser  # add a language
    assert '<option value="en">' not in chooser.split("add-track")[1]  # not one it has

    added = client.post(
        f"{url}?language=fr",
        {
            **cue_post(
                submission, [], extra=[("0:00", "0:01", "Étiquetez les deux bouts.", False)]
            ),
            "language": "fr",
        },
    )
    assert added.status_code == 302
    editor = client.get(f"{url}?language=fr").content.decode()
    assert 'value="Étiquetez les deux bouts."' in editor
    assert 'name="language" value="fr"' in editor

    client.post(
        url,
        {
            **cue_post(submission, [("0:00", "0:01.5", "Étiquetez chaque bout.", False)]),
            "language": "fr",
        },
    )

    page = ClipPage.objects.get(pk=submission.pk)
    tracks = {t.language: t for t in page.caption_tracks.all()}
    assert tracks["fr"].cues == [{"start": 0.0, "end": 1.5, "text": "Étiquetez chaque bout."}]
    assert not tracks["fr"].is_default and tracks["en"].is_default
    # The transcript stays the default (English) track's; the revision holds both tracks.
    assert page.transcript == "Label both ends.\nUse vinyl tags."
    revision = page.get_latest_revision_as_object()
    assert sorted(t.language for t in revision.caption_tracks.all()) == ["en", "fr"]


def test_the_caption_editor_refuses_a_language_the_site_does_not_offer(
    client, submission, contributor
):
    client.force_login(contributor)
    url = reverse("contribute:captions", args=[submission.pk])
    assert client.get(f"{url}?language=xx-evil").status_code == 404
    response = client.post(url, {**cue_post(submission, []), "language": "<script>"})
    assert response.status_code == 404
    assert [t.language for t in ClipPage.objects.get(pk=submission.pk).caption_tracks.all()] == [
        "en"
    ]


# Numbers -------------------------------------------------------------------------------------


def published(topic, owner, title):
    page = clip_make(topic, title=title, origin=ClipOrigin.COMMUNITY)
    ClipPage.objects.filter(pk=page.pk).update(owner=owner)  # as an approved submission is
    return page


def activity(page, viewers: int, completed: int, ratings=(4, 5)):
    now = timezone.now()
    ClipView.objects.bulk_create(
        ClipView(clip=page, viewer_key=f"v{n % viewers}", created_at=now)
        for n in range(viewers + 2)
    )
    people = [person(Level.LEARNER, username=f"w{page.pk}-{n}") for n in range(viewers)]
    WatchProgress.objects.bulk_create(
        WatchProgress(clip=page, user=u, position=1, duration=2, completed=n < completed)
        for n, u in enumerate(people)
    )
    ClipStats.objects.filter(clip=page).update(
        view_count=viewers + 2, rating_count=len(ratings), rating_sum=sum(ratings)
    )


def test_a_contributor_sees_each_clips_numbers(client, contributor, topic):
    page = published(topic, contributor, "Coiling cables")
    activity(page, viewers=4, completed=3)
    old = ClipView.objects.create(clip=page, viewer_key="old")
    ClipView.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(weeks=3))

    [numbers] = clip_numbers(contributor)

    assert (numbers.views, numbers.viewers, numbers.completion_rate) == (6, 5, 75)
    assert (numbers.rating_average, numbers.rating_count) == (4.5, 2)
    assert [w.views for w in numbers.weeks][-1] == 6 and [w.views for w in numbers.weeks][-4] == 1
    client.force_login(contributor)
    html = client.get(reverse("contribute:dashboard")).content.decode()
    assert "Your clips' numbers" in html and "75%" in html and "4.5 / 5" in html


def test_the_numbers_take_the_same_queries_for_few_and_many_clips(client, contributor, topic):
    client.force_login(contributor)
    url = reverse("contribute:dashboard")
    for n in range(2):
        activity(published(topic, contributor, f"Clip {n}"), viewers=2, completed=1)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(2, 12):
        activity(published(topic, contributor, f"Clip {n}"), viewers=2, completed=1)
    with CaptureQueriesContext(connection) as big:
        assert client.get(url).status_code == 200
    assert len(big.captured_queries) == len(small.captured_queries)
