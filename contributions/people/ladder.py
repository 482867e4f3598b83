"""The participation ladder: levels, the groups that carry their permissions, thresholds."""

from clips.access import CONTRIBUTORS_GROUP, EDITORS_GROUP, REVIEWERS_GROUP

from .models import LEVEL_ORDER, LadderSettings, Level

# Each level above learner is a Django group (named in clips.access), so Wagtail's
# permissions and the workflow's group approval tasks follow the ladder without special cases.
LEVEL_GROUPS = {
    Level.CONTRIBUTOR: CONTRIBUTORS_GROUP,
    Level.TRUSTED: REVIEWERS_GROUP,
    Level.EDITOR: EDITORS_GROUP,
}


def level_rank(level: str) -> int:
    return LEVEL_ORDER.index(Level(level))


def thresholds() -> LadderSettings:
    return LadderSettings.load()


def earned_level(*, ratings_count: int, approved_count: int, settings: LadderSettings) -> Level:
    """The level that activity alone earns (editor is only ever granted by hand)."""
    if approved_count >= settings.approvals_to_trusted:
        return Level.TRUSTED
    if ratings_count >= settings.ratings_to_contribute:
        return Level.CONTRIBUTOR
    return Level.LEARNER


def can_contribute(level: str) -> bool:
    return level_rank(level) >= level_rank(Level.CONTRIBUTOR)


def next_step(profile, settings: LadderSettings) -> str:
    """What the user sees as their next step ("rate 2 more clips to start contributing")."""
    level = Level(profile.level)
    if level == Level.LEARNER:
        left = max(settings.ratings_to_contribute - profile.ratings_count, 0)
        noun = "clip" if left == 1 else "clips"
        return f"Rate {left} more {noun} to start contributing."
    if level == Level.CONTRIBUTOR:
        left = max(settings.approvals_to_trusted - profile.approved_count, 0)
        noun = "clip" if left == 1 else "clips"
        return (
            f"You can share clips now. Have {left} more {noun} approved to become a "
            "trusted contributor."
        )
    if level == Level.TRUSTED:
        return "You can review other people's clips; your own skip peer review."
    return "You are an editor."


def ladder_progress(profile, settings: LadderSettings) -> dict | None:
    """Progress to the next level for a bar with words ("2 of 5 ratings"); None at the top."""
    level = Level(profile.level)
    if level == Level.LEARNER:
        done, target, unit, goal = (
            profile.ratings_count,
            settings.ratings_to_contribute,
            "ratings",
            "Contributor: share your own clips",
        )
    elif level == Level.CONTRIBUTOR:
        done, target, unit, goal = (
            profile.approved_count,
            settings.approvals_to_trusted,
            "approved clips",
            "Trusted contributor: review others' clips",
        )
    else:
        return None
    done = min(done, target)
    return {
        "done": done,
        "target": target,
        "words": f"{done} of {target} {unit}",
        "goal": goal,
        "percent": round(100 * done / target) if target else 100,
    }
