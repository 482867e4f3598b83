"""Views, watch progress and topic follows: what a learner does besides rating.

Each verb is one transaction; the reads the personal parts of the site show are in
``queries.py``.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from clips.models import ClipPage, ClipStats, TopicPage

from ..people.models import EventKind
from ..people.services import event_record
from .models import ClipView, TopicFollow, WatchProgress
from .ratings import stats_for_update

# A clip counts as watched once the viewer has seen this share of it.
COMPLETED_SHARE = 0.9
# Longest position we accept (a day); anything beyond is a broken or hostile client.
MAX_POSITION_SECONDS = 24 * 3600

# User agents that announce themselves as machines. Headless browsers and unknown agents
# are counted: a wrong "bot" guess would lose real viewers, a missed bot costs one view.
_BOT_UA = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|facebookexternalhit|embedly|preview|"
    r"curl/|wget/|python-requests|python-urllib|httpx|aiohttp|go-http-client|java/|libwww|"
    r"okhttp|axios|node-fetch|scrapy|pingdom|uptime|monitor",
    re.IGNORECASE,
)


def view_window() -> timedelta:
    """How long one viewer's repeated plays of a clip count as one view (settings)."""
    return timedelta(minutes=getattr(settings, "VIEW_WINDOW_MINUTES", 30))


def is_bot(user_agent: str) -> bool:
    return not user_agent.strip() or bool(_BOT_UA.search(user_agent))


def viewer_key(*, user_id=None, session_key=None, ip: str = "", user_agent: str = "") -> str:
    """A stable, non-reversible id for one viewer: the user, else the session, else IP + UA."""
    if user_id:
        basis = f"user:{user_id}"
    elif session_key:
        basis = f"session:{session_key}"
    else:
        basis = f"anon:{ip}|{user_agent[:300]}"
    return salted_hmac("hubbub.views", basis, algorithm="sha256").hexdigest()


def view_record(*, clip: ClipPage, viewer: str, user=None) -> bool:
    """Count a view unless this viewer was counted for this clip within the window.

    Returns whether the view was counted. The check runs again under the statistics row's
    lock, so two beacons from one viewer at the same moment still count once.
    """
    now = timezone.now()
    recent = ClipView.objects.filter(
        clip=clip, viewer_key=viewer, created_at__gt=now - view_window()
    )
    if recent.exists():
        return False
    with transaction.atomic():
        stats_for_update(clip)
        if recent.exists():
            return False
        ClipView.objects.create(
            clip=clip, user=user if user and user.is_authenticated else None, viewer_key=viewer
        )
        ClipStats.objects.filter(pk=clip.pk).update(
            view_count=F("view_count") + 1, last_activity_at=now
        )
    return True


def progress_save(
    *, user, clip: ClipPage, position: float, duration: float | None = None
) -> WatchProgress:
    """Remember where ``user`` is in ``clip``; at 90% it is completed (and stays so).

    The clip's own duration wins over what the browser reports, so a client cannot mark a
    clip completed early; the position is clamped into the clip.
    """
    known = clip.video.duration if clip.video_id and clip.video.duration else None
    length = float(known or duration or 0)
    position = max(0.0, min(float(position), MAX_POSITION_SECONDS))
    if length:
        position = min(position, length)
    reached = bool(length) and position >= COMPLETED_SHARE * length
    with transaction.atomic():
        progress, created = WatchProgress.objects.select_for_update().get_or_create(
            user=user,
            clip=clip,
            defaults={"position": position, "duration": length, "completed": reached},
        )
        if not created:
            progress.position = position
            progress.duration = length
            progress.completed = progress.completed or reached
            progress.save(update_fields=["position", "duration", "completed", "updated_at"])
    return progress


def topic_follow(*, user, topic: TopicPage) -> TopicFollow:
    """Follow a topic (idempotent: following twice keeps one row)."""
    with transaction.atomic():
        follow, created = TopicFollow.objects.get_or_create(user=user, topic=topic)
        if created:
            event_record(kind=EventKind.TOPIC_FOLLOW, actor=user, topic=topic)
    return follow


def topic_unfollow(*, user, topic: TopicPage) -> bool:
    """Stop following a topic; returns whether there was a follow to remove."""
    with transaction.atomic():
        deleted, _ = TopicFollow.objects.filter(user=user, topic=topic).delete()
    return bool(deleted)
