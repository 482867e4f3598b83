"""The editors' community dashboard: its figures on a crafted hub, who sees it, its cost."""

import datetime
import functools

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState

from clips.models import ClipOrigin, ClipPage
from contributions.activity.ratings import rating_set
from contributions.activity.services import progress_save, view_record
from contributions.maturity import admin_views, live, rollup
from contributions.models import ClipView, Level, Rating
from contributions.moderation.workflow import EDITORIAL_APPROVAL, PEER_REVIEW
from tests.contributions.moderation_helpers import person, submit
from tests.factories import Stage, SubmissionFactory, UserFactory, clip_make, topic_make
from tests.refusals import assert_sent_to_admin_home, assert_sent_to_admin_login

pytestmark = pytest.mark.django_db

DASHBOARD_URL = "/admin/community/"


def days_ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def published_on(clip: ClipPage, when: datetime.datetime) -> ClipPage:
    ClipPage.objects.filter(pk=clip.pk).update(first_published_at=when)
    return clip


def in_month(start: datetime.date) -> datetime.datetime:
    """A moment safely inside the month that begins on ``start``."""
    return timezone.make_aware(datetime.datetime.combine(start, datetime.time(12)) + _A_WEEK)


_A_WEEK = datetime.timedelta(days=7)


def community_clip(topic, title, *, owner):
    """A published community clip, as moderation leaves it: owned by its contributor."""
    clip = clip_make(topic, title=title, origin=ClipOrigin.COMMUNITY)
    ClipPage.objects.filter(pk=clip.pk).update(owner=owner)
    return clip


def rate(user, clip, score=4, *, when=None):
    rating_set(user=user, clip=clip, score=score)
    if when is not None:
        Rating.objects.filter(user=user, clip=clip).update(created_at=when)


def view(user, clip, *, when=None):
    view_record(clip=clip, viewer=f"user:{user.pk}", user=user)
    if when is not None:
        ClipView.objects.filter(user=user, clip=clip).update(created_at=when)


@pytest.fixture
def hub(topic, contributor, trusted, editor, sample_video):
    """A small hub with people in every bucket, clips across months, work in every stage.

    People: ``contributor`` (cora) and ``dora`` contribute, ``trusted`` (tess) contributes and
    reviews; ``rita`` (learner) and ``rob`` (contributor level) only rate; ``wendy`` only
    views and ``walt`` only has watch progress; ``editor`` (eddie) and ``ida`` have done
    nothing yet. Clips: 3 seeded long ago, 2 seeded and 1 community two months back, 1
    community this month, an unpublished seeded draft, plus what moderation publishes.
    """
    safety = topic_make("Safety")
    starts = live.month_starts(now=timezone.now())
    long_ago = timezone.now() - datetime.timedelta(days=500)
    clips = {}
    for n in range(3):
        clips[f"old{n}"] = published_on(clip_make(topic, title=f"Old {n}"), long_ago)
    for n in range(2):
        clips[f"seeded{n}"] = published_on(
            clip_make(safety, title=f"Seeded {n}"), in_month(starts[-3])
        )
    clips["community_then"] = published_on(
        community_clip(safety, "Tess then", owner=trusted), in_month(starts[-3])
    )
    clips["community_now"] = community_clip(topic, "Tess now", owner=trusted)
    clip_make(topic, title="Draft", publish=False)

    dora = UserFactory(username="dora", contributor=True)
    new_submission = functools.partial(
        SubmissionFactory, topic=topic, video=sample_video, reviewer=trusted, approver=editor
    )
    waiting_peer = new_submission(owner=contributor, title="Cora waits", stage=Stage.PEER_REVIEW)
    new_submission(owner=contributor, title="Cora returned", stage=Stage.CHANGES_REQUESTED)
    new_submission(owner=dora, title="Dora reviewed", stage=Stage.EDITORIAL_APPROVAL)
    approved = new_submission(owner=dora, title="Dora approved", stage=Stage.PUBLISHED)
    # A trusted owner skips peer review: straight to editorial approval.
    new_submission(owner=trusted, title="Tess skips peer review", stage=Stage.EDITORIAL_APPROVAL)

    rita = person(Level.LEARNER, username="rita")
    rob = person(Level.CONTRIBUTOR, username="rob")
    wendy = person(Level.LEARNER, username="wendy")
    walt = person(Level.LEARNER, username="walt")
    person(Level.LEARNER, username="ida")
    UserFactory(username="gone", is_active=False)
    rate(rita, clips["old0"], 5)  # Tools, today
    rate(rita, clips["seeded0"], 4, when=days_ago(10))  # Safety, within 30 days
    rate(rob, clips["seeded1"], 3, when=days_ago(40))  # Safety, too long ago
    view(wendy, clips["old1"])  # Tools, today
    view(wendy, clips["seeded0"], when=days_ago(20))  # Safety
    view(rita, clips["old2"])  # Tools, today (rita still counts as rating)
    progress_save(user=walt, clip=clips["old0"], position=3, duration=10)
    return {
        "topic": topic,
        "safety": safety,
        "starts": starts,
        "waiting_peer": waiting_peer,
        "approved": approved,
    }


# The figures ------------------------------------------------------------------------------


def test_people_are_counted_once_in_the_highest_bucket_and_by_ladder_level(hub):
    people = live.people_by_participation()

    levels = [level for level, _label in people.levels]
    by_level = {row.key: dict(zip(levels, row.by_level, strict=True)) for row in people.rows}
    assert people.counts == {"contributing": 3, "rating": 2, "watching": 2, "inactive": 2}
    assert by_level["contributing"] == {"learner": 0, "contributor": 2, "trusted": 1, "editor": 0}
    assert by_level["rating"] == {"learner": 1, "contributor": 1, "trusted": 0, "editor": 0}
    assert by_level["watching"] == {"learner": 2, "contributor": 0, "trusted": 0, "editor": 0}
    assert by_level["inactive"] == {"learner": 1, "contributor": 0, "trusted": 0, "editor": 1}
    assert people.total == 9  # the deactivated account is not counted
    assert people.level_totals == [4, 3, 1, 1]


def test_published_clips_are_split_by_origin_with_the_community_share(hub):
    split = live.clips_by_origin()

    # Seeded: 3 old + 2 two months back (the draft does not count). Community: Tess's two
    # and Dora's clip that moderation published today.
    assert (split.seeded, split.community) == (5, 3)
    assert split.community_share == 37.5


def test_the_community_share_grows_month_by_month_over_the_last_year(hub):
    months = live.clips_by_month(split=live.clips_by_origin())

    assert [m.month for m in months] == hub["starts"]
    assert len(months) == 12
    assert all((m.seeded, m.community) == (0, 0) for m in months[:-3])
    assert all(m.cumulative_share == 0.0 for m in months[:-3])  # the 3 old seeded clips
    two_back, last, this = months[-3:]
    assert (two_back.seeded, two_back.community, two_back.community_share) == (2, 1, 33.3)
    assert two_back.cumulative_share == 16.7  # 1 of 6
    assert (last.seeded, last.community, last.community_share) == (0, 0, None)
    assert last.cumulative_share == 16.7
    assert (this.seeded, this.community, this.community_share) == (0, 2, 100.0)
    assert this.cumulative_share == 37.5  # 3 of 8
    assert this.bar_width == 38


def test_moderation_counts_what_waits_at_each_stage_and_what_was_approved(hub):
    moderation = live.moderation_queue()

    assert [(s.name, s.waiting) for s in moderation.stages] == [
        (PEER_REVIEW, 1),  # Cora's
        (EDITORIAL_APPROVAL, 2),  # Dora's reviewed one and Tess's, which skipped peer review
    ]
    assert moderation.waiting == 3
    assert moderation.stages[0].oldest_started_at is not None
    assert moderation.needs_changes == 1
    assert moderation.approved_recently == 1


def test_an_approval_older_than_thirty_days_is_not_counted_as_recent(hub):
    state = WorkflowState.objects.get(status=WorkflowState.STATUS_APPROVED)
    state.current_task_state.finished_at = days_ago(31)
    state.current_task_state.save(update_fields=["finished_at"])

    assert live.moderation_queue().approved_recently == 0


def test_activity_counts_ratings_and_views_in_the_last_seven_and_thirty_days(hub):
    activity = live.activity_totals()

    assert (activity.ratings_short, activity.ratings_long, activity.raters_long) == (1, 2, 1)
    assert (activity.views_short, activity.views_long, activity.viewers_long) == (2, 3, 2)


def test_the_most_active_topics_come_first_with_their_ratings_and_views(hub):
    topics = live.most_active_topics()

    # Tools: 1 rating + 2 views; Safety: 1 rating + 1 view (the 40-day-old rating is out).
    assert [(t.topic.title, t.ratings, t.views) for t in topics] == [
        ("Tools", 1, 2),
        ("Safety", 1, 1),
    ]


def test_an_empty_hub_has_no_share_and_no_active_topics(db):
    split = live.clips_by_origin()

    assert split.community_share is None
    assert all(m.cumulative_share is None for m in live.clips_by_month(split=split))
    assert live.most_active_topics() == []


# Who sees it ------------------------------------------------------------------------------


def test_editors_read_the_dashboard_with_every_section(client, hub, editor):
    client.force_login(editor)

    response = client.get(reverse(admin_views.URL_NAME))

    body = response.content.decode()
    assert response.status_code == 200
    assert reverse(admin_views.URL_NAME) == DASHBOARD_URL
    for heading in (
        "People by participation",
        "The ladder over time",
        "The funnel: from signing up to trusted",
        "Both strands, week by week",
        "Content: seeded and community-made",
        "Moderation health",
        "Gaps to act on",
        "Maturity model and trends",
    ):
        assert heading in body
    assert "37.5&nbsp;%" in body
    assert "Only watching" in body
    assert PEER_REVIEW in body and EDITORIAL_APPROVAL in body
    assert "Stage 1 of 4: Seeded library" in body


def test_superusers_read_the_dashboard_too(client, admin_user):
    client.force_login(admin_user)

    assert client.get(DASHBOARD_URL).status_code == 200


def test_editors_find_the_summary_panel_and_the_menu_item_on_the_admin_home(client, hub, editor):
    client.force_login(editor)

    body = client.get(reverse("wagtailadmin_home")).content.decode()

    assert 'id="community-summary-section"' in body
    assert "Open the community dashboard" in body
    assert DASHBOARD_URL in body


@pytest.mark.parametrize(
    ("level", "refused_as"),
    [(Level.CONTRIBUTOR, assert_sent_to_admin_login), (Level.TRUSTED, assert_sent_to_admin_home)],
)
def test_contributors_and_peer_reviewers_are_refused_the_dashboard(client, level, refused_as):
    client.force_login(person(level))

    refused_as(client.get(DASHBOARD_URL))


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert_sent_to_admin_login(client.get(DASHBOARD_URL))


def test_peer_reviewers_see_neither_the_panel_nor_the_menu_item(client, trusted):
    client.force_login(trusted)

    response = client.get(reverse("wagtailadmin_home"))

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="community-summary-section"' not in body
    assert DASHBOARD_URL not in body


def test_the_menu_item_is_shown_to_editors_only(trusted, editor):
    item = admin_views.menu_item()
    request = RequestFactory().get("/admin/")

    request.user = trusted
    hidden = item.is_shown(request)
    request.user = editor
    shown = item.is_shown(request)

    assert (hidden, shown) == (False, True)


# What it costs ----------------------------------------------------------------------------


def grow(round_: int, *, people: int, clips: int, sample_video=None, topic=None):
    """More topics, clips, people, ratings, views and submissions; no new kinds of thing."""
    new_topic = topic_make(f"Grown {round_}")
    made = [clip_make(new_topic, title=f"Grown {round_}.{n}") for n in range(clips)]
    made.append(
        clip_make(new_topic, title=f"Shared {round_}", origin=ClipOrigin.COMMUNITY, owner=None)
    )
    for n in range(people):
        user = person(Level.LEARNER, username=f"p{round_}x{n}")
        rate(user, made[n % len(made)], when=days_ago(n % 20))
        view(user, made[(n + 1) % len(made)], when=days_ago(n % 40))
    if sample_video is not None:
        submitter = person(Level.CONTRIBUTOR, username=f"s{round_}")
        submit(submitter, sample_video, topic, title=f"Waiting {round_}")
    rollup.rollup(days=10 * round_)  # and more days of history


def test_the_dashboard_takes_the_same_queries_for_a_bigger_community(
    client, editor, topic, sample_video, django_assert_max_num_queries
):
    client.force_login(editor)
    grow(1, people=2, clips=2, sample_video=sample_video, topic=topic)
    client.get(DASHBOARD_URL)  # warm per-process caches (site root, content types)
    with django_assert_max_num_queries(40) as small:
        assert client.get(DASHBOARD_URL).status_code == 200

    for round_ in range(2, 5):
        grow(round_, people=8, clips=5, sample_video=sample_video, topic=topic)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(DASHBOARD_URL)

    assert response.status_code == 200
    assert live.people_by_participation().total > 20


def test_the_home_panel_takes_the_same_queries_for_a_bigger_community(
    editor, topic, sample_video, django_assert_max_num_queries
):
    request = RequestFactory().get("/admin/")
    request.user = editor
    panel = admin_views.CommunitySummaryPanel()
    grow(1, people=2, clips=2, sample_video=sample_video, topic=topic)
    with django_assert_max_num_queries(5) as small:
        panel.render_html({"request": request})

    for round_ in range(2, 5):
        grow(round_, people=8, clips=5, sample_video=sample_video, topic=topic)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = panel.render_html({"request": request})

    assert "Open the community dashboard" in html
