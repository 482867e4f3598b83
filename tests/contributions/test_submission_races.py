"""Submissions under pressure: stale pages, a withdraw racing approval, double clicks, and the
setup moderation relies on existing before any request."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.models import Collection, CollectionViewRestriction

from clips.models import ClipOrigin, ClipPage
from contributions.models import LadderSettings, Level, UploadToken
from contributions.moderation.services import (
    COMMUNITY_COLLECTION,
    SubmissionError,
    submission_resubmit,
    submission_withdraw,
)
from tests.concurrency import run_together
from tests.contributions.moderation_helpers import act, person, submit
from tests.factories import Stage, SubmissionFactory

pytestmark = pytest.mark.django_db

NEW = reverse("contribute:new")


# Checks made again under the lock -------------------------------------------------------


def test_a_withdraw_from_a_page_read_before_final_approval_never_deletes_the_clip(
    submission, contributor, trusted, editor
):
    stale = ClipPage.objects.get(pk=submission.pk)  # the withdraw form, read earlier
    act(submission, trusted)
    act(submission, editor)  # published meanwhile
    stale.first_published_at = None  # the stale copy still says "unpublished"

    with pytest.raises(SubmissionError):
        submission_withdraw(user=contributor, page=stale)

    assert ClipPage.objects.get(pk=submission.pk).live


def test_a_resubmit_from_a_page_read_before_an_editors_publish_is_refused(
    submission, contributor, trusted, second_editor
):
    act(submission, trusted, "reject", comment="Please trim the start.")
    stale = ClipPage.objects.get(pk=submission.pk)  # the edit form, read earlier
    revision = ClipPage.objects.get(pk=stale.pk).get_latest_revision()
    PublishPageRevisionAction(revision, user=second_editor).execute()  # cancels moderation
    stale.first_published_at = None

    with pytest.raises(SubmissionError):
        submission_resubmit(
            user=contributor,
            page=stale,
            title="Changed after publication",
            description="",
            topic=stale.get_parent().specific,
        )

    page = ClipPage.objects.get(pk=stale.pk)
    assert page.live and page.title != "Changed after publication"
    assert page.current_workflow_state is None


# Threads, each on its own connection, must see each other's commits.
@pytest.mark.django_db(transaction=True)
def test_a_withdraw_racing_the_final_approval_leaves_either_a_live_clip_or_nothing(
    contributor, trusted, editor, topic, sample_video
):
    page = SubmissionFactory(
        owner=contributor,
        topic=topic,
        video=sample_video,
        stage=Stage.EDITORIAL_APPROVAL,
        reviewer=trusted,
    )
    stale = ClipPage.objects.get(pk=page.pk)

    errors = run_together(
        [
            lambda: act(ClipPage.objects.get(pk=page.pk), editor),
            lambda: submission_withdraw(user=contributor, page=stale),
        ]
    )

    remaining = ClipPage.objects.filter(pk=page.pk).first()
    if remaining is None:  # the withdraw came first; the approval found nothing to approve
        assert len(errors) == 1
    else:  # the approval came first; the withdraw saw a published clip and refused
        assert remaining.live
        assert [type(e) for e in errors] == [SubmissionError]


# The collection exists before any request -------------------------------------------------


def test_the_community_uploads_collection_and_its_restriction_come_from_migrations():
    collection = Collection.objects.get(name=COMMUNITY_COLLECTION)
    restriction = CollectionViewRestriction.objects.get(collection=collection)
    assert restriction.restriction_type == CollectionViewRestriction.GROUPS
    assert {g.name for g in restriction.groups.all()} == {"Editors", "Peer reviewers"}
    assert collection.get_parent() == Collection.get_first_root_node()


def test_an_upload_never_creates_the_collection_itself(contributor, topic, sample_video):
    Collection.objects.get(name=COMMUNITY_COLLECTION).delete()
    with pytest.raises(SubmissionError):
        submit(contributor, sample_video, topic)
    assert not Collection.objects.filter(name=COMMUNITY_COLLECTION).exists()
    assert not ClipPage.objects.filter(origin=ClipOrigin.COMMUNITY).exists()


# A double click makes one submission --------------------------------------------------------


def _form_token(client) -> str:
    html = client.get(NEW).content.decode()
    match = re.search(r'name="upload_token" value="([0-9a-f-]{36})"', html)
    assert match, "the upload form carries a one-time token"
    return match.group(1)


def _post(client, video_path, topic, token: str):
    with open(video_path, "rb") as video:
        data = {
            "video": video,
            "title": "How I label cables",
            "description": "Labels that survive a move.",
            "topic": topic.slug,
            "tags": "cables, tools",
            "upload_token": token,
        }
        return client.post(NEW, data)


def test_posting_the_same_upload_form_twice_makes_one_submission(
    client, contributor, topic, sample_video
):
    client.force_login(contributor)
    token = _form_token(client)

    first = _post(client, sample_video, topic, token)
    second = _post(client, sample_video, topic, token)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    pages = ClipPage.objects.filter(owner=contributor, origin=ClipOrigin.COMMUNITY)
    assert pages.count() == 1
    assert UploadToken.objects.get(user=contributor).clip == pages.get()


def test_each_new_form_is_a_new_submission(client, contributor, topic, sample_video):
    client.force_login(contributor)
    _post(client, sample_video, topic, _form_token(client))
    _post(client, sample_video, topic, _form_token(client))
    assert ClipPage.objects.filter(owner=contributor, origin=ClipOrigin.COMMUNITY).count() == 2


def test_a_token_used_by_someone_else_does_not_return_their_submission(
    client, contributor, topic, sample_video
):
    client.force_login(contributor)
    token = _form_token(client)
    _post(client, sample_video, topic, token)
    other = person(Level.CONTRIBUTOR, username="otto", email="otto@example.com")
    client.force_login(other)
    _post(client, sample_video, topic, token)
    assert ClipPage.objects.filter(owner=other).count() == 1


# The review panel costs the same for a short queue and a long one -------------------------


def test_the_awaiting_review_panel_makes_the_same_queries_for_2_and_6_submissions(
    client, trusted, topic, sample_video, django_capture_on_commit_callbacks
):
    ladder = LadderSettings.load()
    ladder.max_waiting_submissions = 20
    ladder.save()
    authors = [person(Level.CONTRIBUTOR, username=f"author{n}") for n in range(6)]
    client.force_login(trusted)

    def queries_with(count: int) -> int:
        while ClipPage.objects.filter(origin=ClipOrigin.COMMUNITY).count() < count:
            n = ClipPage.objects.filter(origin=ClipOrigin.COMMUNITY).count()
            with django_capture_on_commit_callbacks(execute=True):
                submit(authors[n], sample_video, topic, title=f"Submission {n}")
        client.get(reverse("wagtailadmin_home"))  # warm per-process caches
        with CaptureQueriesContext(connection) as captured:
            html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert html.count("Submission ") >= count  # every one is listed for review,
        assert html.count("data-workflow-action-url") == 3 * count  # with its three actions
        return len(captured)

    small, large = queries_with(2), queries_with(6)
    print("admin home queries (2 / 6 waiting):", small, large)
    assert small == large
