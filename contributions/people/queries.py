"""Reads about people: where someone stands on the ladder, their clips, whom they follow."""

from django.db.models import Q

from clips.authorship import made_by_q
from clips.models import ClipPage
from clips.queries import attach_topics, clip_cards, sort_clips

from .ladder import can_contribute, ladder_progress, next_step, thresholds
from .models import Level, PersonFollow, Profile
from .services import profile_get


def ladder_summary(profile: Profile, *, own: bool = True, settings=None) -> str:
    """One sentence on where someone stands and what their next step takes.

    For a learner it counts what they did and what is left ("You have rated 3 clips; rate
    2 more to start contributing."), using the thresholds editors set.
    """
    settings = settings or thresholds()
    step = next_step(profile, settings)
    if profile.level != Level.LEARNER:
        return step if own else ""
    rated = profile.ratings_count
    noun = "clip" if rated == 1 else "clips"
    done = f"You have rated {rated} {noun}" if own else f"Has rated {rated} {noun}"
    if not own:
        return f"{done}."
    return f"{done}; {step[0].lower()}{step[1:]}"


def clips_by(*, user, viewer=None, limit: int = 24):
    """Clips the viewer may see that a person presented or contributed, newest first."""
    clips = clip_cards(viewer=viewer).filter(made_by_q(user))
    return attach_topics(sort_clips(clips, "newest")[:limit])


def clip_count_by(*, user, viewer=None) -> int:
    """How many of a person's clips the viewer may see: all, not only the ones listed."""
    return clip_cards(viewer=viewer).filter(made_by_q(user)).count()


def followed_people(*, user) -> list:
    return [
        f.followed
        for f in PersonFollow.objects.filter(follower=user, followed__is_active=True)
        .select_related("followed", "followed__profile")
        .order_by("followed__username")
    ]


def people_feed(*, people: list, viewer, limit: int = 8) -> list[ClipPage]:
    """The newest live clips presented or contributed by the given people, as ``viewer`` may
    see them (fixed queries)."""
    if not people:
        return []
    ids = [person.pk for person in people]
    clips = clip_cards(viewer=viewer).filter(
        Q(presenter_id__in=ids) | Q(owner_id__in=ids, origin="community")
    )
    return attach_topics(sort_clips(clips, "newest")[:limit])


def is_following_person(*, user, person) -> bool:
    if not user.is_authenticated:
        return False
    return PersonFollow.objects.filter(follower=user, followed=person).exists()


def ladder_part(user) -> dict:
    """Your level and next step on the ladder (also sent back after each rating)."""
    profile = profile_get(user)
    ladder = thresholds()
    return {
        "level": profile.level,
        "level_label": Level(profile.level).label,
        "ratings_count": profile.ratings_count,
        "can_contribute": can_contribute(profile.level),
        "message": ladder_summary(profile, settings=ladder),
        "progress": ladder_progress(profile, ladder),
    }
