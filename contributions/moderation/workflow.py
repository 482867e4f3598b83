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
2. **Four eyes** (the rules are ``clips.four_eyes``). Nobody approves their own
   submission, and nobody approves two stages of one: ``get_actions`` offers them no
   action, the dashboard lists none of those pages, and the editor is not opened for
   their own page as a reviewer, even when they are in the task's group (a trusted
   contributor is a peer reviewer; an editor may contribute too).
3. **Reviewers only act on ready clips.** The workflow starts in the same transaction as
   the upload, but the video is processed afterwards. While it is not ``ready`` the stage
   is started quietly (no "submitted" email), reviewers get no actions and their dashboard
   does not list it. When processing finishes, ``contributions.emails`` sends Wagtail's
   usual "submitted" notification for the waiting stage; when it fails, the contributor
   is told to replace the video, and reviewers never see it.

Wagtail's action views check ``get_actions`` before acting, and ``on_action`` checks again
under the page's row lock, so a crafted POST (which reaches us with a plain ``Page``, not a
``ClipPage``) is refused the same way. Readiness is therefore looked up by page id, never
read from attributes only the specific page has. The blocked pages are read once per task
object and user, so Wagtail's review panel costs the same for one row or fifty.
"""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models.functions import Cast
from wagtail.models import AbstractGroupApprovalTask, Page, TaskState

from clips import four_eyes

from ..people.models import Level, Profile

WORKFLOW_NAME = "Community contribution"
PEER_REVIEW = "Peer review"
EDITORIAL_APPROVAL = "Editorial approval"
TRUSTED_LEVELS = (Level.TRUSTED, Level.EDITOR)


def owner_is_trusted(page) -> bool:
    """True when the page's owner may skip peer review (trusted contributors and editors)."""
    if not page.owner_id:
        return False
    return Profile.objects.filter(user_id=page.owner_id, level__in=TRUSTED_LEVELS).exists()


def _unready_clips():
    """Clip pages whose video is still processing or failed to process (a queryset)."""
    from clips.models import ClipPage, ProcessingState

    return ClipPage.objects.filter(video__isnull=False).exclude(
        video__processing_state=ProcessingState.READY
    )


def unready_page_ids() -> set[int]:
    """Ids of every clip whose video is not ready, in one query (few: only those in flight)."""
    return set(_unready_clips().values_list("pk", flat=True))


def video_is_ready(page) -> bool:
    """False only for a clip whose video is still processing or failed to process.

    Looked up by page id, so a plain ``Page`` (what Wagtail's workflow views load) is
    checked exactly like a ``ClipPage``.
    """
    return not _unready_clips().filter(pk=page.pk).exists()


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

    def _blocked_page_ids(self, user) -> set[int]:
        """Pages this user may not act on here: not ready, or a stage of theirs already.

        Read once per task object and user: Wagtail's review panel asks ``get_actions``
        for every row with the same task object.
        """
        cache = self.__dict__.setdefault("_hubbub_blocked", {})
        if user.pk not in cache:
            cache[user.pk] = unready_page_ids() | four_eyes.pages_with_a_stage_approved_by(user)
        return cache[user.pk]

    def user_can_access_editor(self, obj, user):
        # Peer reviewers decide on the review screen (/contribute/review/); the full editor
        # (every field, every clip and person in its choosers) stays with editors.
        from clips.access import is_editor

        if four_eyes.is_own(obj, user) or not is_editor(user):
            return False
        return super().user_can_access_editor(obj, user)

    def user_can_lock(self, obj, user):
        return not four_eyes.is_own(obj, user) and super().user_can_lock(obj, user)

    def get_actions(self, obj, user):
        if four_eyes.is_own(obj, user) or obj.pk in self._blocked_page_ids(user):
            return []
        return super().get_actions(obj, user)

    def on_action(self, task_state, user, action_name, **kwargs):
        """Act under the page's row lock, after checking again with what is committed now.

        The lock serialises a final approval with the contributor's withdraw or resubmit
        (``contributions.moderation.services``), which take the same lock.
        """
        with transaction.atomic():
            page_id = int(task_state.workflow_state.object_id)
            page = Page.objects.select_for_update().filter(pk=page_id).first()
            if page is None:
                raise PermissionDenied("This submission no longer exists.")
            self.__dict__.pop("_hubbub_blocked", None)
            allowed = {name for name, _label, _modal in self.get_actions(page, user)}
            if action_name not in allowed:
                raise PermissionDenied("You may not do this at this stage.")
            return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if not user.is_authenticated:
            return states
        own = _page_ids_as_text(Page.objects.filter(owner=user))
        blocked = [str(pk) for pk in self._blocked_page_ids(user)]
        return states.exclude(workflow_state__object_id__in=own).exclude(
            workflow_state__object_id__in=blocked
        )

    @classmethod
    def get_description(cls):
        return (
            "Members of the chosen groups approve this stage; nobody approves their own "
            "submission, and trusted contributors can skip it."
        )
