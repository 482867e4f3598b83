"""Media in S3-compatible object storage (``MEDIA_BUCKET``), against a real S3 server.

moto's server mode answers the S3 protocol on a loopback port; django-storages talks to it
exactly as it would to AWS or MinIO, so uploads, processing, signed playback URLs and the
privacy of a waiting submission are exercised over HTTP, not mocked inside boto3.
"""

import urllib.parse
import urllib.request
import uuid

import boto3
import pytest
from moto.server import ThreadedMotoServer

from clips.models import ClipMedia
from hub.settings.base import object_storages
from tests.contributions.moderation_helpers import person, submit
from tests.factories import clip_make, topic_make

REGION = "eu-west-1"


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """A fresh bucket, and the hub's media storages pointed at it as MEDIA_BUCKET would."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "hubbub-test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "hubbub-test-secret")
    name = f"hubbub-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION)
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    storages = object_storages(bucket=name, endpoint_url=s3_endpoint, region_name=REGION)
    settings.STORAGES = {**settings.STORAGES, **storages}
    settings.MEDIA_SERVE_MODE = "redirect"
    return client, name


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def keys(bucket) -> list[str]:
    client, name = bucket
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=name).get("Contents", []))


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback S3
        return response.status, response.headers, response.read()


def test_a_submission_is_stored_processed_and_kept_private_in_the_bucket(
    db, bucket, sample_video, run_on_commit
):
    contributor = person()
    with run_on_commit():
        page = submit(contributor, sample_video, topic_make())

    media = ClipMedia.objects.get(pk=page.video_id)
    stored = keys(bucket)
    assert stored and all(key.startswith("private/") for key in stored)
    assert f"private/{media.file.name}" in stored
    assert f"private/{media.thumbnail.name}" in stored
    client, name = bucket
    head = client.head_object(Bucket=name, Key=f"private/{media.file.name}")
    assert head["ContentType"] == "video/mp4"
    assert head["ContentLength"] == sample_video.stat().st_size
    poster = client.head_object(Bucket=name, Key=f"private/{media.thumbnail.name}")
    assert poster["ContentType"] == "image/jpeg"
    grants = client.get_object_acl(Bucket=name, Key=f"private/{media.file.name}")["Grants"]
    assert [g["Grantee"].get("URI") for g in grants if "URI" in g["Grantee"]] == []


def test_a_waiting_submissions_video_is_404_to_others_and_signed_for_its_contributor(
    db, client, bucket, sample_video, run_on_commit
):
    contributor = person()
    with run_on_commit():
        page = submit(contributor, sample_video, topic_make())
    url = f"/media-files/{page.video_id}/video/"

    assert client.get(url).status_code == 404
    client.force_login(person())
    assert client.get(url).status_code == 404

    client.force_login(contributor)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    location = response["Location"]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
    assert query["X-Amz-Expires"] == ["3600"] and query["X-Amz-Signature"]
    status, headers, body = fetch(location)
    assert status == 200 and headers["Content-Type"] == "video/mp4"
    assert body == sample_video.read_bytes()


def test_a_published_clip_plays_from_a_signed_url_and_honours_ranges(
    db, client, bucket, sample_video, run_on_commit
):
    with run_on_commit():
        clip = clip_make(topic_make(), sample_video, title="In the bucket")

    response = client.get(f"/media-files/{clip.video_id}/video/")
    assert response.status_code == 302
    location = response["Location"]
    request = urllib.request.Request(location, headers={"Range": "bytes=0-9"})  # noqa: S310
    status, headers, body = fetch(request)
    media = ClipMedia.objects.get(pk=clip.video_id)
    with media.playable_file.open("rb") as fh:
        assert body == fh.read(10)
    assert status == 206 and headers["Content-Range"].startswith("bytes 0-9/")
