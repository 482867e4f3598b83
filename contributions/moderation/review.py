"""A reviewer's decision on a submission, made through Wagtail's own workflow actions.

``review_act`` does what the admin's "Approve" and "Request changes" buttons do: it asks the
current task which actions this person may take (``Task.get_actions``, where our workflow
rules live) and hands the decision to ``Task.on_action``. So the history, the e-mails, the
audit log and the admin's view of the page are the same whichever screen was used.
"""

from dataclasses import dataclass

from django.db import transaction

from clips.models import ClipPage

APPROVE = "approve"
REQUEST_CHANGES = "reject"


class ReviewError(Exception):
    """A decision that cannot be taken; the message is shown to the reviewer."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class ReviewOutcome:
    action: str
    message: str  # what the reviewer is told next ("Approved: now waiting for …")


def _allowed_actions(task, page, user) -> set[str]:
    return {name for name, _label, _needs_data in task.get_actions(page, user)}


def review_act(*, user, page: ClipPage, action: str, comment: str = "") -> ReviewOutcome:
    """Approve (``"approve"``) or request changes (``"reject"``, comment required)."""
    comment = comment.strip()
    if action not in (APPROVE, REQUEST_CHANGES):
        raise ReviewError("Choose to approve or to request changes.")
    if action == REQUEST_CHANGES and not comment:
        raise ReviewError("Say what should change, so the contributor can fix it.", field="comment")
    with transaction.atomic():
        # Lock the page row so two reviewers pressing at once cannot both act on one stage.
        page = ClipPage.objects.select_for_update().get(pk=page.pk)
        task_state = page.current_workflow_task_state
        if task_state is None:
            raise ReviewError("This submission is no longer waiting for review.")
        task = task_state.task.specific
        if action not in _allowed_actions(task, page, user):
            raise ReviewError("This submission is no longer waiting for your review.")
        stage = task.name
        task.on_action(task_state, user, action, comment=comment)
    page.refresh_from_db()
    if action == REQUEST_CHANGES:
        return ReviewOutcome(action, f"Changes requested at {stage}: the contributor is told.")
    if page.live:
        return ReviewOutcome(action, f"Approved and published: “{page.title}” is live.")
    next_task = page.current_workflow_task
    if next_task is not None:
        return ReviewOutcome(action, f"Approved: now waiting for {next_task.name.lower()}.")
    return ReviewOutcome(action, "Approved.")
