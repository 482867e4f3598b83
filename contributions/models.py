"""The community's models, by concern: ``activity`` (what learners do with clips), ``people``
(profiles, the ladder, events), ``moderation`` and ``workflow`` (the review stages)."""

from .activity.models import ClipView, Rating, TopicFollow, WatchProgress
from .moderation.models import ContributionCredit, ReviewSettings, UploadToken
from .moderation.workflow import CommunityReviewTask
from .people.models import (
    LEVEL_ORDER,
    CommunityEvent,
    EventKind,
    LadderSettings,
    Level,
    LevelChange,
    PersonFollow,
    Profile,
)

__all__ = [
    "LEVEL_ORDER",
    "ClipView",
    "CommunityEvent",
    "CommunityReviewTask",
    "ContributionCredit",
    "EventKind",
    "LadderSettings",
    "Level",
    "LevelChange",
    "Profile",
    "Rating",
    "PersonFollow",
    "ReviewSettings",
    "TopicFollow",
    "UploadToken",
    "WatchProgress",
]
