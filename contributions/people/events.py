"""Recording people-to-people events for the community dashboard."""

from datetime import datetime

from .models import CommunityEvent, EventKind


def event_record(
    *,
    kind: EventKind,
    actor=None,
    target_user=None,
    clip=None,
    topic=None,
    at: datetime | None = None,
) -> CommunityEvent:
    """Append one event; ``at`` lets seeding and backfills place it in the past."""
    event = CommunityEvent(kind=kind, actor=actor, target_user=target_user, clip=clip, topic=topic)
    if at is not None:
        event.created_at = at
    event.save()
    return event
