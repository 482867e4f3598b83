"""Reads: a person's notifications, their unread count and their choices."""

from contributions.visibility import exclude_blocked

from .models import Delivery, Kind, Notification, NotificationPreference


def notifications_for(user):
    """The person's notifications, newest first, without any about what they may no longer see."""
    qs = Notification.objects.filter(recipient=user).select_related("actor")
    return exclude_blocked(qs, user, "clip", "topic")


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return notifications_for(user).filter(read_at__isnull=True).count()


def preferences_of(user) -> dict[str, str]:
    """{kind: delivery} for every kind, site-only where the person chose nothing."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, Delivery.SITE) for kind in Kind.values}
