"""Flags: anyone signed in reports; trusted flags hide pending review; editors decide."""

import pytest

from contributions.discussion import services
from contributions.discussion.models import Flag, FlagAction, FlagDecision
from contributions.models import CommunityEvent, EventKind
from tests.refusals import assert_sent_to_admin_home

pytestmark = pytest.mark.django_db


def flag(client, kind, pk, reason="spam", text=""):
    return client.post(f"/discussion/flag/{kind}/{pk}/", {"reason": reason, "text": text})


def test_anyone_signed_in_flags_a_comment_with_a_reason(client, clip, learner, contributor):
    comment = services.comment_post(author=learner, clip=clip, body="Buy now")
    assert flag(client, "comment", comment.pk).status_code == 302  # to sign in
    assert not Flag.objects.exists()
    client.force_login(contributor)
    other = flag(client, "comment", comment.pk, reason="other")
    assert other.status_code == 400 and "Say what is wrong" in other.content.decode()
    assert flag(client, "comment", comment.pk).status_code == 302
    assert flag(client, "comment", comment.pk).status_code == 302  # again: still one flag
    assert Flag.objects.get().reason == "spam"
    assert CommunityEvent.objects.filter(kind=EventKind.FLAG, actor=contributor).count() == 1


def test_trusted_flags_at_the_threshold_hide_a_comment_until_an_editor_restores_it(
    client, clip, learner, trusted_people, editor, django_capture_on_commit_callbacks
):
    comment = services.comment_post(author=learner, clip=clip, body="Doubtful claim")
    assert "Doubtful claim" in client.get(clip.url).content.decode()
    for person in trusted_people[:2]:
        services.flag_create(flagger=person, comment=comment, reason="inaccurate")
    comment.refresh_from_db()
    assert comment.hidden_at is None  # two of three
    services.flag_create(flagger=learner, comment=comment, reason="spam")  # not trusted
    comment.refresh_from_db()
    assert comment.hidden_at is None
    # The commit tells the pages that show the discussion (purged, their kept parts too).
    with django_capture_on_commit_callbacks(execute=True):
        services.flag_create(flagger=trusted_people[2], comment=comment, reason="inaccurate")
    comment.refresh_from_db()
    assert comment.hidden_at is not None
    assert "Doubtful claim" not in client.get(clip.url).content.decode()

    client.force_login(editor)
    queue = client.get("/admin/discussion/flags/").content.decode()
    assert "Doubtful claim" in queue and "Hidden pending review" in queue
    assert "Inaccurate" in queue and "trusty0" in queue and "(trusted)" in queue
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/discussion/flags/comment/{comment.pk}/", {"action": "dismiss", "note": "Fine"}
        )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.hidden_at is None
    decision = FlagDecision.objects.filter(action=FlagAction.DISMISS).get()
    assert decision.decided_by == editor and decision.note == "Fine"
    assert Flag.objects.filter(decision=decision).count() == 4
    assert "Doubtful claim" in client.get(clip.url).content.decode()
    assert "Doubtful claim" not in client.get("/admin/discussion/flags/").content.decode()


def test_an_editor_hides_a_flagged_comment_and_the_decision_is_recorded(
    clip, learner, contributor, editor
):
    comment = services.comment_post(author=learner, clip=clip, body="Insult")
    services.flag_create(flagger=contributor, comment=comment, reason="inappropriate")
    decided = services.flag_decide(editor=editor, comment=comment, action="hide", note="Rude")
    comment.refresh_from_db()
    assert comment.hidden_at is not None and comment.hidden_by == editor
    assert decided.flags == 1 and decided.decision.action == FlagAction.HIDE


def test_trusted_flags_unpublish_a_clip_and_an_editor_decides_to_keep_it_down_or_restore(
    client, clip, trusted_people, editor
):
    for person in trusted_people:
        services.flag_create(flagger=person, clip=clip, reason="inaccurate")
    clip.refresh_from_db()
    assert not clip.live
    assert client.get(clip.url).status_code == 404
    services.flag_decide(editor=editor, clip=clip, action="dismiss", note="Checked: correct")
    clip.refresh_from_db()
    assert clip.live
    assert client.get(clip.url).status_code == 200

    services.flag_create(flagger=trusted_people[0], clip=clip, reason="spam")
    services.flag_decide(editor=editor, clip=clip, action="unpublish", note="Really spam")
    clip.refresh_from_db()
    assert not clip.live


def test_only_editors_see_the_queue_and_decide(client, clip, learner, trusted_people):
    comment = services.comment_post(author=learner, clip=clip, body="Meh")
    services.flag_create(flagger=trusted_people[0], comment=comment, reason="spam")
    client.force_login(trusted_people[0])
    assert_sent_to_admin_home(client.get("/admin/discussion/flags/"))
    client.post(f"/admin/discussion/flags/comment/{comment.pk}/", {"action": "hide"})
    comment.refresh_from_db()
    assert comment.hidden_at is None
    with pytest.raises(services.DiscussionError):
        services.flag_decide(editor=trusted_people[0], comment=comment, action="hide")


def test_the_threshold_is_a_setting(clip, learner, trusted_people):
    from contributions.discussion.models import DiscussionSettings

    limits = DiscussionSettings.current()
    limits.trusted_flags_to_hide = 1
    limits.save()
    comment = services.comment_post(author=learner, clip=clip, body="Hmm")
    services.flag_create(flagger=trusted_people[0], comment=comment, reason="spam")
    comment.refresh_from_db()
    assert comment.hidden_at is not None
