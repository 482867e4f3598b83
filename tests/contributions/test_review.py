"""The review screen and queue: who sees what, the decision through Wagtail's workflow, budgets."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import TaskState

from clips.models import ClipOrigin, ClipPage
from contributions.models import Level, ReviewSettings
from tests.contributions.moderation_helpers import act, current_task, person
from tests.factories import clip_make, topic_make
from tests.refusals import assert_sent_to_admin_home

pytestmark = pytest.mark.django_db


def waiting(topic, owner, title: str) -> ClipPage:
    """A community draft in the workflow, as a submission is (no video: nothing to process)."""
    page = clip_make(topic, title=title, publish=False, owner=owner, origin=ClipOrigin.COMMUNITY)
    page.get_workflow().start(page, owner)
    return ClipPage.objects.get(pk=page.pk)


# The queue ------------------------------------------------------------------------------


def test_the_queue_lists_what_the_reviewer_may_act_on_oldest_first(client, trusted, topic):
    first, second = person(username="ann"), person(username="ben")
    older = waiting(topic, first, "Older clip")
    newer = waiting(topic, second, "Newer clip")
    own = waiting(topic, trusted, "Trusted's own clip")  # skips peer review: editorial

    client.force_login(trusted)
    html = client.get(reverse("contribute:review_queue")).content.decode()

    assert html.index("Older clip") < html.index("Newer clip")
    assert own.title not in html
    assert "2</strong> submissions waiting" in html
    assert reverse("contribute:review", args=[older.pk]) in html
    assert reverse("contribute:review", args=[newer.pk]) in html


def test_the_queue_filters_by_topic_and_stage(client, trusted, editor, topic):
    other_topic = topic_make("Safety")
    waiting(topic, person(username="ann"), "Tools clip")
    safety = waiting(other_topic, person(username="ben"), "Safety clip")
    act(safety, trusted)  # now at editorial approval

    client.force_login(editor)
    by_topic = client.get(reverse("contribute:review_queue"), {"topic": other_topic.slug})
    by_stage = client.get(reverse("contribute:review_queue"), {"stage": "Editorial approval"})

    assert "Safety clip" in by_topic.content.decode()
    assert "Tools clip" not in by_topic.content.decode()
    assert "Safety clip" in by_stage.content.decode()
    assert "Tools clip" not in by_stage.content.decode()


def test_the_header_count_equals_the_queue(client, trusted, contributor, topic):
    for n in range(3):
        waiting(topic, person(username=f"p{n}"), f"Clip {n}")
    waiting(topic, trusted, "Own clip")

    client.force_login(trusted)
    me = client.get(reverse("learning:me"), HTTP_ACCEPT="application/json").json()["reviews"]
    client.force_login(contributor)
    nobody = client.get(reverse("learning:me"), HTTP_ACCEPT="application/json").json()["reviews"]

    assert me == {"may_review": True, "count": 3, "url": reverse("contribute:review_queue")}
    assert nobody["may_review"] is False and nobody["count"] == 0


def test_contribute_page_links_reviewers_to_the_queue(client, trusted, contributor, topic):
    waiting(topic, contributor, "Waiting clip")
    client.force_login(trusted)
    html = client.get(reverse("contribute:dashboard")).content.decode()
    assert "Review (1)" in html
    client.force_login(contributor)
    assert "Review (" not in client.get(reverse("contribute:dashboard")).content.decode()


# The review screen ------------------------------------------------------------------------


def test_the_review_screen_shows_the_clip_its_contributor_history_and_checklist(
    client, submission, trusted, editor
):
    settings = ReviewSettings.load()
    settings.checklist = "Accurate\nCaptions readable"
    settings.save()

    client.force_login(trusted)
    response = client.get(reverse("contribute:review", args=[submission.pk]))
    html = response.content.decode()

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert submission.video.url in html
    assert reverse("clips:captions_track", args=[submission.pk, "en"]) in html
    assert "Label both ends." in html and "Use vinyl tags." in html  # the transcript
    assert "Labels that survive a move." in html  # the summary
    assert "cables" in html and "tools" in html  # tags
    assert "Tools" in html  # the topic
    assert "cora" in html.lower() and "(Contributor)" in html
    assert "Peer review" in html
    assert "Accurate" in html and "Captions readable" in html
    assert 'name="action" value="approve"' in html and 'value="reject"' in html


def test_earlier_comments_are_in_the_history(client, submission, trusted, editor):
    act(submission, trusted, comment="Nice and short.")
    client.force_login(editor)
    html = client.get(reverse("contribute:review", args=[submission.pk])).content.decode()
    assert "Nice and short." in html
    assert "Editorial approval" in html


def test_approving_moves_to_the_next_stage_and_opens_the_next_submission(
    client, submission, trusted, editor, topic
):
    later = waiting(topic, person(username="ann"), "Later clip")
    mail.outbox.clear()
    client.force_login(trusted)

    response = client.post(
        reverse("contribute:review", args=[submission.pk]), {"action": "approve"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("contribute:review", args=[later.pk])
    state, task = current_task(submission)
    assert task.name == "Editorial approval"
    assert [m.to for m in mail.outbox] == [[editor.email]]
    assert reverse("contribute:review", args=[submission.pk]) in mail.outbox[0].body
    follow = client.get(response["Location"]).content.decode()
    assert "Approved: now waiting for editorial approval." in follow


def test_the_editors_approval_publishes_and_the_empty_queue_says_so(
    client, submission, trusted, editor
):
    act(submission, trusted)
    client.force_login(editor)

    response = client.post(
        reverse("contribute:review", args=[submission.pk]), {"action": "approve"}, follow=True
    )

    assert ClipPage.objects.get(pk=submission.pk).live
    html = response.content.decode()
    assert "Approved and published" in html
    assert "Nothing else is waiting for your review." in html


def test_requesting_changes_needs_a_comment(client, submission, trusted):
    client.force_login(trusted)
    url = reverse("contribute:review", args=[submission.pk])

    empty = client.post(url, {"action": "reject", "comment": "  "})
    state, _task = current_task(submission)
    assert empty.status_code == 400
    assert "Say what should change" in empty.content.decode()
    assert state.status == TaskState.STATUS_IN_PROGRESS

    done = client.post(url, {"action": "reject", "comment": "Please trim the start."})
    assert done.status_code == 302
    submission.refresh_from_db()
    latest = TaskState.objects.filter(status=TaskState.STATUS_REJECTED).get()
    assert latest.comment == "Please trim the start." and latest.finished_by == trusted


def test_nobody_opens_the_review_screen_of_what_they_may_not_act_on(
    client, submission, contributor, trusted, topic
):
    url = reverse("contribute:review", args=[submission.pk])
    learner = person(Level.LEARNER, username="lea")
    for user in (contributor, learner):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "approve"}).status_code == 404
    act(submission, trusted)  # at editorial approval: no longer the peer reviewer's
    client.force_login(trusted)
    assert client.get(url).status_code == 404
    own = waiting(topic, trusted, "Own clip")
    assert client.get(reverse("contribute:review", args=[own.pk])).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to sign in


def test_a_peer_reviewer_cannot_open_the_full_editor_of_a_submission(client, submission, trusted):
    client.force_login(trusted)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[submission.pk]))
    assert_sent_to_admin_home(response)
    task = submission.current_workflow_task.specific
    assert task.user_can_access_editor(submission, trusted) is False


# Query budgets ------------------------------------------------------------------------------


def queries_for(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def add_waiting(topic, count: int, start: int):
    return [
        waiting(topic, person(username=f"c{start + n}"), f"Clip {start + n}") for n in range(count)
    ]


def test_the_queue_makes_the_same_queries_for_few_and_many_submissions(client, trusted, topic):
    client.force_login(trusted)
    url = reverse("contribute:review_queue")
    add_waiting(topic, 2, 0)
    small = queries_for(client, url)
    add_waiting(topic, 10, 100)
    assert queries_for(client, url) == small


def test_the_review_screen_makes_the_same_queries_for_few_and_many_submissions(
    client, trusted, editor, topic
):
    client.force_login(editor)
    first = add_waiting(topic, 2, 0)
    for page in first:
        act(page, trusted, comment="Fine by me.")
    url = reverse("contribute:review", args=[first[0].pk])
    small = queries_for(client, url)
    for page in add_waiting(topic, 10, 100):
        act(page, trusted, comment="Fine by me.")
    assert queries_for(client, url) == small
