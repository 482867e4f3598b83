"""The Wagtail API at /api/v2/ exposes clips with the fields the contract names."""

import pytest

from clips.models import ClipStats
from tests.factories import clip_make, topic_make

pytestmark = pytest.mark.django_db

FIELDS = "video_url,poster_url,duration,rating_average,rating_count,view_count,tags,topic"


@pytest.fixture
def clips(sample_video, django_capture_on_commit_callbacks):
    topic = topic_make("Customer calls")
    with django_capture_on_commit_callbacks(execute=True):
        rated = clip_make(topic, sample_video, title="Opening a call", tags=("calls", "basics"))
    ClipStats.objects.filter(clip=rated).update(view_count=42, rating_count=4, rating_sum=17)
    unrated = clip_make(topic, title="Closing a call", tags=())
    draft = clip_make(topic, title="Draft call", publish=False)
    return {"topic": topic, "rated": rated, "unrated": unrated, "draft": draft}


def api_items(client):
    response = client.get(f"/api/v2/pages/?type=clips.ClipPage&fields={FIELDS}")
    assert response.status_code == 200
    return {item["title"]: item for item in response.json()["items"]}


def test_the_api_lists_clips_with_video_rating_view_tag_and_topic_fields(client, clips):
    rated, topic = clips["rated"], clips["topic"]
    item = api_items(client)["Opening a call"]
    assert item["video_url"] == f"http://testserver/media-files/{rated.video_id}/video/"
    assert item["poster_url"] == f"http://testserver/media-files/{rated.video_id}/poster/"
    assert item["duration"] == pytest.approx(2.0, abs=0.15)
    assert item["rating_average"] == 4.25
    assert item["rating_count"] == 4
    assert item["view_count"] == 42
    assert item["tags"] == ["basics", "calls"]
    assert item["topic"] == {"id": topic.pk, "slug": "customer-calls", "title": "Customer calls"}
    assert item["meta"]["type"] == "clips.ClipPage"


def test_a_clip_without_video_or_ratings_has_empty_fields(client, clips):
    item = api_items(client)["Closing a call"]
    assert item["video_url"] is None
    assert item["poster_url"] is None
    assert item["duration"] is None
    assert item["rating_average"] is None
    assert (item["rating_count"], item["view_count"]) == (0, 0)
    assert item["tags"] == []


def test_drafts_are_not_in_the_api(client, clips):
    assert "Draft call" not in api_items(client)
    detail = client.get(f"/api/v2/pages/{clips['draft'].pk}/")
    assert detail.status_code == 404


def test_the_clip_detail_has_the_same_fields(client, clips):
    rated = clips["rated"]
    response = client.get(f"/api/v2/pages/{rated.pk}/?fields={FIELDS}")
    assert response.status_code == 200
    data = response.json()
    assert data["topic"]["slug"] == "customer-calls"
    assert data["rating_count"] == 4
    assert data["tags"] == ["basics", "calls"]


def test_an_unknown_type_is_a_clear_400(client):
    response = client.get("/api/v2/pages/?type=clips.NoSuchPage")
    assert response.status_code == 400
    assert response.json() == {"message": "type doesn't exist"}
