"""Wagtail's "Awaiting your review" panel, with its rows loaded in a fixed number of queries.

Wagtail's own panel asks, for every row, for the row's task (and its specific class), the
workflow's tasks with their statuses, the page's current workflow state and, through
``get_actions``, whether the video is ready. A reviewer with fifty submissions waiting paid
for each of them on every visit to the admin home. This panel renders Wagtail's template
with the same context, read in bulk: the specific tasks once, every workflow's tasks and
task states once, and each page's current workflow state set from the row itself (the
hook ``prefetch_workflow_states`` uses), so the permission checks the template makes cost
nothing more. ``CommunityReviewTask.get_actions`` reads what it needs once per task.
"""

from collections import defaultdict

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page, Revision, Task, TaskState, WorkflowTask

PAGE_URL_NAMES = (
    "wagtailadmin_pages:workflow_action",
    "wagtailadmin_pages:workflow_preview",
    "wagtailadmin_pages:revisions_compare",
)


def _tasks_with_status(workflow_states) -> dict[int, list[Task]]:
    """``WorkflowState.all_tasks_with_status()`` for many workflow states at once."""
    tasks_of = defaultdict(list)
    links = WorkflowTask.objects.filter(
        workflow_id__in={ws.workflow_id for ws in workflow_states}
    ).select_related("task")
    for link in links.order_by("sort_order"):
        tasks_of[link.workflow_id].append(link.task)
    rows = defaultdict(list)
    states = TaskState.objects.filter(workflow_state__in=workflow_states).order_by(
        "started_at", "id"
    )
    for state in states.values("workflow_state_id", "task_id", "revision_id", "status"):
        rows[state["workflow_state_id"]].append(state)
    reapproval = getattr(settings, "WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT", False)
    labels = dict(TaskState.STATUS_CHOICES)
    result = {}
    for ws in workflow_states:
        applicable = rows[ws.pk]
        if reapproval and applicable:
            # Only the task states of the latest revision count, as in Wagtail.
            latest = max(row["revision_id"] for row in applicable)
            applicable = [row for row in applicable if row["revision_id"] == latest]
        status_of = {row["task_id"]: row["status"] for row in applicable}  # latest wins
        tasks = []
        for task in tasks_of[ws.workflow_id]:
            copy = Task(pk=task.pk, name=task.name, content_type_id=task.content_type_id)
            copy.status = status_of.get(task.pk)
            copy.status_display = labels.get(copy.status, _("Not started"))
            tasks.append(copy)
        result[ws.pk] = tasks
    return result


class ReviewQueuePanel(WorkflowObjectsToModeratePanel):
    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = Component.get_context_data(self, parent_context)
        context.update(states=[], request=request, csrf_token=parent_context["csrf_token"])
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return context

        states = list(
            TaskState.objects.reviewable_by(request.user)
            .select_related(
                "revision",
                "revision__user",
                "workflow_state",
                "workflow_state__workflow",
            )
            .prefetch_related(
                "revision__content_object",
                "revision__content_object__latest_revision",
            )
            .order_by("-started_at")
            .annotate(previous_revision_id=Revision.objects.previous_revision_id_subquery())
        )
        tasks = Task.objects.filter(pk__in={s.task_id for s in states}).specific()
        tasks = {task.pk: task for task in tasks}
        statuses = _tasks_with_status([s.workflow_state for s in states])

        for state in states:
            obj = state.revision.content_object
            if not obj:
                continue  # the revision points at a deleted object
            task = tasks[state.task_id]
            state.task = task
            workflow_state = state.workflow_state
            if workflow_state.current_task_state_id == state.pk:
                workflow_state.current_task_state = state
                # What Page.current_workflow_state reads when prefetched.
                obj._current_workflow_states = [workflow_state]
            if isinstance(obj, Page):
                action_url, preview_url, compare_url = PAGE_URL_NAMES
            else:
                viewset = obj.snippet_viewset
                action_url, preview_url, compare_url = (
                    viewset.get_url_name(name)
                    for name in ("workflow_action", "workflow_preview", "revisions_compare")
                )
            context["states"].append(
                {
                    "obj": obj,
                    "revision": state.revision,
                    "previous_revision_id": state.previous_revision_id,
                    "live_revision_id": obj.live_revision_id,
                    "task_state": state,
                    "actions": task.get_actions(obj, request.user),
                    "workflow_tasks": statuses[workflow_state.pk],
                    "workflow_action_url_name": action_url,
                    "workflow_preview_url_name": (
                        preview_url if getattr(obj, "is_previewable", False) else None
                    ),
                    "revisions_compare_url_name": compare_url,
                }
            )
        return context
