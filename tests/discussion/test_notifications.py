"""Notifications: one per event, the bell's count via /me/, read marks, e-mail only when chosen."""

import pytest
from django.core import mail
from django.core.management import call_command

from contributions.activity.services import topic_follow
from contributions.discussion import services
from contributions.models import Level
from contributions.notifications.models import Delivery, Kind, Notification
from contributions.notifications.services import preferences_save
from contributions.people.services import level_set, person_follow, profile_get
from tests.contributions.moderation_helpers import act, submit
from tests.factories import clip_make

pytestmark = pytest.mark.django_db


def kinds_for(user, *, promotions: bool = False) -> list[str]:
    """The user's notifications' kinds; fixtures promote people, so promotions only on request."""
    qs = Notification.objects.filter(recipient=user)
    if not promotions:
        qs = qs.exclude(kind=Kind.PROMOTION)
    return list(qs.values_list("kind", flat=True))


def test_a_reply_to_your_comment_notifies_you_and_not_the_replier(clip, learner, contributor):
    top = services.comment_post(author=learner, clip=clip, body="Nice")
    services.reply_post(author=contributor, parent=top, body="Agreed")
    assert kinds_for(learner) == [Kind.REPLY]
    assert kinds_for(contributor) == []
    services.reply_post(author=learner, parent=top, body="Thanks")  # your own thread: no news
    assert kinds_for(learner) == [Kind.REPLY]


def test_the_bell_count_comes_from_me_and_marking_read_clears_it(
    client, clip, learner, contributor
):
    top = services.comment_post(author=learner, clip=clip, body="Nice")
    services.reply_post(author=contributor, parent=top, body="One")
    services.reply_post(author=contributor, parent=top, body="Two")
    assert "notifications" not in me(client)
    client.force_login(learner)
    Notification.objects.filter(kind=Kind.PROMOTION).delete()
    assert me(client)["notifications"]["unread"] == 2
    listing = client.get("/notifications/").content.decode()
    assert "replied to your comment" in listing
    first = Notification.objects.filter(recipient=learner).first()
    client.post("/notifications/read/", {"id": first.pk})
    assert me(client)["notifications"]["unread"] == 1
    client.post("/notifications/read/")
    assert me(client)["notifications"]["unread"] == 0
    client.force_login(contributor)
    client.post("/notifications/read/", {"id": first.pk})  # someone else's: untouched
    first.refresh_from_db()
    assert first.recipient_id == learner.pk


def test_the_header_has_a_bell_that_fills_in_from_me(client, clip, learner):
    client.force_login(learner)
    page = client.get(clip.url).content.decode()
    assert 'class="bell" data-bell hidden' in page
    assert "notifications/bell.js" in page


def me(client) -> dict:
    """The page's one /me/ answer, as its scripts ask for it."""
    return client.get("/me/", HTTP_ACCEPT="application/json").json()


def test_notification_text_is_escaped_on_the_page_and_in_e_mails(
    client, clip, learner, contributor, django_capture_on_commit_callbacks
):
    contributor.first_name = "<img src=x onerror=alert(1)>"
    contributor.save()
    preferences_save(user=learner, choices={Kind.REPLY: Delivery.IMMEDIATE})
    with django_capture_on_commit_callbacks(execute=True):
        top = services.comment_post(author=learner, clip=clip, body="Nice")
        services.reply_post(author=contributor, parent=top, body="<script>x()</script>")
    client.force_login(learner)
    listing = client.get("/notifications/").content.decode()
    assert "<img src=x" not in listing and "&lt;img src=x" in listing
    assert "<script>x()</script>" not in listing
    html = mail.outbox[-1].alternatives[0][0]
    assert "<img src=x" not in html and "<script>x()" not in html


def test_e_mails_go_only_to_people_who_chose_them(
    clip, learner, contributor, presenter, django_capture_on_commit_callbacks
):
    preferences_save(user=learner, choices={Kind.REPLY: Delivery.IMMEDIATE})
    preferences_save(user=presenter, choices={Kind.QUESTION: Delivery.DIGEST})
    with django_capture_on_commit_callbacks(execute=True):
        top = services.comment_post(author=learner, clip=clip, body="Nice")
        services.reply_post(author=contributor, parent=top, body="Reply for you")
        services.comment_post(author=contributor, clip=clip, body="Comment, no news")
        services.comment_post(author=learner, clip=clip, body="Question?", question=True)
    assert [m.to for m in mail.outbox] == [[learner.email]]
    assert "replied to your comment" in mail.outbox[0].body
    assert Notification.objects.filter(recipient=presenter, kind=Kind.QUESTION).count() == 1

    mail.outbox.clear()
    call_command("send_notification_digests", stdout=open("/dev/null", "w"))
    assert [m.to for m in mail.outbox] == [[presenter.email]]
    assert "Question?" in mail.outbox[0].body
    call_command("send_notification_digests", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1  # nothing is sent twice


def test_people_choose_per_kind_on_the_settings_page(client, learner):
    client.force_login(learner)
    page = client.get("/notifications/settings/").content.decode()
    assert "Replies to your comments" in page and "Daily e-mail digest" in page
    choices = {kind: Delivery.SITE for kind in Kind.values}
    choices[Kind.ANSWER] = Delivery.DIGEST
    assert client.post("/notifications/settings/", choices).status_code == 302
    assert learner.notification_preferences.get(kind=Kind.ANSWER).delivery == Delivery.DIGEST


def test_a_promotion_notifies_the_person(learner):
    level_set(user=learner, level=Level.CONTRIBUTOR, reason="rated 5 clips")
    assert kinds_for(learner, promotions=True) == [Kind.PROMOTION]
    assert "contributor" in Notification.objects.get(recipient=learner).text


def test_a_submissions_stage_changes_notify_its_contributor(
    contributor, topic, sample_video, editor, django_capture_on_commit_callbacks
):
    from tests.contributions.moderation_helpers import person

    peer = person(Level.TRUSTED, username="peer", email="peer@example.com")
    with django_capture_on_commit_callbacks(execute=True):  # the video is processed
        page = submit(contributor, sample_video, topic)
    texts = list(
        Notification.objects.filter(recipient=contributor, kind=Kind.SUBMISSION).values_list(
            "text", flat=True
        )
    )
    assert any("now in Peer review" in text for text in texts)
    act(page, peer, "approve")
    act(page, editor, "approve")
    texts = list(
        Notification.objects.filter(recipient=contributor, kind=Kind.SUBMISSION).values_list(
            "text", flat=True
        )
    )
    assert any("Editorial approval" in text for text in texts)
    assert any("approved and published" in text for text in texts)


def test_a_new_clip_notifies_followers_of_its_topic_and_of_its_presenter(
    topic, presenter, learner, contributor, editor
):
    person_follow(user=learner, person=presenter)
    topic_follow(user=contributor, topic=topic)
    clip_make(topic, title="Brand new", presenter=presenter)
    assert kinds_for(learner) == [Kind.NEW_CLIP]
    assert kinds_for(contributor) == [Kind.NEW_CLIP]
    assert kinds_for(editor) == []
    assert kinds_for(presenter) == []


def test_e_mails_greet_people_by_the_name_the_site_shows(
    clip, learner, contributor, django_capture_on_commit_callbacks
):
    learner.first_name = "Account Name"
    learner.save()
    profile = profile_get(learner)
    profile.display_name = "Chosen <Name>"
    profile.save()
    preferences_save(user=learner, choices={Kind.REPLY: Delivery.IMMEDIATE})
    with django_capture_on_commit_callbacks(execute=True):
        top = services.comment_post(author=learner, clip=clip, body="Nice")
        services.reply_post(author=contributor, parent=top, body="Reply for you")
    message = mail.outbox[-1]
    assert message.body.startswith("Hello Chosen <Name>,")
    assert "<p>Hello Chosen &lt;Name&gt;,</p>" in message.alternatives[0][0]
