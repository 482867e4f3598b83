"""The verbs of the community. Each is one transaction, called alike by views, commands, tasks.

Split by subject; import from here (``from contributions import services``).
"""

from .ladder import level_recompute, level_set, profile_get
from .submissions import (
    SubmissionError,
    submission_create,
    submission_resubmit,
    submission_withdraw,
)

__all__ = [
    "SubmissionError",
    "level_recompute",
    "level_set",
    "profile_get",
    "submission_create",
    "submission_resubmit",
    "submission_withdraw",
]
