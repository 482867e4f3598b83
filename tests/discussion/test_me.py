"""``/me/``: one request gives every script on a page its part, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contributions.activity.ratings import rating_set
from contributions.activity.services import progress_save
from contributions.discussion import services
from hub import page_cache
from tests.factories import clip_make

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}
QUERIES = 11


def me_queries(client, clip) -> tuple[int, dict]:
    """Statements of one /me/, leaving out the session's read: from the cache with Redis (as on
    the PostgreSQL stage), from a table without; one lookup either way."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/me/?clip={clip.pk}", **JSON)
    assert response.status_code == 200
    return sum("django_session" not in q["sql"] for q in queries.captured_queries), response


def busy_day(learner, contributor, topic, clip, n: int) -> None:
    """n more clips rated, comments, replies to the learner (notifications) and progress."""
    for i in range(n):
        other = clip_make(topic, title=f"Clip {topic.get_children().count()}")
        rating_set(user=learner, clip=other, score=1 + i % 5)
        progress_save(user=learner, clip=other, position=1.0, duration=2.0)
        mine = services.comment_post(author=learner, clip=clip, body=f"Mine {i}")
        services.reply_post(author=contributor, parent=mine, body=f"Reply {i}")


def test_me_answers_every_part_in_a_fixed_number_of_queries(
    client, clip, topic, learner, contributor
):
    client.force_login(learner)
    busy_day(learner, contributor, topic, clip, 1)
    client.get(f"/me/?clip={clip.pk}", **JSON)  # settings and site caches warmed alike
    few, response = me_queries(client, clip)

    busy_day(learner, contributor, topic, clip, 6)
    many, response = me_queries(client, clip)

    print("/me/?clip= queries:", many)
    assert many == few == QUERIES
    me = response.json()
    assert set(me) >= {"account", "ladder", "reviews", "notifications", "clip", "discussion"}
    # A reply on each of seven busy days, and "You are now a contributor" at the fifth rating.
    assert me["notifications"]["unread"] == 8
    assert me["discussion"]["user_id"] == learner.pk
    assert me["reviews"]["may_review"] is False
    assert "no-store" in response["Cache-Control"]
    # It renews the class cookie that lets the next page come from the cache.
    assert response.cookies[page_cache.VIEWER_COOKIE].value


def test_me_for_visitors_has_no_personal_parts_and_no_class_cookie(client, clip):
    me = client.get(f"/me/?clip={clip.pk}", **JSON)
    assert set(me.json()) == {"authenticated", "csrf_token", "login_url"}
    assert page_cache.VIEWER_COOKIE not in me.cookies
