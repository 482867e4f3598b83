"""Clip media over HTTP: who may fetch it, and Range requests browsers use to seek."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.http import Http404
from django.test import RequestFactory
from django.views.static import serve

from clips.models import ClipMedia
from tests.factories import UserFactory, clip_make

pytestmark = pytest.mark.django_db


def video_url(clip):
    return f"/media-files/{clip.video_id}/video/"


def poster_url(clip):
    return f"/media-files/{clip.video_id}/poster/"


def captions_url(clip):
    return f"/media-files/captions/{clip.pk}.vtt"


@pytest.fixture
def owner():
    return UserFactory(username="owner")


@pytest.fixture
def published_clip(topic, sample_video, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return clip_make(topic, sample_video, title="Published clip")


@pytest.fixture
def draft_clip(topic, sample_video, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return clip_make(topic, sample_video, title="Draft clip", publish=False, owner=owner)


def file_bytes(clip) -> bytes:
    media = ClipMedia.objects.get(pk=clip.video_id)
    with media.playable_file.open("rb") as fh:
        return fh.read()


# Ranges ---------------------------------------------------------------------------------


def test_published_video_is_public_and_accepts_ranges(client, published_clip):
    response = client.get(video_url(published_clip))
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/mp4"
    assert response["ETag"]
    body = b"".join(response.streaming_content)
    assert body == file_bytes(published_clip)
    assert int(response["Content-Length"]) == len(body)


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),  # start
        ("bytes=1000-1999", 1000, 1999),  # middle
        ("bytes=5000-", 5000, None),  # open-ended: to the end
        ("bytes=-100", -100, None),  # suffix: the last 100 bytes
    ],
)
def test_range_request_answers_206_with_the_exact_slice(
    client, published_clip, header, first, last
):
    data = file_bytes(published_clip)
    size = len(data)
    response = client.get(video_url(published_clip), HTTP_RANGE=header)
    assert response.status_code == 206
    expected = data[first:] if last is None else data[first : last + 1]
    start = first if first >= 0 else size + first
    assert response["Content-Range"] == f"bytes {start}-{start + len(expected) - 1}/{size}"
    assert response["Content-Length"] == str(len(expected))
    assert b"".join(response.streaming_content) == expected


def test_range_past_the_end_is_416_with_the_size(client, published_clip):
    size = len(file_bytes(published_clip))
    response = client.get(video_url(published_clip), HTTP_RANGE=f"bytes={size}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"


def test_range_end_beyond_the_file_is_clamped_to_the_last_byte(client, published_clip):
    data = file_bytes(published_clip)
    response = client.get(video_url(published_clip), HTTP_RANGE="bytes=10-99999999")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 10-{len(data) - 1}/{len(data)}"
    assert b"".join(response.streaming_content) == data[10:]


def test_a_range_header_that_is_not_understood_gets_the_whole_file(client, published_clip):
    for header in ("bytes=0-1,5-6", "items=0-5", "bytes=50-10"):
        response = client.get(video_url(published_clip), HTTP_RANGE=header)
        assert response.status_code == 200, header


def test_if_range_with_the_current_etag_gets_the_range(client, published_clip):
    etag = client.get(video_url(published_clip))["ETag"]
    response = client.get(video_url(published_clip), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag)
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == file_bytes(published_clip)[:10]


def test_if_range_with_a_stale_etag_gets_the_whole_file(client, published_clip):
    response = client.get(
        video_url(published_clip), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"stale"'
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == file_bytes(published_clip)


def test_if_none_match_with_the_current_etag_is_304(client, published_clip):
    etag = client.get(video_url(published_clip))["ETag"]
    response = client.get(video_url(published_clip), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert client.get(video_url(published_clip), HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_head_answers_headers_without_a_body(client, published_clip):
    size = len(file_bytes(published_clip))
    response = client.head(video_url(published_clip))
    assert response.status_code == 200
    assert response["Content-Length"] == str(size)
    assert response["Accept-Ranges"] == "bytes"
    assert response.content == b""
    ranged = client.head(video_url(published_clip), HTTP_RANGE="bytes=0-9")
    assert ranged.status_code == 206
    assert ranged["Content-Range"] == f"bytes 0-9/{size}"


def test_media_views_refuse_writes(client, published_clip):
    assert client.post(video_url(published_clip)).status_code == 405


def test_published_poster_is_a_jpeg(client, published_clip):
    response = client.get(poster_url(published_clip))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_unknown_media_kind_and_id_are_404(client, published_clip):
    assert client.get(f"/media-files/{published_clip.video_id}/original/").status_code == 404
    assert client.get("/media-files/999999/video/").status_code == 404


# Privacy --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [video_url, poster_url, captions_url])
def test_unpublished_clip_media_is_404_for_anonymous_users(client, draft_clip, url):
    assert client.get(url(draft_clip)).status_code == 404


@pytest.mark.parametrize("url", [video_url, poster_url, captions_url])
def test_unpublished_clip_media_is_404_for_other_users(client, draft_clip, url):
    client.force_login(UserFactory(username="stranger"))
    assert client.get(url(draft_clip)).status_code == 404


@pytest.mark.parametrize("url", [video_url, poster_url, captions_url])
def test_unpublished_clip_media_is_served_to_its_owner(client, draft_clip, owner, url):
    client.force_login(owner)
    response = client.get(url(draft_clip))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("url", [video_url, poster_url, captions_url])
def test_unpublished_clip_media_is_served_to_editors(client, draft_clip, url, editor):
    client.force_login(editor)
    assert client.get(url(draft_clip)).status_code == 200


@pytest.mark.parametrize("url", [video_url, poster_url, captions_url])
def test_a_draft_waiting_in_no_stage_of_theirs_is_404_for_peer_reviewers(
    client, draft_clip, url, trusted
):
    client.force_login(trusted)
    assert client.get(url(draft_clip)).status_code == 404


def test_unpublished_video_ranges_work_for_the_owner(client, draft_clip, owner):
    client.force_login(owner)
    response = client.get(video_url(draft_clip), HTTP_RANGE="bytes=0-99")
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == file_bytes(draft_clip)[:100]


def test_unpublishing_a_clip_makes_its_video_private_again(client, published_clip):
    assert client.get(video_url(published_clip)).status_code == 200
    published_clip.unpublish()
    assert client.get(video_url(published_clip)).status_code == 404


def test_published_captions_are_a_clean_webvtt_track(client, published_clip):
    response = client.get(captions_url(published_clip))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vtt")
    text = response.content.decode()
    assert text.startswith("WEBVTT")
    assert "00:00:00.000 --> 00:00:01.000\nWelcome to Published clip." in text


def test_private_files_are_not_reachable_under_media_url(client, draft_clip):
    media = ClipMedia.objects.get(pk=draft_clip.video_id)
    private_root = Path(storages["private"].location).resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    assert media_root != private_root and media_root not in private_root.parents
    for name in (media.file.name, media.thumbnail.name):
        assert (private_root / name).is_file()
        assert client.get(f"{settings.MEDIA_URL}{name}").status_code == 404
        # Even the development-only static() view over MEDIA_ROOT cannot see them.
        with pytest.raises(Http404):
            serve(RequestFactory().get("/"), name, document_root=settings.MEDIA_ROOT)


# Hand-off modes -------------------------------------------------------------------------


def test_x_accel_mode_hands_the_file_to_nginx_without_a_body(client, published_clip, settings):
    settings.MEDIA_SERVE_MODE = "x-accel"
    settings.MEDIA_ACCEL_PREFIX = "/protected-media/"
    media = ClipMedia.objects.get(pk=published_clip.video_id)
    response = client.get(video_url(published_clip))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{media.playable_file.name}"
    assert response.content == b""


def test_x_accel_mode_still_checks_permission(client, draft_clip, settings):
    settings.MEDIA_SERVE_MODE = "x-accel"
    response = client.get(video_url(draft_clip))
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_redirect_mode_sends_the_storage_url(client, published_clip, monkeypatch, settings):
    settings.MEDIA_SERVE_MODE = "redirect"
    media = ClipMedia.objects.get(pk=published_clip.video_id)
    storage = media.playable_file.storage
    monkeypatch.setattr(
        storage.__class__,  # the real storage class behind the field's lazy proxy
        "url",
        lambda self, name: f"https://bucket.example/{name}?sig=abc",
    )
    response = client.get(video_url(published_clip))
    assert response.status_code == 302
    assert response["Location"] == f"https://bucket.example/{media.playable_file.name}?sig=abc"
    assert "no-store" in response["Cache-Control"]


def test_redirect_mode_still_checks_permission(client, draft_clip, settings):
    settings.MEDIA_SERVE_MODE = "redirect"
    assert client.get(video_url(draft_clip)).status_code == 404
