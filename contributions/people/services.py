"""What changes for people: profiles, levels (earned by activity or set by hand), follows
between people, and the community events the dashboard counts. Each verb is one transaction."""

from datetime import datetime

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from .ladder import LEVEL_GROUPS, earned_level, level_rank, thresholds
from .models import (
    CommunityEvent,
    EventKind,
    LadderSettings,
    Level,
    LevelChange,
    PersonFollow,
    Profile,
)


def profile_get(user, *, for_update: bool = False) -> Profile:
    """The user's profile, created on first use."""
    qs = Profile.objects.select_for_update() if for_update else Profile.objects
    profile, _ = qs.get_or_create(user=user)
    return profile


def _sync_groups(user, level: Level) -> None:
    wanted = {name for lvl, name in LEVEL_GROUPS.items() if level_rank(lvl) <= level_rank(level)}
    # Groups are cumulative: an editor is also in the groups of every level below.
    for name in LEVEL_GROUPS.values():
        group, _ = Group.objects.get_or_create(name=name)
        if name in wanted:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    if hasattr(user, "_hubbub_groups"):
        del user._hubbub_groups


def level_set(*, user, level: str, reason: str, changed_by=None) -> Profile:
    """Put a user at a level, record why, and match their groups. A no-op if unchanged."""
    level = Level(level)
    with transaction.atomic():
        profile = profile_get(user, for_update=True)
        if profile.level == level:
            _sync_groups(user, level)
            return profile
        LevelChange.objects.create(
            user=user,
            from_level=profile.level,
            to_level=level,
            reason=reason[:255],
            changed_by=changed_by,
        )
        profile.level = level
        profile.level_changed_at = timezone.now()
        profile.save(update_fields=["level", "level_changed_at"])
        _sync_groups(user, level)
    return profile


def _held_down_by_hand(user, profile: Profile) -> bool:
    """True when an editor's demotion put the user at their current level.

    Activity alone must not undo it (a demoted trusted contributor still has their three
    approvals); only another change by hand lifts them again.
    """
    last = (
        LevelChange.objects.filter(user=user)
        .only("to_level", "from_level", "changed_by")
        .order_by("-created_at", "-pk")
        .first()
    )
    return bool(
        last is not None
        and last.changed_by_id is not None
        and last.to_level == profile.level
        and level_rank(last.to_level) < level_rank(last.from_level)
    )


def level_recompute(
    *, user, reason: str, profile: Profile | None = None, settings: LadderSettings | None = None
) -> Profile:
    """Promote a user whose activity has earned a higher level; never demotes by itself.

    Call inside the transaction of the action that may earn it (a rating, an approval).
    ``profile``, when given, is the user's profile already locked in that transaction, and
    ``settings`` the ladder's thresholds already read (a rating passes both: no re-reads).
    """
    if profile is None:
        profile = profile_get(user, for_update=True)
    earned = earned_level(
        ratings_count=profile.ratings_count,
        approved_count=profile.approved_count,
        settings=settings or thresholds(),
    )
    if level_rank(earned) > level_rank(profile.level) and not _held_down_by_hand(user, profile):
        return level_set(user=user, level=earned, reason=reason)
    return profile


def person_follow(*, user, person) -> PersonFollow:
    """Follow a person (idempotent); following yourself is refused."""
    if user.pk == person.pk:
        raise ValueError("You cannot follow yourself.")
    with transaction.atomic():
        follow, created = PersonFollow.objects.get_or_create(follower=user, followed=person)
        if created:
            event_record(kind=EventKind.PERSON_FOLLOW, actor=user, target_user=person)
    return follow


def person_unfollow(*, user, person) -> bool:
    with transaction.atomic():
        deleted, _ = PersonFollow.objects.filter(follower=user, followed=person).delete()
    return bool(deleted)


def profile_update(*, user, display_name: str, bio: str) -> Profile:
    """Change what a person says about themselves (their level is not theirs to change)."""
    with transaction.atomic():
        profile = profile_get(user, for_update=True)
        profile.display_name = display_name.strip()[:120]
        profile.bio = bio.strip()[:1000]
        profile.save(update_fields=["display_name", "bio"])
    return profile


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
