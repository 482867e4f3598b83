"""Editors see each clip video's processing state in the Wagtail admin and can reprocess."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.models import Collection

from clips.models import ClipMedia, ProcessingState
from clips.services import media_create
from tests.factories import UserFactory
from tests.hostile_files import SVG, make_polyglot_mp4
from tests.refusals import assert_sent_to_admin_login

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/clip-videos/"


@pytest.fixture
def videos(sample_video):
    ready = media_create(path=sample_video, title="Ready video", process=False)
    ClipMedia.objects.filter(pk=ready.pk).update(processing_state=ProcessingState.READY)
    failed = media_create(path=sample_video, title="Broken video", process=False)
    ClipMedia.objects.filter(pk=failed.pk).update(
        processing_state=ProcessingState.FAILED,
        processing_error="The video could not be processed (RuntimeError: disk full).",
    )
    return {"ready": ready, "failed": failed}


def test_the_clip_videos_report_shows_state_error_and_duration_failed_first(client, editor, videos):
    client.force_login(editor)
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Clip videos" in html
    assert html.index("Broken video") < html.index("Ready video")
    assert "Processing failed" in html and "Ready" in html
    assert "disk full" in html
    assert "0:02" in html  # duration from the upload probe
    assert f'action="/admin/clip-videos/{videos["failed"].pk}/reprocess/"' in html


def test_the_report_filters_by_processing_state(client, editor, videos):
    client.force_login(editor)
    html = client.get(REPORT_URL, {"processing_state": "failed"}).content.decode()
    assert "Broken video" in html
    assert "Ready video" not in html


def test_the_report_is_in_the_reports_menu_for_editors(client, editor, videos):
    client.force_login(editor)
    assert REPORT_URL in client.get("/admin/").content.decode()


def test_people_without_media_permissions_cannot_see_the_report(client, videos):
    client.force_login(UserFactory(username="learner"))
    response = client.get(REPORT_URL)
    assert_sent_to_admin_login(response)  # no admin access


def test_reprocess_queues_the_video_and_processes_it(
    client, editor, videos, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    failed = videos["failed"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/clip-videos/{failed.pk}/reprocess/")
    assert response.status_code == 302
    assert response["Location"] == REPORT_URL
    failed.refresh_from_db()
    assert failed.processing_state == ProcessingState.READY
    assert failed.processing_error == ""
    assert failed.thumbnail


def test_reprocess_needs_a_post_and_permission(client, editor, videos):
    failed = videos["failed"]
    client.force_login(editor)
    assert client.get(f"/admin/clip-videos/{failed.pk}/reprocess/").status_code == 405
    client.force_login(UserFactory(username="someone"))
    client.post(f"/admin/clip-videos/{failed.pk}/reprocess/")
    failed.refresh_from_db()
    assert failed.processing_state == ProcessingState.FAILED


def test_an_admin_upload_that_is_not_a_video_is_refused_and_stores_nothing(
    client, editor, list_private_files
):
    client.force_login(editor)
    fake = SimpleUploadedFile("notes.mp4", b"Meeting notes, not a video.\n" * 40, "video/mp4")
    response = client.post(
        "/admin/media/video/add/",
        {"title": "Notes", "file": fake, "collection": Collection.get_first_root_node().pk},
    )
    assert response.status_code == 200
    assert "not a video" in response.content.decode()
    assert ClipMedia.objects.count() == 0
    assert list_private_files() == []


def test_an_admin_upload_is_processed_in_the_background(
    client, editor, sample_video, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    upload = SimpleUploadedFile("intro.mp4", sample_video.read_bytes(), "video/mp4")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/media/video/add/",
            {"title": "Intro", "file": upload, "collection": Collection.get_first_root_node().pk},
        )
    assert response.status_code == 302
    media = ClipMedia.objects.get(title="Intro")
    assert media.processing_state == ProcessingState.READY
    assert (media.width, media.height) == (160, 90)
    assert media.thumbnail


def test_an_admin_upload_is_stored_under_a_generated_name_of_its_detected_type(
    client, editor, tmp_path, django_capture_on_commit_callbacks
):
    """The polyglot claims to be a QuickTime file (wagtailmedia itself refuses an .html
    name); it is stored and recorded as the MP4 its content is."""
    client.force_login(editor)
    polyglot = make_polyglot_mp4(tmp_path / "lecture.mov")
    upload = SimpleUploadedFile("lecture.mov", polyglot.read_bytes(), "text/html")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/media/video/add/",
            {"title": "Lecture", "file": upload, "collection": Collection.get_first_root_node().pk},
        )
    assert response.status_code == 302
    media = ClipMedia.objects.get(title="Lecture")
    assert re.fullmatch(r"originals/\d{4}/\d{2}/[0-9a-f]{32}\.mp4", media.file.name)
    assert re.fullmatch(r"posters/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", media.thumbnail.name)
    assert (media.content_type, media.original_filename) == ("video/mp4", "lecture.mov")


def _poster_post(client, media, poster):
    return client.post(
        f"/admin/media/edit/{media.pk}/",
        {
            "title": media.title,
            "collection": media.collection_id,
            "thumbnail": poster,
        },
    )


def test_an_svg_poster_from_the_admin_is_refused(client, editor, sample_video):
    media = media_create(path=sample_video, title="Poster test", process=False)
    client.force_login(editor)
    response = _poster_post(client, media, SimpleUploadedFile("p.jpg", SVG, "image/jpeg"))
    assert response.status_code == 200
    assert "The poster is not an image we can read" in response.content.decode()
    media.refresh_from_db()
    assert not media.thumbnail


def test_a_png_poster_from_the_admin_is_stored_as_a_fresh_jpeg(client, editor, sample_video):
    media = media_create(path=sample_video, title="Poster test", process=False)
    client.force_login(editor)
    png = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(png, "PNG")
    response = _poster_post(client, media, SimpleUploadedFile("p.svg", png.getvalue()))
    assert response.status_code == 302
    media.refresh_from_db()
    assert re.fullmatch(r"posters/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", media.thumbnail.name)
    with media.thumbnail.open("rb") as fh:
        assert fh.read(3) == b"\xff\xd8\xff"
