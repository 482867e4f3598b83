"""seed_hub gives the demo a lively people-to-people side, once."""

import io

import pytest
from django.core.management import call_command

from contributions.discussion import queries
from contributions.discussion.models import Comment, Flag, TopicExpert
from contributions.models import PersonFollow
from contributions.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db

FAST = ("--video-seconds", "1", "--workers", "1", "-v", "0", "--clips", "6")


def seed() -> str:
    out = io.StringIO()
    call_command("seed_hub", *FAST, stdout=out)
    return out.getvalue()


def test_the_demo_has_discussion_questions_a_clip_wanted_and_notifications_once(client):
    output = seed()
    assert "comments and questions" in output
    questions = Comment.objects.questions()
    assert Comment.objects.filter(moment__isnull=False, kind="comment").exists()
    assert Comment.objects.filter(parent__isnull=False).exists()
    assert questions.filter(answered_at__isnull=False).exists()
    assert questions.filter(answered_at__isnull=True).count() >= 2
    assert Comment.objects.filter(accepted_at__isnull=False, is_answer=True).exists()
    assert len(queries.clips_wanted()) == 1
    assert TopicExpert.objects.filter(user__username="trusted").exists()
    assert Flag.objects.filter(decision__isnull=True).count() == 1
    assert PersonFollow.objects.filter(follower__username="learner").exists()
    learner_news = set(
        Notification.objects.filter(recipient__username="learner").values_list("kind", flat=True)
    )
    assert {Kind.REPLY, Kind.ANSWER} <= learner_news
    assert Notification.objects.filter(recipient__username="trusted", kind=Kind.QUESTION).exists()

    before = (Comment.objects.count(), Notification.objects.count(), Flag.objects.count())
    seed()
    assert (Comment.objects.count(), Notification.objects.count(), Flag.objects.count()) == before

    client.login(username="contributor", password="learn-and-share")
    assert (
        "Could someone record how the first payroll works?"
        in client.get("/contribute/").content.decode()
    )
