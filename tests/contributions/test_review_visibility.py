"""Reviewers see the files of what waits in their stage, and nothing else unpublished."""

import pytest

from contributions.models import Level
from tests.contributions.moderation_helpers import act, current_task, person
from tests.factories import clip_make

pytestmark = pytest.mark.django_db


def files_of(page) -> list[str]:
    return [
        f"/media-files/{page.video_id}/video/",
        f"/media-files/{page.video_id}/poster/",
        f"/media-files/captions/{page.pk}.vtt",
    ]


def statuses(client, user, page) -> set[int]:
    client.force_login(user)
    return {client.get(url).status_code for url in files_of(page)}


CAPTIONS = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHello.\n"


def test_a_peer_reviewer_fetches_the_files_of_a_submission_in_peer_review(
    client, submission, trusted
):
    assert current_task(submission)[1].name == "Peer review"
    assert statuses(client, trusted, submission) == {200}


def test_a_peer_reviewer_cannot_fetch_an_editors_unpublished_draft(
    client, editor, trusted, topic, sample_video, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = clip_make(topic, sample_video, title="Embargoed", publish=False, owner=editor)

    assert statuses(client, trusted, draft) == {404}
    assert statuses(client, editor, draft) == {200}
    assert statuses(client, person(Level.EDITOR, username="second"), draft) == {200}


def test_a_submission_in_editorial_approval_is_hidden_from_peer_reviewers(
    client, submission, trusted, contributor
):
    act(submission, person(Level.TRUSTED, username="first-reviewer"))
    assert current_task(submission)[1].name == "Editorial approval"

    assert statuses(client, trusted, submission) == {404}
    assert statuses(client, contributor, submission) == {200}
    assert statuses(client, person(Level.EDITOR, username="second"), submission) == {200}


def test_signed_in_learners_never_see_a_submission(client, submission):
    assert statuses(client, person(Level.LEARNER, username="lee"), submission) == {404}
    client.logout()
    assert {client.get(url).status_code for url in files_of(submission)} == {404}
