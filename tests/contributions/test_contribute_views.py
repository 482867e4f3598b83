"""/contribute/ and /contribute/new/: who may see what, the happy path, query budgets."""

import pytest
from django.urls import reverse

from clips.models import ClipMedia, ClipOrigin, ClipPage
from contributions.models import LadderSettings, Level, Profile
from contributions.moderation.services import submission_resubmit
from tests.contributions.moderation_helpers import act, person, submit

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("contribute:dashboard")
NEW = reverse("contribute:new")
XSS = "<img src=x onerror=alert(1)>"


def upload(client, video_path, topic, *, json=False, overrides=None):
    with open(video_path, "rb") as video:
        data = {
            "video": video,
            "title": "How I label cables",
            "description": "Labels that survive a move.",
            "topic": topic.slug,
            "tags": "cables, tools",
            **(overrides or {}),
        }
        extra = {"HTTP_ACCEPT": "application/json"} if json else {}
        return client.post(NEW, data, **extra)


# Who may see what -------------------------------------------------------------------------


@pytest.mark.parametrize("url", [DASHBOARD, NEW, "/contribute/1/edit/", "/contribute/1/withdraw/"])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_learner_sees_why_they_cannot_submit_yet_and_how_far_they_are(client):
    learner = person(Level.LEARNER)
    Profile.objects.update_or_create(user=learner, defaults={"ratings_count": 3})
    client.force_login(learner)

    html = client.get(DASHBOARD).content.decode()

    assert "Your level: Learner" in html
    assert "Rate 2 more clips to start contributing." in html
    assert 'value="3"' in html and 'max="5"' in html
    assert NEW not in html


def test_a_learner_cannot_open_or_post_the_upload_form(client, topic, sample_video):
    learner = person(Level.LEARNER)
    client.force_login(learner)

    assert client.get(NEW).status_code == 403
    response = upload(client, sample_video, topic)

    assert response.status_code == 403
    assert not ClipPage.objects.filter(origin=ClipOrigin.COMMUNITY).exists()
    assert not ClipMedia.objects.exists()


def test_another_users_submission_is_404_to_edit_or_withdraw(
    client, contributor, topic, sample_video
):
    page = submit(contributor, sample_video, topic)
    other = person(Level.TRUSTED)
    client.force_login(other)

    for name in ("edit", "withdraw"):
        url = reverse(f"contribute:{name}", args=[page.pk])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert page.title not in client.get(DASHBOARD).content.decode()
    assert ClipPage.objects.filter(pk=page.pk).exists()


def test_a_waiting_submissions_video_is_404_for_other_users(
    client, contributor, topic, sample_video, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = submit(contributor, sample_video, topic)
    video_url = ClipPage.objects.get(pk=page.pk).video.url

    client.force_login(person(Level.CONTRIBUTOR))
    assert client.get(video_url).status_code == 404
    client.logout()
    assert client.get(video_url).status_code == 404
    client.force_login(contributor)
    assert client.get(video_url).status_code == 200
    client.force_login(person(Level.TRUSTED))
    assert client.get(video_url).status_code == 200


# Uploading --------------------------------------------------------------------------------


def test_a_contributor_uploads_a_clip_and_sees_it_in_peer_review(
    client, contributor, topic, sample_video, django_capture_on_commit_callbacks
):
    client.force_login(contributor)
    assert client.get(NEW).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, sample_video, topic)

    assert response.status_code == 302 and response["Location"] == DASHBOARD
    page = ClipPage.objects.get(origin=ClipOrigin.COMMUNITY)
    assert page.owner == contributor and not page.live
    html = client.get(DASHBOARD).content.decode()
    assert "How I label cables" in html
    assert "Stage: <strong>Peer review</strong>" in html


def test_the_upload_answers_json_for_the_progress_bar(client, contributor, topic, sample_video):
    client.force_login(contributor)

    ok = upload(client, sample_video, topic, json=True)
    bad = upload(
        client, sample_video, topic, json=True, overrides={"title": "", "topic": "nowhere"}
    )

    assert ok.status_code == 200 and ok.json() == {"ok": True, "redirect": DASHBOARD}
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"title", "topic"}


def test_the_upload_form_has_the_contract_fields_and_an_accessible_progress_bar(
    client, contributor, topic
):
    client.force_login(contributor)
    html = client.get(NEW).content.decode()

    assert 'enctype="multipart/form-data"' in html and 'method="post"' in html
    for name in ("video", "title", "description", "topic", "tags", "captions"):
        assert f'name="{name}"' in html
    assert f'<option value="{topic.slug}">' in html
    assert 'role="progressbar"' in html and 'aria-valuenow="0"' in html
    assert 'aria-live="polite"' in html
    assert "hub/js/upload.js" in html
    assert "csrfmiddlewaretoken" in html


def test_the_upload_requires_a_csrf_token(contributor, topic, sample_video):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(contributor)

    response = upload(client, sample_video, topic)

    assert response.status_code == 403
    assert not ClipPage.objects.filter(origin=ClipOrigin.COMMUNITY).exists()


# Resubmitting and withdrawing --------------------------------------------------------------


def test_a_contributor_resubmits_after_changes_were_requested(
    client, contributor, topic, sample_video
):
    trusted = person(Level.TRUSTED)
    page = submit(contributor, sample_video, topic)
    from clips.processing import media_process

    media_process(page.video)
    act(page, trusted, "reject", comment="Say what the labels are made of.")
    client.force_login(contributor)
    edit_url = reverse("contribute:edit", args=[page.pk])

    dashboard = client.get(DASHBOARD).content.decode()
    form = client.get(edit_url).content.decode()
    response = client.post(
        edit_url,
        {"title": "Vinyl cable labels", "description": "Vinyl.", "topic": topic.slug, "tags": ""},
    )

    assert "Changes requested" in dashboard and "Say what the labels are made of." in dashboard
    assert 'value="How I label cables"' in form
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Vinyl cable labels"
    assert page.current_workflow_task.name == "Peer review"


def test_a_contributor_replaces_the_video_when_resubmitting(
    client, contributor, topic, sample_video, sample_video_master
):
    trusted = person(Level.TRUSTED)
    page = submit(contributor, sample_video, topic)
    from clips.processing import media_process

    media_process(page.video)
    old_video = page.video_id
    act(page, trusted, "reject", comment="The sound is too quiet.")
    client.force_login(contributor)

    with open(sample_video_master, "rb") as video:
        response = client.post(
            reverse("contribute:edit", args=[page.pk]),
            {
                "title": "Louder cable labels",
                "description": "Louder.",
                "topic": topic.slug,
                "tags": "",
                "video": video,
            },
        )

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.video_id != old_video
    assert page.current_workflow_task.name == "Peer review"


def test_withdrawing_from_the_page_deletes_the_submission(
    client, contributor, topic, sample_video, list_private_files
):
    page = submit(contributor, sample_video, topic)
    client.force_login(contributor)
    url = reverse("contribute:withdraw", args=[page.pk])

    assert client.get(url).status_code == 200
    response = client.post(url)

    assert response.status_code == 302
    assert not ClipPage.objects.filter(pk=page.pk).exists()


# Escaping and budgets ----------------------------------------------------------------------


def test_markup_in_a_submission_is_shown_escaped_on_contribute_and_public_pages(
    client, contributor, topic, sample_video, django_capture_on_commit_callbacks
):
    trusted, editor = person(Level.TRUSTED), person(Level.EDITOR)
    with django_capture_on_commit_callbacks(execute=True):
        page = submit(
            contributor,
            sample_video,
            topic,
            title=f"Labels {XSS}",
            description=f"About {XSS}",
            tags=f"{XSS}, cables",
            filename=f"{XSS}.mp4",
        )
    client.force_login(contributor)
    dashboard = client.get(DASHBOARD).content.decode()
    act(page, trusted, "reject", comment=XSS)
    with_comment = client.get(DASHBOARD).content.decode()
    page = submission_resubmit(
        user=contributor,
        page=ClipPage.objects.select_related("video").get(pk=page.pk),
        title=page.title,
        description=page.summary,
        topic=topic,
        tags=[XSS],
    )
    act(page, trusted)
    act(page, editor)
    public = client.get(ClipPage.objects.get(pk=page.pk).url).content.decode()

    for html in (dashboard, with_comment, public):
        assert XSS not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in with_comment
    assert "&lt;img src=x onerror=alert(1)&gt;" in public
    stored_name = page.video.file.name
    assert "<" not in stored_name and ">" not in stored_name and " " not in stored_name


def test_the_dashboard_query_count_does_not_grow_with_submissions(
    client, contributor, topic, sample_video, django_assert_max_num_queries
):
    ladder = LadderSettings.load()
    ladder.max_waiting_submissions = 20
    ladder.save()
    client.force_login(contributor)

    def queries_for(count: int) -> int:
        while ClipPage.objects.filter(owner=contributor).count() < count:
            submit(contributor, sample_video, topic, title=f"Clip {count}")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(DASHBOARD).status_code == 200
        return len(captured)

    small, large = queries_for(1), queries_for(6)
    assert small == large
    with django_assert_max_num_queries(small):
        client.get(DASHBOARD)
