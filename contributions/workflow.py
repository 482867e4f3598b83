"""The moderation stages: a group approval task that knows about contributors.

How "Community contribution" works
----------------------------------
The workflow has two tasks of this one type, "Peer review" (group Peer reviewers,
``skip_for_trusted_owner`` on) and "Editorial approval" (group Editors). Everything else is
Wagtail's own workflow machinery: reviewers approve or request changes with the admin's
workflow actions, Wagtail's notifiers email reviewers and the contributor, and finishing
the workflow publishes the latest revision.

Three rules are added on top of ``AbstractGroupApprovalTask``:

1. **Trusted contributors skip peer review.** ``start()`` looks at the page's *owner* (the
   contributor, not whoever pressed the button) and, when they are trusted or an editor,
   records the task state as ``skipped`` instead of waiting. Wagtail counts skipped task
   states as done, so ``WorkflowState.update()`` moves straight on to "Editorial approval"
   in the same transaction. The skip is visible in the history like any other stage.
2. **Nobody approves their own submission.** ``get_actions`` offers no action, the
   dashboard lists none of their own pages, and the editor is not opened for them as a
   reviewer, even when they are in the task's group (a trusted contributor is a peer
   reviewer; an editor may contribute too). Wagtail's action views check ``get_actions``
   before doing anything, so a crafted POST is refused as well.
3. **Reviewers only see ready clips.** The workflow starts in the same transaction as the
   upload, but the video is processed afterwards. While it is not ``ready`` the stage is
   started quietly (no "submitted" email), reviewers get no actions and their dashboard
   does not list it. When processing finishes, ``contributions.emails`` sends Wagtail's
   usual "submitted" notification for the waiting stage; when it fails, the contributor
   is told to replace the video, and reviewers never see it.
"""

from django.db import models
from django.db.models.functions import Cast
from django.dispatch import receiver
from wagtail.models import AbstractGroupApprovalTask, TaskState, WorkflowState
from wagtail.signals import workflow_approved

from .models import Level, Profile

WORKFLOW_NAME = "Community contribution"
PEER_REVIEW = "Peer review"
EDITORIAL_APPROVAL = "Editorial approval"
TRUSTED_LEVELS = (Level.TRUSTED, Level.EDITOR)


def owner_is_trusted(page) -> bool:
    """True when the page's owner may skip peer review (trusted contributors and editors)."""
    if not page.owner_id:
        return False
    return Profile.objects.filter(user_id=page.owner_id, level__in=TRUSTED_LEVELS).exists()


def video_is_ready(page) -> bool:
    """False only for a clip whose video is still processing or failed to process."""
    from clips.models import ClipMedia, ProcessingState

    video_id = getattr(page, "video_id", None)
    if not video_id:
        return True
    return ClipMedia.objects.filter(pk=video_id, processing_state=ProcessingState.READY).exists()


def _page_ids_as_text(queryset):
    """Page ids as the text that ``WorkflowState.object_id`` holds."""
    return queryset.annotate(id_text=Cast("pk", models.CharField(max_length=255))).values("id_text")


class CommunityReviewTask(AbstractGroupApprovalTask):
    """A moderation stage: group approval that skips trusted owners and never self-approves."""

    skip_for_trusted_owner = models.BooleanField(
        default=False,
        help_text="Skip this stage when the page's owner is a trusted contributor or editor.",
    )

    admin_form_fields = AbstractGroupApprovalTask.admin_form_fields + ["skip_for_trusted_owner"]

    class Meta:
        verbose_name = "community review task"
        verbose_name_plural = "community review tasks"

    def start(self, workflow_state, user=None):
        page = workflow_state.content_object.specific
        if self.skip_for_trusted_owner and owner_is_trusted(page):
            return self._record_state(workflow_state, TaskState.STATUS_SKIPPED)
        if not video_is_ready(page):
            # Started quietly: contributions.emails.stage_ready() announces it when the
            # video has been processed.
            return self._record_state(workflow_state, TaskState.STATUS_IN_PROGRESS)
        return super().start(workflow_state, user=user)

    def _record_state(self, workflow_state, status):
        task_state = self.get_task_state_class()(workflow_state=workflow_state)
        task_state.status = status
        task_state.revision = workflow_state.content_object.get_latest_revision()
        task_state.task = self
        if status != TaskState.STATUS_IN_PROGRESS:
            task_state.comment = "Skipped: the contributor is trusted."
        task_state.save()
        return task_state

    @staticmethod
    def _is_owner(obj, user) -> bool:
        return bool(user.is_authenticated and getattr(obj, "owner_id", None) == user.pk)

    def user_can_access_editor(self, obj, user):
        # Peer reviewers decide on the review screen (/contribute/review/); the full editor
        # (every field, every clip and person in its choosers) stays with editors.
        from clips.access import is_editor

        if self._is_owner(obj, user) or not is_editor(user):
            return False
        return super().user_can_access_editor(obj, user)

    def user_can_lock(self, obj, user):
        return not self._is_owner(obj, user) and super().user_can_lock(obj, user)

    def get_actions(self, obj, user):
        if self._is_owner(obj, user) or not video_is_ready(obj):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from wagtail.models import Page

        from clips.models import ClipPage, ProcessingState

        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if not user.is_authenticated:
            return states
        own = _page_ids_as_text(Page.objects.filter(owner=user))
        not_ready = _page_ids_as_text(
            ClipPage.objects.filter(video__isnull=False).exclude(
                video__processing_state=ProcessingState.READY
            )
        )
        return states.exclude(workflow_state__object_id__in=own).exclude(
            workflow_state__object_id__in=not_ready
        )

    @classmethod
    def get_description(cls):
        return (
            "Members of the chosen groups approve this stage; nobody approves their own "
            "submission, and trusted contributors can skip it."
        )


@receiver(workflow_approved, sender=WorkflowState, dispatch_uid="contributions_workflow_approved")
def credit_approved_contribution(sender, instance, user=None, **kwargs):
    """Wagtail finished a workflow (and published the page): credit the contributor."""
    from .services.submissions import submission_approved

    submission_approved(workflow_state=instance)
