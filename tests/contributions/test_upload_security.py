"""Bad uploads: each gets a clear error, keeps the other fields, saves nothing, leaves no file.

Plus the streaming handler itself: it caps the size while the body arrives and holds only
a chunk of the file in memory, however large the file is.
"""

import io
import re
import tracemalloc
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.urls import reverse
from django.utils.html import escape

from clips.models import ClipMedia, ClipOrigin, ClipPage
from contributions.models import LadderSettings
from tests.contributions.moderation_helpers import submit
from tests.hostile_files import CLAIMED_NAMES, NOT_VIDEOS, assert_never_active, make_polyglot_mp4

pytestmark = pytest.mark.django_db

NEW = reverse("contribute:new")
VALID_VTT = b"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHello there.\n"


@pytest.fixture(autouse=True)
def signed_in(client, contributor):
    """Every upload here is posted by the shared ``contributor``, signed in."""
    client.force_login(contributor)


def post(client, topic_page, video: tuple[str, bytes] | None, captions=None, **fields):
    data = {
        "title": "How I label cables",
        "description": "Labels that survive a move.",
        "topic": topic_page.slug,
        "tags": "cables, tools",
        **fields,
    }
    if video is not None:
        data["video"] = _file(*video)
    if captions is not None:
        data["captions"] = _file("captions.vtt", captions)
    return client.post(NEW, data)


def _file(name: str, content: bytes):
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def assert_refused(response, message: str, list_private_files, *, keeps=("description", "tags")):
    html = response.content.decode()
    assert response.status_code == 400
    assert escape(message) in html, html[html.find("error-summary") :][:1500]
    for value in ("Labels that survive a move.", "cables, tools"):
        assert value in html  # the other fields are still filled in
    assert not ClipPage.objects.filter(origin=ClipOrigin.COMMUNITY).exists()
    assert not ClipMedia.objects.exists()
    assert list_private_files() == []


def test_a_text_file_renamed_mp4_is_not_a_video(client, contributor, topic, list_private_files):
    response = post(client, topic, ("notes.mp4", b"Just some meeting notes.\n" * 40))
    assert_refused(response, "could not be read as a video", list_private_files)


def test_a_truncated_mp4_is_refused(
    client, contributor, topic, sample_video_master, list_private_files
):
    data = sample_video_master.read_bytes()
    response = post(client, topic, ("cut.mp4", data[: len(data) * 2 // 3]))
    assert_refused(response, "incomplete", list_private_files)


def test_a_zero_byte_file_is_refused(client, contributor, topic, list_private_files):
    response = post(client, topic, ("empty.mp4", b""))
    assert_refused(response, "The submitted file is empty.", list_private_files)


def test_a_file_over_the_limit_is_refused_while_it_streams(
    client, contributor, topic, settings, list_private_files
):
    settings.MAX_UPLOAD_MB = 1
    response = post(client, topic, ("big.mp4", b"\0" * (1024 * 1024 + 1)))
    assert_refused(response, "The file is too large: the limit is 1 MB.", list_private_files)


def test_a_video_longer_than_the_maximum_is_refused(
    client, contributor, topic, sample_video_master, list_private_files
):
    ladder = LadderSettings.load()
    ladder.max_clip_seconds = 1  # the sample video lasts two seconds
    ladder.save()
    response = post(client, topic, ("long.mp4", sample_video_master.read_bytes()))
    assert_refused(
        response, "The video is 2 seconds long; clips may be at most 1 seconds.", list_private_files
    )


def test_unreadable_captions_are_refused(
    client, contributor, topic, sample_video_master, list_private_files
):
    response = post(
        client,
        topic,
        ("clip.mp4", sample_video_master.read_bytes()),
        captions=b"\xff\xfe not captions at all",
    )
    assert_refused(response, "The captions file is unreadable", list_private_files)


def test_captions_carrying_a_script_are_refused(
    client, contributor, topic, sample_video_master, list_private_files
):
    evil = VALID_VTT + b"\n00:00:01.000 --> 00:00:02.000\n<script>alert(1)</script>\n"
    response = post(client, topic, ("clip.mp4", sample_video_master.read_bytes()), captions=evil)
    assert_refused(response, "The captions contain HTML or script (<script>)", list_private_files)


def test_a_missing_title_is_refused(
    client, contributor, topic, sample_video_master, list_private_files
):
    response = post(client, topic, ("clip.mp4", sample_video_master.read_bytes()), title="")
    assert_refused(response, "This field is required.", list_private_files)


def test_an_unknown_topic_is_refused(
    client, contributor, topic, sample_video_master, list_private_files
):
    response = post(
        client, topic, ("clip.mp4", sample_video_master.read_bytes()), topic="no-such-topic"
    )
    assert_refused(response, "Choose one of the topics in the list.", list_private_files)
    assert 'value="How I label cables"' in response.content.decode()


def test_a_sixth_waiting_submission_is_refused(
    client, contributor, topic, sample_video, sample_video_master, list_private_files
):
    for n in range(5):
        submit(contributor, sample_video, topic, title=f"Waiting {n}")
    files_before = list_private_files()

    response = post(client, topic, ("clip.mp4", sample_video_master.read_bytes()))

    assert response.status_code == 400
    assert "You already have 5 submissions waiting in moderation" in response.content.decode()
    assert ClipPage.objects.filter(origin=ClipOrigin.COMMUNITY).count() == 5
    assert list_private_files() == files_before


def test_valid_captions_and_a_hostile_file_name_are_accepted_and_sanitised(
    client, contributor, topic, sample_video_master
):
    response = post(
        client,
        topic,
        ('<script>alert("x")</script> ../../etc.mp4', sample_video_master.read_bytes()),
        captions=VALID_VTT,
    )

    assert response.status_code == 302
    page = ClipPage.objects.get(origin=ClipOrigin.COMMUNITY)
    name = Path(page.video.file.name).name
    assert re.fullmatch(r"[0-9a-f]{32}\.mp4", name)
    # The uploader's name is kept as data only, without its folders.
    assert page.video.original_filename == "etc.mp4"
    assert page.transcript == "Hello there."


@pytest.mark.parametrize("claimed_name", CLAIMED_NAMES)
@pytest.mark.parametrize("content", sorted(NOT_VIDEOS))
def test_an_svg_html_or_pdf_under_any_name_is_refused(
    client, contributor, topic, list_private_files, content, claimed_name
):
    response = post(client, topic, (claimed_name, NOT_VIDEOS[content]))
    assert_refused(response, "could not be read as a video", list_private_files)


@pytest.mark.parametrize("mode", ["django", "x-accel"])
def test_an_mp4_polyglot_named_html_is_stored_and_served_only_as_a_video(
    client, contributor, topic, tmp_path, settings, mode
):
    polyglot = make_polyglot_mp4(tmp_path / "lecture.html")
    response = post(client, topic, ("lecture.html", polyglot.read_bytes()))
    assert response.status_code == 302
    media = ClipPage.objects.get(origin=ClipOrigin.COMMUNITY).video
    assert re.fullmatch(r"originals/\d{4}/\d{2}/[0-9a-f]{32}\.mp4", media.file.name)
    assert media.original_filename == "lecture.html"
    assert not media.rendition  # already web-safe: the original is what reviewers open
    settings.MEDIA_SERVE_MODE = mode

    served = client.get(reverse("clips:media", args=[media.pk, "video"]))

    assert assert_never_active(served) == "video/mp4"


def test_the_upload_streams_to_disk_and_never_holds_the_file_in_memory(
    contributor, topic, sample_video_master, client, tmp_path, settings
):
    """A 24 MB upload through the real WSGI handler: traced Python memory stays far below it."""
    settings.MAX_UPLOAD_MB = 50
    body_path, content_type = _multipart_on_disk(
        tmp_path, topic, sample_video_master, padding=24 * 1024 * 1024
    )
    token = _get_new_csrf_string()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": NEW,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(body_path.stat().st_size),
        "HTTP_COOKIE": f"sessionid={client.cookies['sessionid'].value}; csrftoken={token}",
        "HTTP_X_CSRFTOKEN": token,
    }
    handler = WSGIHandler()

    # Like Django's test client: keep the test's database connection open across the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with open(body_path, "rb") as body:
            environ["wsgi.input"] = body
            tracemalloc.start()
            response = handler(environ, lambda status, headers: None)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)

    assert response.status_code == 302, b"".join(response)
    assert ClipPage.objects.filter(origin=ClipOrigin.COMMUNITY).count() == 1
    assert peak < 8 * 1024 * 1024, f"peak traced memory {peak / 1e6:.1f} MB"


def _multipart_on_disk(directory: Path, topic, video: Path, padding: int):
    """A multipart body written to a file, its video padded with a valid MP4 'free' box."""
    boundary = "----hubbub-test-boundary"
    path = directory / "body.bin"
    fields = {"title": "Big clip", "description": "Large", "topic": topic.slug, "tags": ""}
    with open(path, "wb") as out:
        for name, value in fields.items():
            out.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="video"; '
            f'filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n'.encode()
        )
        out.write(video.read_bytes())
        out.write((padding + 8).to_bytes(4, "big") + b"free")
        chunk = b"\0" * (1024 * 1024)
        for _ in range(padding // len(chunk)):
            out.write(chunk)
        out.write(b"\0" * (padding % len(chunk)))
        out.write(f"\r\n--{boundary}--\r\n".encode())
    return path, f"multipart/form-data; boundary={boundary}"
