"""Four eyes on every publication: the rules, in one place.

- Nobody approves or publishes their own submission (the page's owner is its contributor).
- Nobody approves two stages of one submission, and whoever approved one stage does not
  publish it directly either (which would skip the second pair of eyes).
- Only the contributor and editors cancel a submission's moderation; a reviewer's "no" is
  "request changes", which the contributor sees and answers.

The workflow's tasks (``contributions.moderation.workflow``) ask these for their actions,
``ClipPage`` for its publish permission (Wagtail's ``permissions_for_user``, which every
publish path asks: the editor's "Publish", bulk actions, ``PublishPageRevisionAction``) and
the admin hooks for cancelling. Everything here reads Wagtail's own workflow models, so it holds
however the action arrives.
"""

from wagtail.models import PagePermissionTester, TaskState, WorkflowState

from clips.access import is_editor
from clips.choices import ClipOrigin


def is_own(page, user) -> bool:
    """The user is the page's owner: for a contribution, its contributor."""
    return bool(user.is_authenticated and page.owner_id and page.owner_id == user.pk)


def pages_with_a_stage_approved_by(user) -> set[int]:
    """Ids of pages in moderation one of whose current workflow's stages ``user`` approved.

    One query for all of them, so a review queue of any length costs the same.
    """
    if not user.is_authenticated:
        return set()
    ids = TaskState.objects.filter(
        status=TaskState.STATUS_APPROVED,
        finished_by=user,
        workflow_state__in=WorkflowState.objects.active(),
    ).values_list("workflow_state__object_id", flat=True)
    return {int(pk) for pk in ids if pk.isdigit()}


def approved_a_stage(page, user) -> bool:
    return page.pk in pages_with_a_stage_approved_by(user)


def is_submission(page) -> bool:
    """A clip contributed by the community (what moderation is for)."""
    return getattr(page, "origin", None) == ClipOrigin.COMMUNITY


def may_publish(page, user) -> bool:
    """Whether ``user`` may publish ``page`` themselves (on top of Wagtail's permissions)."""
    if not is_submission(page):
        return True
    return not is_own(page, user) and not approved_a_stage(page, user)


class SubmissionPermissionTester(PagePermissionTester):
    """Wagtail's page permissions, minus publishing a submission against the rules above."""

    def can_publish(self):
        return super().can_publish() and may_publish(self.page, self.user)


def may_cancel_moderation(workflow_state, user) -> bool:
    """The contributor (or whoever submitted) and editors; never another reviewer."""
    if not user.is_authenticated:
        return False
    page = workflow_state.content_object
    return (
        is_editor(user)
        or workflow_state.requested_by_id == user.pk
        or getattr(page, "owner_id", None) == user.pk
    )
