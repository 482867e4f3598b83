"""People: the profile a person edits, and where they stand on the ladder."""

from django.db import transaction

from clips.authorship import made_by_q
from clips.queries import attach_topics, clip_cards, sort_clips

from .ladder import next_step, thresholds
from .models import Level, Profile
from .services import profile_get


def profile_update(*, user, display_name: str, bio: str) -> Profile:
    """Change what a person says about themselves (their level is not theirs to change)."""
    with transaction.atomic():
        profile = profile_get(user, for_update=True)
        profile.display_name = display_name.strip()[:120]
        profile.bio = bio.strip()[:1000]
        profile.save(update_fields=["display_name", "bio"])
    return profile


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
