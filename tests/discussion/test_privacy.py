"""A restricted clip's discussion is as private as the clip: pages, notifications, search, API."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from contributions.discussion import services
from contributions.discussion.models import DiscussionSettings, TopicExpert
from contributions.models import Level
from contributions.notifications.models import Notification
from tests.contributions.moderation_helpers import person
from tests.factories import clip_make, topic_make

pytestmark = pytest.mark.django_db

SECRET = "Where is the merger data room"


@pytest.fixture
def insiders(db):
    return Group.objects.create(name="Board")


@pytest.fixture
def restricted(insiders, presenter):
    topic = topic_make("Board matters")
    restriction = PageViewRestriction.objects.create(
        page=topic, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(insiders)
    return clip_make(topic, title="Quarterly plan", presenter=presenter), topic


@pytest.fixture
def people(insiders, presenter):
    presenter.groups.add(insiders)
    asker = person(Level.CONTRIBUTOR, username="insider", email="insider@example.com")
    asker.groups.add(insiders)
    outsider = person(Level.CONTRIBUTOR, username="outsider", email="out@example.com")
    return asker, outsider


def test_a_question_under_a_restricted_topic_stays_with_the_people_allowed_there(
    client, restricted, people, presenter, topic, clip
):
    restricted_clip, restricted_topic = restricted
    asker, outsider = people
    TopicExpert.objects.create(topic=restricted_topic, user=outsider)  # named, but not allowed
    question = services.comment_post(author=asker, clip=restricted_clip, body=SECRET, question=True)
    services.reply_post(author=presenter, parent=question, body="Room 12")
    limits = DiscussionSettings.current()
    limits.votes_for_clip_wanted = 1
    limits.save()
    still_open = services.comment_post(
        author=asker, clip=restricted_clip, body=f"{SECRET}, still?", question=True
    )
    services.question_vote(user=asker, question=still_open)

    # Notifications: the presenter (allowed) is told, the outsider expert is not.
    about_it = Notification.objects.filter(clip=restricted_clip)
    assert about_it.filter(recipient=presenter).exists()
    assert not about_it.filter(recipient=outsider).exists()

    for who in (None, outsider):
        if who is None:
            client.logout()
        else:
            client.force_login(who)
        assert client.get(f"/discussion/{question.pk}/").status_code == 404
        assert SECRET not in client.get(restricted_clip.url).content.decode()
        assert SECRET not in client.get(f"/people/{presenter.username}/").content.decode()
        assert SECRET not in client.get("/search/?q=merger+data+room").content.decode()
        api = client.get("/api/v2/pages/?type=clips.ClipPage&fields=*&search=merger").content
        assert SECRET.encode() not in api
        if who is not None:
            assert SECRET not in client.get("/contribute/").content.decode()
            assert SECRET not in client.get("/notifications/").content.decode()
            refused = client.post(f"/discussion/{question.pk}/reply/", {"body": "Let me in"})
            assert refused.status_code == 404
            with pytest.raises(services.DiscussionError):
                services.comment_post(author=who, clip=restricted_clip, body="Hi")

    client.force_login(asker)
    assert SECRET in client.get(f"/discussion/{question.pk}/").content.decode()
    assert SECRET in client.get(restricted_clip.url).content.decode()
    assert SECRET in client.get("/contribute/").content.decode()
    client.force_login(presenter)
    assert "asked a question" in client.get("/notifications/").content.decode()


def test_the_public_topic_list_leaves_out_questions_on_restricted_clips(
    client, topic, presenter, insiders, people
):
    asker, _ = people
    hidden_clip = clip_make(topic, title="Private one", presenter=presenter)
    restriction = PageViewRestriction.objects.create(
        page=hidden_clip, restriction_type=PageViewRestriction.LOGIN
    )
    assert restriction.pk
    services.comment_post(author=asker, clip=hidden_clip, body=SECRET, question=True)
    assert SECRET not in client.get(topic.url).content.decode()
