"""The community's models, by concern: ``activity`` (what learners do with clips), ``people``
(profiles, the ladder, events), ``moderation`` and ``workflow`` (the review stages)."""

from .activity import ClipView, PersonFollow, Rating, TopicFollow, WatchProgress
from .moderation import ContributionCredit, ReviewSettings, UploadToken
from .people import (
    LEVEL_ORDER,
    CommunityEvent,
    EventKind,
    LadderSettings,
    Level,
    LevelChange,
    Profile,
)
from .workflow import CommunityReviewTask

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
