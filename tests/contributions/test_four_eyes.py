"""Moderation that cannot be bypassed: ready videos only, two people for two stages, nobody
publishes their own submission, reviewers cannot cancel, crediting once however published."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.actions.publish_page_revision import (
    PublishPagePermissionError,
    PublishPageRevisionAction,
)
from wagtail.models import TaskState, WorkflowState

from clips.models import ClipMedia, ClipPage, ProcessingState
from contributions.models import ContributionCredit, Level, Profile
from tests.contributions.moderation_helpers import (
    act,
    current_task,
    edit_form_data,
    person,
    submit,
)
from tests.refusals import assert_sent_to_admin_home

pytestmark = pytest.mark.django_db


def action_url(page, action: str = "approve") -> str:
    state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])


def publish_as(user, page):
    """Publish the latest revision the way every admin path does: with the permission check."""
    revision = ClipPage.objects.get(pk=page.pk).get_latest_revision()
    PublishPageRevisionAction(revision, user=user).execute()


def approved_count(user) -> int:
    return Profile.objects.get(user=user).approved_count


# A stage cannot be approved while the video is not ready ----------------------------------


@pytest.mark.parametrize("state", [ProcessingState.PROCESSING, ProcessingState.FAILED])
def test_a_direct_post_to_wagtails_action_view_cannot_approve_an_unready_video(
    client, submission, trusted, state
):
    ClipMedia.objects.filter(pk=submission.video_id).update(processing_state=state)
    client.force_login(trusted)

    response = client.post(action_url(submission), {"comment": "Looks fine"})

    assert_sent_to_admin_home(response)
    task_state, task = current_task(submission)
    assert task.name == "Peer review" and task_state.status == TaskState.STATUS_IN_PROGRESS


def test_a_failed_video_cannot_be_approved_at_the_last_stage_either(
    client, submission, trusted, editor
):
    act(submission, trusted)
    ClipMedia.objects.filter(pk=submission.video_id).update(processing_state=ProcessingState.FAILED)
    client.force_login(editor)

    response = client.post(action_url(submission))

    assert_sent_to_admin_home(response)
    assert not ClipPage.objects.get(pk=submission.pk).live


# Two stages, two people ---------------------------------------------------------------------


def test_whoever_approved_peer_review_cannot_also_approve_editorial_approval(
    client, submission, editor, second_editor
):
    client.force_login(editor)  # editors are peer reviewers too
    assert client.post(action_url(submission)).status_code == 302
    assert current_task(submission)[1].name == "Editorial approval"

    again = client.post(action_url(submission))

    assert_sent_to_admin_home(again)
    assert not ClipPage.objects.get(pk=submission.pk).live
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert action_url(submission) not in dashboard
    client.force_login(second_editor)
    assert client.post(action_url(submission)).status_code == 302
    assert ClipPage.objects.get(pk=submission.pk).live


def test_whoever_approved_a_stage_cannot_publish_it_directly_either(
    submission, editor, second_editor
):
    act(submission, editor)
    with pytest.raises(PublishPagePermissionError):
        publish_as(editor, submission)
    assert not ClipPage.objects.get(pk=submission.pk).live


# Nobody publishes their own submission ----------------------------------------------------


def test_an_editors_publish_button_is_refused_for_their_own_submission(
    client, editor, second_editor, topic, sample_video, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = submit(editor, sample_video, topic)
    page = ClipPage.objects.get(pk=page.pk)
    client.force_login(editor)  # an editor may edit anything under /topics/, own pages too

    data = edit_form_data(client, page, **{"action-publish": "action-publish"})
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    assert response.status_code == 302  # a valid form: saved as a draft, not published
    page = ClipPage.objects.get(pk=page.pk)
    assert not page.live
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not page.permissions_for_user(editor).can_publish()
    assert page.permissions_for_user(second_editor).can_publish()
    with pytest.raises(PublishPagePermissionError):
        publish_as(editor, page)


def test_another_editors_publish_button_still_works_on_a_submission(
    client, submission, second_editor, contributor
):
    client.force_login(second_editor)

    data = edit_form_data(client, submission, **{"action-publish": "action-publish"})
    response = client.post(reverse("wagtailadmin_pages:edit", args=[submission.pk]), data)

    assert response.status_code == 302
    assert ClipPage.objects.get(pk=submission.pk).live
    assert approved_count(contributor) == 1


def test_seeded_clips_are_published_by_their_editor_as_before(editor, topic):
    from tests.factories import clip_make

    page = clip_make(topic, title="Editor's own seeded clip", publish=False, owner=editor)
    assert page.permissions_for_user(editor).can_publish()
    publish_as(editor, page)
    assert ClipPage.objects.get(pk=page.pk).live


# Reviewers cannot cancel someone else's workflow --------------------------------------------


def test_a_peer_reviewer_cannot_cancel_the_contributors_workflow(client, submission, trusted):
    client.force_login(trusted)
    edit_url = reverse("wagtailadmin_pages:edit", args=[submission.pk])
    # Peer reviewers do not get the editor at all (they review on /contribute/review/).
    assert client.get(edit_url).status_code == 302

    data = {
        "title": submission.title,
        "slug": submission.slug,
        "action-cancel-workflow": "action-cancel-workflow",
    }
    response = client.post(edit_url, data)

    assert response.status_code == 302
    state = WorkflowState.objects.for_instance(submission).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_the_contributors_own_cancel_is_not_blocked(submission, contributor):
    from clips.four_eyes import may_cancel_moderation

    state = submission.current_workflow_state
    assert may_cancel_moderation(state, contributor)
    assert not may_cancel_moderation(state, person(Level.TRUSTED, username="other-reviewer"))


# Crediting: once, on first publication, whichever way -------------------------------------


def test_the_workflow_credits_once_and_a_republish_does_not_count_again(
    submission, trusted, editor, contributor
):
    act(submission, trusted)
    act(submission, editor)
    assert approved_count(contributor) == 1

    ClipPage.objects.get(pk=submission.pk).save_revision(user=editor).publish(user=editor)
    publish_as(editor, submission)

    assert approved_count(contributor) == 1
    assert ContributionCredit.objects.filter(clip=submission).count() == 1


def test_an_editors_direct_publish_credits_and_emails_once(
    submission, second_editor, contributor, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_as(second_editor, submission)
    with django_capture_on_commit_callbacks(execute=True):
        publish_as(second_editor, submission)

    assert approved_count(contributor) == 1
    published = [m for m in mail.outbox if "is published" in m.subject]
    assert [m.to for m in published] == [[contributor.email]]
    assert "How I label cables" in published[0].body
    assert "&quot;" not in published[0].subject + published[0].body
    # The workflow was cancelled by the publish: nothing waits for reviewers any more.
    assert not WorkflowState.objects.for_instance(submission).active().exists()


def test_the_third_direct_publish_promotes_a_contributor_to_trusted(
    contributor, second_editor, topic, sample_video, django_capture_on_commit_callbacks
):
    for n in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            page = submit(contributor, sample_video, topic, title=f"Clip {n}")
        publish_as(second_editor, page)

    profile = Profile.objects.get(user=contributor)
    assert (profile.approved_count, profile.level) == (3, Level.TRUSTED)
