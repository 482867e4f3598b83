"""Telling people: create notifications, send the e-mails each person chose, mark as read.

``notify`` is the one way in. It drops the actor (nobody is told about their own act),
inactive accounts and anyone who may not see the clip or topic the news is about, so a
restricted clip's discussion never leaks through a notification. E-mails go after the
transaction commits: at once for "e-mail at once", in one daily message for "digest".
"""

import logging
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from contributions.emails import email_send
from contributions.visibility import clip_visible, page_visible

from .models import Delivery, Kind, Notification, NotificationPreference

logger = logging.getLogger(__name__)


def _may_see(user, clip, topic) -> bool:
    if clip is not None and not clip_visible(user, clip):
        return False
    return topic is None or page_visible(user, topic)


def _deliveries(user_ids: list[int], kind: str) -> dict[int, str]:
    chosen = NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind)
    return dict(chosen.values_list("user_id", "delivery"))


def notify(
    *,
    recipients: Iterable,
    kind: Kind,
    text: str,
    url: str = "",
    actor=None,
    clip=None,
    topic=None,
) -> list[Notification]:
    """Tell each recipient (users or ids) once; returns the notifications made."""
    ids = {getattr(r, "pk", r) for r in recipients if r is not None}
    ids.discard(getattr(actor, "pk", None))
    if not ids:
        return []
    users = list(get_user_model().objects.filter(pk__in=ids, is_active=True))
    users = [user for user in users if _may_see(user, clip, topic)]
    deliveries = _deliveries([user.pk for user in users], kind)
    made = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=kind,
            text=text[:500],
            url=url[:500],
            actor=actor,
            clip=clip,
            topic=topic,
            delivery=deliveries.get(user.pk, Delivery.SITE),
        )
        for user in users
    )
    at_once = [n.pk for n in made if n.delivery == Delivery.IMMEDIATE]
    if at_once:
        transaction.on_commit(lambda: emails_send_now(ids=at_once))
    return made


def emails_send_now(*, ids: list[int]) -> int:
    """E-mail the given "at once" notifications not yet sent; returns how many went."""
    pending = Notification.objects.filter(
        pk__in=ids, delivery=Delivery.IMMEDIATE, emailed_at__isnull=True
    ).select_related("recipient")
    sent = 0
    for notification in pending:
        if email_send(
            to=notification.recipient,
            template="notifications/emails/notification",
            context={"notification": notification},
        ):
            Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
            sent += 1
    return sent


def digests_send() -> int:
    """One e-mail per person with their digest notifications not yet sent; returns e-mails sent.

    Run daily (``manage.py send_notification_digests``, e.g. from cron); a second run the same
    day sends nothing, since every notification it covered is stamped.
    """
    pending = (
        Notification.objects.filter(delivery=Delivery.DIGEST, emailed_at__isnull=True)
        .select_related("recipient")
        .order_by("recipient_id", "created_at")
    )
    by_user: dict[int, list[Notification]] = {}
    for notification in pending:
        by_user.setdefault(notification.recipient_id, []).append(notification)
    sent = 0
    for items in by_user.values():
        if email_send(
            to=items[0].recipient,
            template="notifications/emails/digest",
            context={"notifications": items},
        ):
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(
                emailed_at=timezone.now()
            )
            sent += 1
    return sent


def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or the given ones) read; returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def preferences_save(*, user, choices: dict[str, str]) -> None:
    """Store the person's delivery choice for each kind given."""
    with transaction.atomic():
        for kind, delivery in choices.items():
            NotificationPreference.objects.update_or_create(
                user=user, kind=Kind(kind), defaults={"delivery": Delivery(delivery)}
            )
