"""The dashboard's new sections on the page, their CSV export, and who may have either."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query

from clips.models import ClipOrigin, ClipPage
from contributions.activity.ratings import rating_set
from contributions.activity.services import view_record
from contributions.maturity import rollup
from contributions.maturity.models import DailySnapshot
from contributions.models import EventKind, Level
from contributions.people.services import event_record
from search.models import QueryOutcome
from tests.contributions.moderation_helpers import person
from tests.factories import UserFactory, clip_make
from tests.refusals import assert_sent_to_admin_home, assert_sent_to_admin_login

pytestmark = pytest.mark.django_db

CSV_URL = "/admin/community/csv/{}/"


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def hub(topic, editor):
    """Two clips (one from the community), a rater, an empty search, a question and a wish."""
    seeded = clip_make(topic, title="Seeded")
    community = clip_make(topic, title="Shared", origin=ClipOrigin.COMMUNITY)
    rita = person(Level.LEARNER, username="rita")
    rating_set(user=rita, clip=seeded, score=5)
    view_record(clip=seeded, viewer="a", user=rita)
    view_record(clip=community, viewer="b")
    outcome_query = Query.objects.create(query_string="=hyperlink(1)")
    QueryOutcome.objects.create(
        query=outcome_query,
        last_result_count=0,
        zero_result_hits=4,
        last_searched_at=timezone.now(),
    )
    event_record(kind=EventKind.QUESTION, actor=rita, clip=community)
    event_record(kind=EventKind.CLIP_WANTED_VOTE, actor=rita, topic=topic)
    rollup.rollup(days=3)
    return {"seeded": seeded, "community": community, "topic": topic}


def test_every_section_is_filled_from_the_snapshots(client, hub, editor):
    client.force_login(editor)

    body = client.get("/admin/community/").content.decode()

    assert "Stage 2 of 4: Rating culture" in body  # rita rated: 1 of 2 people, 50 %
    assert "50 % of people have rated a clip" in body
    assert 'role="img"' in body and "<polyline" in body and "<rect" in body
    assert "=hyperlink(1)" in body  # the empty search, shown as text
    assert "Shared" in body  # a question waits on it
    assert "/admin/pages/add/clips/clippage/" in body  # add a clip to a wanted topic
    assert "Download “Seeded and community clips" in body


def test_a_table_downloads_as_csv_with_its_rows(client, hub, editor):
    client.force_login(editor)

    response = client.get(CSV_URL.format("origin-months"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate()
    assert (
        f'filename="community-origin-months-{today:%Y-%m-%d}.csv"'
        in response["Content-Disposition"]
    )
    rows = rows_of(response)
    assert rows[0] == [
        "Month",
        "Published seeded clips",
        "Published community clips",
        "Community % of clips",
        "Views",
        "Community % of views",
        "Completed views",
        "Community % of completed views",
    ]
    assert len(rows) == 13  # a header and twelve months
    assert rows[-1] == [f"{today:%b %Y}", "1", "1", "50.0", "2", "50.0", "0", ""]


def test_the_funnel_csv_follows_the_chosen_period(client, hub, editor):
    client.force_login(editor)
    # eddie and rita joined today; a person who joined two years ago is only in "any time".
    old = UserFactory(username="old")
    type(old).objects.filter(pk=old.pk).update(
        date_joined=timezone.now() - datetime.timedelta(days=730)
    )
    rollup.milestones_refresh()

    recent = rows_of(client.get(CSV_URL.format("funnel") + "?joined=30"))
    ever = rows_of(client.get(CSV_URL.format("funnel") + "?joined=all"))

    assert recent[1][:3] == ["Signed up", "2", "100.0"]
    assert recent[2][:4] == ["Watched a clip", "1", "50.0", "50.0"]  # rita
    assert ever[1][:2] == ["Signed up", "3"]


def test_spreadsheet_formulas_in_user_text_are_kept_as_text(client, hub, editor):
    client.force_login(editor)

    rows = rows_of(client.get(CSV_URL.format("gaps-searches")))

    assert rows[1][:2] == ["'=hyperlink(1)", "4"]


def test_every_table_on_the_page_has_a_csv(client, hub, editor):
    client.force_login(editor)
    body = client.get("/admin/community/").content.decode()
    keys = [
        "participation",
        "ladder-weeks",
        "promotions-months",
        "funnel",
        "strand-content",
        "strand-people",
        "origin-months",
        "moderation-stages",
        "reviewers",
        "gaps-topics",
        "gaps-searches",
        "gaps-unrated",
        "gaps-questions",
        "gaps-wanted",
        "maturity-model",
        "trends",
    ]

    for key in keys:
        assert CSV_URL.format(key) in body
        assert client.get(CSV_URL.format(key)).status_code == 200
    assert body.count('<table class="listing community-table"') == len(keys)


def test_an_unknown_table_is_not_found(client, editor):
    client.force_login(editor)

    assert client.get(CSV_URL.format("passwords")).status_code == 404


def test_without_snapshots_the_page_says_how_to_backfill(client, editor):
    client.force_login(editor)

    body = client.get("/admin/community/").content.decode()

    assert DailySnapshot.objects.count() == 0
    assert "community_rollup --days 365" in body


@pytest.mark.parametrize(
    ("level", "refused_as"),
    [
        (Level.LEARNER, assert_sent_to_admin_login),
        (Level.CONTRIBUTOR, assert_sent_to_admin_login),
        (Level.TRUSTED, assert_sent_to_admin_home),
    ],
)
def test_only_editors_download_csv(client, level, refused_as):
    client.force_login(person(level))

    response = client.get(CSV_URL.format("funnel"))

    refused_as(response)
    assert "text/csv" not in response.get("Content-Type", "")


def test_anonymous_visitors_get_no_csv(client, db):
    response = client.get(CSV_URL.format("funnel"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_signed_in_visit_to_someone_elses_profile_is_recorded(client, db):
    from contributions.models import CommunityEvent

    ada, bea = UserFactory(username="ada"), UserFactory(username="bea")
    client.force_login(ada)

    client.get(reverse("learning:profile", args=[bea.username]))
    client.get(reverse("learning:profile", args=[ada.username]))  # your own: not a visit
    client.logout()
    client.get(reverse("learning:profile", args=[bea.username]))  # anonymous: not a visit

    visits = CommunityEvent.objects.filter(kind=EventKind.PROFILE_VISIT)
    assert [(v.actor, v.target_user) for v in visits] == [(ada, bea)]


def test_an_unpublished_clip_is_not_a_gap(client, hub, editor, topic):
    clip_make(topic, title="Draft nobody rated", publish=False)
    client.force_login(editor)

    body = client.get(CSV_URL.format("gaps-unrated")).content.decode()

    assert "Draft nobody rated" not in body
    assert "Shared" in body
    assert ClipPage.objects.filter(live=False).exists()
