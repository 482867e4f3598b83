"""The read side of moderation: where each of a contributor's submissions stands.

Reads Wagtail's own records (``WorkflowState`` and ``TaskState``, whose comments are the
reviewers' comments) for all of a person's submissions in a fixed number of queries.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, TaskState, WorkflowState

from clips.models import ClipOrigin, ClipPage, ProcessingState
from clips.queries import attach_topics

TASK_STATUS_LABELS = {
    TaskState.STATUS_IN_PROGRESS: "Waiting for review",
    TaskState.STATUS_APPROVED: "Approved",
    TaskState.STATUS_REJECTED: "Changes requested",
    TaskState.STATUS_SKIPPED: "Skipped: trusted contributor",
    TaskState.STATUS_CANCELLED: "Closed",
}


@dataclass
class HistoryEntry:
    stage: str
    status: str
    label: str
    started_at: datetime
    finished_at: datetime | None
    reviewer: str
    comment: str


@dataclass
class SubmissionSummary:
    page: ClipPage
    stage: str  # what the contributor reads: "Peer review", "Changes requested", …
    state: str  # a stable key: processing, failed, review, changes, published, closed
    comment: str = ""
    history: list[HistoryEntry] = field(default_factory=list)

    @property
    def can_edit(self) -> bool:
        return self.state in ("failed", "changes", "closed")

    @property
    def can_withdraw(self) -> bool:
        return self.page.first_published_at is None


def _person(user) -> str:
    """The name people chose (their display name), else their full name or username."""
    if user is None:
        return ""
    profile = getattr(user, "profile", None)
    return (profile.display_name if profile else "") or user.get_full_name() or user.get_username()


def history_entries(task_states) -> list[HistoryEntry]:
    """Each stage a submission went through, with its reviewer and comment, in order."""
    return [
        HistoryEntry(
            stage=ts.task.name,
            status=ts.status,
            label=TASK_STATUS_LABELS.get(ts.status, ts.status),
            started_at=ts.started_at,
            finished_at=ts.finished_at,
            reviewer=_person(ts.finished_by) if ts.status != TaskState.STATUS_SKIPPED else "",
            comment=ts.comment if ts.status != TaskState.STATUS_SKIPPED else "",
        )
        for ts in task_states
    ]


def _summarise(page: ClipPage, states: list[WorkflowState], tasks: list[TaskState]):
    history = history_entries(tasks)
    comments = [entry.comment for entry in history if entry.comment]
    summary = SubmissionSummary(
        page=page, stage="", state="", comment=comments[-1] if comments else "", history=history
    )
    latest = states[-1] if states else None
    current = next((ts for ts in reversed(tasks) if ts.status == "in_progress"), None)
    video_state = page.video.processing_state if page.video_id else ProcessingState.READY
    if page.live:
        summary.stage, summary.state = "Published", "published"
    elif video_state == ProcessingState.FAILED:
        summary.stage, summary.state = "Processing failed: replace the video", "failed"
    elif latest is not None and latest.status == WorkflowState.STATUS_NEEDS_CHANGES:
        summary.stage, summary.state = "Changes requested", "changes"
    elif latest is not None and latest.status == WorkflowState.STATUS_IN_PROGRESS:
        stage = current.task.name if current is not None else "In moderation"
        if video_state != ProcessingState.READY:
            summary.stage, summary.state = f"{stage} (the video is being processed)", "processing"
        else:
            summary.stage, summary.state = stage, "review"
    elif latest is not None and latest.status == WorkflowState.STATUS_APPROVED:
        summary.stage, summary.state = "Approved", "published"
    else:
        summary.stage, summary.state = "Not in moderation", "closed"
    return summary


def submissions_overview(user) -> list[SubmissionSummary]:
    """The person's contributions, newest first, each with its stage and history.

    Four queries however many submissions there are: pages (with videos), their topics,
    their workflow states, and the task states with their tasks and reviewers.
    """
    pages = list(
        ClipPage.objects.filter(owner=user, origin=ClipOrigin.COMMUNITY)
        .select_related("video")
        .order_by("-pk")
    )
    if not pages:
        return []
    attach_topics(pages)
    page_type = ContentType.objects.get_for_model(Page)
    states = list(
        WorkflowState.objects.filter(
            base_content_type=page_type, object_id__in=[str(p.pk) for p in pages]
        ).order_by("created_at", "pk")
    )
    tasks = list(
        TaskState.objects.filter(workflow_state__in=[s.pk for s in states])
        .select_related("task", "finished_by", "finished_by__profile")
        .order_by("started_at", "pk")
    )
    states_by_page: dict[str, list[WorkflowState]] = {}
    for state in states:
        states_by_page.setdefault(state.object_id, []).append(state)
    page_of_state = {state.pk: state.object_id for state in states}
    tasks_by_page: dict[str, list[TaskState]] = {}
    for task_state in tasks:
        tasks_by_page.setdefault(page_of_state[task_state.workflow_state_id], []).append(task_state)
    return [
        _summarise(page, states_by_page.get(str(page.pk), []), tasks_by_page.get(str(page.pk), []))
        for page in pages
    ]
