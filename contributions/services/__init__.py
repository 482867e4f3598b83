"""The verbs of the community. Each is one transaction, called alike by views, commands, tasks.

Split by subject; import from here (``from contributions import services``).
"""

from .activity import (
    progress_save,
    topic_follow,
    topic_unfollow,
    view_record,
)
from .events import event_record
from .ladder import level_recompute, level_set, profile_get
from .people import profile_update
from .ratings import RatingError, RatingResult, rating_remove, rating_set
from .submissions import (
    SubmissionError,
    submission_create,
    submission_resubmit,
    submission_withdraw,
)

__all__ = [
    "RatingError",
    "RatingResult",
    "SubmissionError",
    "event_record",
    "level_recompute",
    "level_set",
    "profile_get",
    "profile_update",
    "progress_save",
    "rating_remove",
    "rating_set",
    "submission_create",
    "submission_resubmit",
    "submission_withdraw",
    "topic_follow",
    "topic_unfollow",
    "view_record",
]
