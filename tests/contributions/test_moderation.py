"""The moderation stages in Wagtail's admin: who may act, emails, publication, escaping."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import (
    GroupPagePermission,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
)

from clips.models import ClipPage, TopicIndexPage
from contributions import emails
from contributions.models import Level, Profile
from contributions.moderation.workflow import CommunityReviewTask
from home.models import HomePage
from tests.contributions.moderation_helpers import act, current_task, person, submit
from tests.refusals import assert_sent_to_admin_home, assert_sent_to_admin_login

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script>'


def action_url(page, action: str) -> str:
    state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])


# The workflow every fresh database gets ------------------------------------------------


def test_the_community_workflow_replaces_wagtails_default_on_the_tree():
    index = TopicIndexPage.objects.get()
    workflow = Workflow.objects.get(name="Community contribution")
    assert WorkflowPage.objects.get(page=index).workflow == workflow
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert index.get_workflow() == workflow
    assert HomePage.objects.get().get_workflow() is None

    stages = [task.specific for task in workflow.tasks]
    assert [type(t) for t in stages] == [CommunityReviewTask, CommunityReviewTask]
    assert [t.name for t in stages] == ["Peer review", "Editorial approval"]
    assert [[g.name for g in t.groups.all()] for t in stages] == [["Peer reviewers"], ["Editors"]]
    assert [t.skip_for_trusted_owner for t in stages] == [True, False]


def test_editors_may_publish_under_topics_and_peer_reviewers_only_reach_the_admin():
    index = TopicIndexPage.objects.get()
    editors = Group.objects.get(name="Editors")
    codenames = set(
        GroupPagePermission.objects.filter(group=editors, page=index).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= codenames
    reviewers = Group.objects.get(name="Peer reviewers")
    assert list(reviewers.permissions.values_list("codename", flat=True)) == ["access_admin"]
    assert not GroupPagePermission.objects.filter(group=reviewers).exists()
    assert not Group.objects.get(name="Contributors").permissions.exists()


# Acting in the Wagtail admin ------------------------------------------------------------


def test_a_peer_reviewer_approves_in_the_admin_and_editors_are_told(
    client, submission, trusted, editor
):
    mail.outbox.clear()
    client.force_login(trusted)

    response = client.post(action_url(submission, "approve"), {"comment": "Clear and short."})

    assert response.status_code == 302
    state, task = current_task(submission)
    assert task.name == "Editorial approval"
    assert [m.to for m in mail.outbox] == [[editor.email]]
    assert "Editorial approval" in mail.outbox[0].subject


def test_a_peer_reviewer_opens_the_review_screen_but_never_the_full_editor(
    client, submission, trusted, topic
):
    client.force_login(trusted)
    review = client.get(reverse("contribute:review", args=[submission.pk]))
    assert review.status_code == 200
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[submission.pk]))
    assert_sent_to_admin_home(edit)
    other = client.get(reverse("wagtailadmin_pages:edit", args=[topic.pk]))
    assert_sent_to_admin_home(other)


def test_an_editor_keeps_the_full_editor_for_a_submission(client, submission, trusted, editor):
    act(submission, trusted)  # now at editorial approval
    client.force_login(editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[submission.pk]))
    assert edit.status_code == 200


def test_a_peer_reviewer_cannot_perform_editorial_approval(client, submission, trusted, editor):
    act(submission, editor)  # an editor may do peer review too: now it is editorial
    client.force_login(trusted)

    response = client.post(action_url(submission, "approve"))

    assert_sent_to_admin_home(response)
    state, task = current_task(submission)
    assert task.name == "Editorial approval" and state.status == TaskState.STATUS_IN_PROGRESS
    assert not ClipPage.objects.get(pk=submission.pk).live


def test_a_contributor_cannot_approve_skip_or_publish_their_submission(
    client, submission, contributor
):
    client.force_login(contributor)

    approve = client.post(action_url(submission, "approve"))
    publish = client.post(
        reverse("wagtailadmin_pages:edit", args=[submission.pk]),
        {"title": "Mine now", "slug": submission.slug, "action-publish": "action-publish"},
    )

    assert_sent_to_admin_login(approve)
    assert_sent_to_admin_login(publish)
    state, task = current_task(submission)
    assert task.name == "Peer review" and state.status == TaskState.STATUS_IN_PROGRESS
    page = ClipPage.objects.get(pk=submission.pk)
    assert not page.live and page.title == submission.title


def test_a_trusted_contributor_cannot_approve_their_own_submission(
    client, trusted, topic, sample_video, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = submit(trusted, sample_video, topic)
    client.force_login(trusted)

    response = client.post(action_url(page, "approve"))

    assert_sent_to_admin_home(response)
    state, task = current_task(page)
    assert task.name == "Editorial approval" and state.status == TaskState.STATUS_IN_PROGRESS


def test_an_editor_cannot_approve_their_own_contribution_even_in_the_right_group(
    editor, topic, sample_video, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = submit(editor, sample_video, topic)
    state, task = current_task(page)
    assert task.name == "Editorial approval"  # editors skip peer review like trusted people
    assert task.get_actions(page, editor) == []
    assert not task.user_can_access_editor(page, editor)
    assert not TaskState.objects.reviewable_by(editor).filter(pk=state.pk).exists()
    second_editor = person(Level.EDITOR)
    assert [name for name, *_ in task.get_actions(page, second_editor)] == [
        "reject",
        "approve",
        "approve",
    ]


def test_requesting_changes_emails_the_contributor_with_the_comment(
    client, submission, trusted, contributor
):
    mail.outbox.clear()
    client.force_login(trusted)

    client.post(action_url(submission, "reject"), {"comment": "Please add captions."})

    assert submission.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert [m.to for m in mail.outbox] == [[contributor.email]]
    body = mail.outbox[0].body
    assert "Please add captions." in body
    assert reverse("contribute:edit", args=[submission.pk]) in body
    assert "/admin/" not in body  # contributors have no admin to go to


def test_final_approval_publishes_the_clip_everywhere_and_credits_the_contributor(
    client, submission, trusted, editor, contributor, topic
):
    act(submission, trusted)
    mail.outbox.clear()
    client.force_login(editor)

    client.post(action_url(submission, "approve"))

    page = ClipPage.objects.get(pk=submission.pk)
    assert page.live
    assert [m.to for m in mail.outbox] == [[contributor.email]]
    assert "is published" in mail.outbox[0].subject
    assert Profile.objects.get(user=contributor).approved_count == 1
    client.logout()
    clip_html = client.get(page.url).content.decode()
    assert "Presented by" in clip_html and contributor.get_full_name() in clip_html
    assert page.title in client.get(topic.url).content.decode()
    assert page.title in client.get("/").content.decode()
    assert page in ClipPage.objects.live().search(page.title)


def test_the_third_approval_makes_a_contributor_trusted_in_the_same_transaction(
    contributor, trusted, editor, topic, sample_video, django_capture_on_commit_callbacks
):
    for n in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            page = submit(contributor, sample_video, topic, title=f"Clip {n}")
        act(page, trusted)
        act(page, editor)
    profile = Profile.objects.get(user=contributor)
    assert profile.approved_count == 3
    assert profile.level == Level.TRUSTED
    assert contributor.groups.filter(name="Peer reviewers").exists()
    change = contributor.level_changes.first()
    assert change.to_level == Level.TRUSTED and change.reason.startswith("Clip approved")


# Escaping ---------------------------------------------------------------------------------


def test_markup_in_a_submission_is_shown_escaped_in_the_admin_and_emails(
    client, contributor, trusted, editor, topic, sample_video, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = submit(contributor, sample_video, topic, title=f"Labels {XSS}", tags=XSS)
    page = ClipPage.objects.get(pk=page.pk)
    client.force_login(trusted)

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    edit = client.get(reverse("contribute:review", args=[page.pk])).content.decode()
    client.post(action_url(page, "reject"), {"comment": XSS})

    for html in (dashboard, edit):
        assert XSS not in html
    assert "&lt;script&gt;" in edit
    assert mail.outbox, "reviewers and the contributor were emailed"
    for message in mail.outbox:
        # Plain text cannot run markup: it carries the words as typed; the HTML part escapes.
        assert f"Labels {XSS}" in message.subject + message.body
        for html, _type in message.alternatives:
            assert XSS not in html


TRICKY = "Don't <panic> & label"


def test_plain_text_emails_and_subjects_carry_titles_unescaped(
    client, contributor, trusted, editor, topic, sample_video, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = submit(contributor, sample_video, topic, title=TRICKY)
    client.force_login(trusted)
    client.post(action_url(page, "reject"), {"comment": "It's <nearly> there."})
    page = ClipPage.objects.get(pk=page.pk)
    emails.processing_failed(page=page)

    # Reviewers' "please review", the contributor's "changes requested" and the note.
    assert {m.to[0] for m in mail.outbox} >= {trusted.email, contributor.email}
    for message in mail.outbox:
        assert f'"{TRICKY}"' in message.subject, message.subject
        assert f'"{TRICKY}"' in message.body, message.body
        for text in (message.subject, message.body):
            assert "&#x27;" not in text and "&lt;" not in text and "&amp;" not in text
    assert any("It's <nearly> there." in m.body for m in mail.outbox)
