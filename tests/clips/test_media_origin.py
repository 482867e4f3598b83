"""MEDIA_ORIGIN: clip videos and posters are linked on a separate origin when it is set."""

import pytest

from tests.factories import clip_make, topic_make
from tests.hub.test_settings import PRODUCTION, run

pytestmark = pytest.mark.django_db

ORIGIN = "https://media.hub.example.org"


@pytest.fixture
def clip(sample_video, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return clip_make(topic_make("Origins"), sample_video, title="Far away")


def test_pages_link_video_and_poster_on_the_media_origin(client, clip, settings):
    settings.MEDIA_ORIGIN = ORIGIN
    html = client.get(clip.url).content.decode()
    assert f'src="{ORIGIN}/media-files/{clip.video_id}/video/"' in html
    assert f'poster="{ORIGIN}/media-files/{clip.video_id}/poster/"' in html
    # Captions stay on the site: a cross-origin <track> would need CORS.
    assert f'src="/media-files/captions/{clip.pk}/en.vtt"' in html


def test_the_api_gives_media_urls_on_the_media_origin(client, clip, settings):
    settings.MEDIA_ORIGIN = ORIGIN
    item = client.get(
        "/api/v2/pages/", {"type": "clips.ClipPage", "fields": "video_url,poster_url"}
    ).json()["items"][0]
    assert item["video_url"] == f"{ORIGIN}/media-files/{clip.video_id}/video/"
    assert item["poster_url"] == f"{ORIGIN}/media-files/{clip.video_id}/poster/"


def test_without_a_media_origin_media_is_on_the_site(client, clip, settings):
    settings.MEDIA_ORIGIN = ""
    html = client.get(clip.url).content.decode()
    assert f'src="/media-files/{clip.video_id}/video/"' in html


def test_the_media_origin_serves_the_files_with_the_media_headers(client, clip, settings):
    settings.MEDIA_ORIGIN = ORIGIN
    response = client.get(f"/media-files/{clip.video_id}/video/", HTTP_HOST="media.hub.example.org")
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("value", ["http://media.example.org", "https://media.example.org/x"])
def test_production_refuses_a_media_origin_that_is_not_an_https_origin(value):
    result = run(["manage.py", "check"], {**PRODUCTION, "MEDIA_ORIGIN": value})
    assert result.returncode != 0
    assert "MEDIA_ORIGIN must be an https origin" in result.stderr
