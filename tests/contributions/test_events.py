"""People-to-people events: appended by the services that produce them, counted by kind."""

from datetime import timedelta

from django.utils import timezone

from contributions.activity.services import topic_follow, topic_unfollow
from contributions.models import CommunityEvent, EventKind
from contributions.people.services import event_record
from tests.factories import UserFactory


def test_following_a_topic_records_one_event_however_often_it_is_repeated(topic):
    user = UserFactory()
    topic_follow(user=user, topic=topic)
    topic_follow(user=user, topic=topic)
    topic_unfollow(user=user, topic=topic)
    topic_follow(user=user, topic=topic)

    events = CommunityEvent.objects.filter(kind=EventKind.TOPIC_FOLLOW, actor=user)
    assert [e.topic_id for e in events] == [topic.pk, topic.pk]


def test_an_event_can_be_placed_in_the_past_for_seeding_and_backfills(db):
    user = UserFactory()
    earlier = timezone.now() - timedelta(days=40)
    event = event_record(kind=EventKind.QUESTION, actor=user, at=earlier)
    event.refresh_from_db()
    assert event.created_at == earlier
    assert str(event).startswith("Asked a question at ")
