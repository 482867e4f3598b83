"""No stored file is ever served as something a browser renders or runs, in any serving mode.

The stored name and the served type come from the content (``clips.filetypes``), never from
the name a file arrived with; every media answer carries nosniff and a sandboxing policy.
"""

import re

import pytest
from django.core.files.base import ContentFile

from clips.models import ClipMedia
from clips.services import media_create
from tests.factories import UserFactory, clip_make, topic_make
from tests.hostile_files import NOT_VIDEOS, assert_never_active, make_polyglot_mp4, served_status

pytestmark = pytest.mark.django_db

MODES = ("django", "x-accel", "redirect")


@pytest.fixture(params=MODES)
def serve_mode(request, settings):
    """Switch MEDIA_SERVE_MODE; "redirect" also moves the private storage to S3
    (django-storages signs URLs offline, so no bucket is needed)."""
    mode = request.param

    def apply():
        settings.MEDIA_SERVE_MODE = mode
        if mode == "redirect":
            settings.STORAGES = {
                **settings.STORAGES,
                "private": {
                    "BACKEND": "storages.backends.s3.S3Storage",
                    "OPTIONS": {
                        "bucket_name": "hub-media",
                        "access_key": "AKIATESTONLY",
                        "secret_key": "test-only",
                        "endpoint_url": "http://127.0.0.1:9",
                        "region_name": "us-east-1",
                        "location": "private",
                        "querystring_auth": True,
                    },
                },
            }
        return mode

    return apply


@pytest.fixture
def polyglot(tmp_path):
    return make_polyglot_mp4(tmp_path / "lecture.html")


def test_the_polyglot_is_stored_under_a_generated_mp4_name(polyglot):
    media = media_create(path=polyglot, title="Lecture", filename="lecture.html", process=False)
    assert re.fullmatch(r"originals/\d{4}/\d{2}/[0-9a-f]{32}\.mp4", media.file.name)
    assert media.content_type == "video/mp4"
    assert media.original_filename == "lecture.html"


@pytest.mark.parametrize("kind", ["video", "poster"])
def test_a_published_polyglot_is_only_ever_a_video_or_a_jpeg(
    client, polyglot, serve_mode, kind, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        clip = clip_make(topic_make("Lectures"), polyglot, title="Lecture")
    media = ClipMedia.objects.get(pk=clip.video_id)
    assert not media.rendition  # web-safe: the original itself is what plays
    mode = serve_mode()

    response = client.get(f"/media-files/{media.pk}/{kind}/")

    served = assert_never_active(response, status=served_status(mode))
    assert served == ("video/mp4" if kind == "video" else "image/jpeg")
    if mode == "x-accel":
        assert response["X-Accel-Redirect"].endswith((".mp4", ".jpg"))


@pytest.mark.parametrize("content", sorted(NOT_VIDEOS))
@pytest.mark.parametrize("claimed_name", ["clip.mp4", "page.html", "image.svg", "legacy.webm"])
def test_a_stored_non_video_is_only_ever_an_opaque_download(
    client, serve_mode, content, claimed_name
):
    """A row whose file never passed the probe (stored before types were recorded, or by a
    path that forgot to probe) is served as an attachment of no particular type."""
    owner = UserFactory()
    media = ClipMedia(title="Legacy", type="video", uploaded_by_user=owner)
    media.file.save(claimed_name, ContentFile(NOT_VIDEOS[content]), save=False)
    media.save()
    assert media.file.name.endswith(".bin")  # the claimed name is not how it is stored
    mode = serve_mode()
    client.force_login(owner)

    response = client.get(f"/media-files/{media.pk}/video/")

    assert assert_never_active(response, status=served_status(mode)) == "application/octet-stream"


@pytest.mark.parametrize("name", ["page.html", "image.svg", "clip.mp4"])
def test_a_legacy_file_with_an_active_name_is_not_served_by_that_name(client, serve_mode, name):
    owner = UserFactory()
    media = ClipMedia(title="Old upload", type="video", uploaded_by_user=owner)
    media.file.save("x", ContentFile(NOT_VIDEOS["html"]), save=False)
    storage = media.file.storage
    legacy = storage.save(f"originals/2020/01/{name}", ContentFile(NOT_VIDEOS["html"]))
    media.file.name = legacy  # as an upload before generated names was stored
    media.save()
    mode = serve_mode()
    client.force_login(owner)

    response = client.get(f"/media-files/{media.pk}/video/")

    assert assert_never_active(response, status=served_status(mode)) == "application/octet-stream"


def test_a_range_of_an_opaque_file_is_still_an_attachment(client):
    owner = UserFactory()
    media = ClipMedia(title="Old upload", type="video", uploaded_by_user=owner)
    media.file.save("a.svg", ContentFile(NOT_VIDEOS["svg"]), save=False)
    media.save()
    client.force_login(owner)

    response = client.get(f"/media-files/{media.pk}/video/", HTTP_RANGE="bytes=0-9")

    assert assert_never_active(response, status=206) == "application/octet-stream"


def test_captions_are_webvtt_with_the_media_headers(
    client, sample_video, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        clip = clip_make(topic_make("Captions"), sample_video)

    response = client.get(f"/media-files/captions/{clip.pk}.vtt")

    assert assert_never_active(response) == "text/vtt"
