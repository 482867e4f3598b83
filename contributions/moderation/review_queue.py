"""The read side of reviewing: the queue a reviewer may act on, and one submission in it.

Who may act on what is never decided here: Wagtail asks every active task
(``TaskState.objects.reviewable_by``), and our ``CommunityReviewTask`` answers with its own
rules (no self-review, only ready videos, four eyes). So the header count, the queue and the
review screen always agree with the actions Wagtail will accept.

Both reads take a fixed number of queries however many submissions wait.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page, Task, TaskState, WorkflowState

from clips.models import ClipPage, TopicPage
from clips.queries import attach_topics

from ..people.models import Level
from .queries import HistoryEntry, history_entries
from .workflow import CommunityReviewTask


@dataclass
class QueueItem:
    page: ClipPage
    task_state: TaskState
    stage: str
    waiting_since: datetime

    @property
    def waiting(self):
        return timezone.now() - self.waiting_since


@dataclass
class ReviewItem:
    page: ClipPage
    task_state: TaskState
    stage: str
    contributor_name: str
    contributor_level: str
    history: list[HistoryEntry] = field(default_factory=list)


def _waiting_states(user):
    """Task states waiting for ``user``'s action: Wagtail's own question, asked once."""
    return TaskState.objects.reviewable_by(user).filter(
        status=TaskState.STATUS_IN_PROGRESS,
        workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
        workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
    )


def review_count(user) -> int:
    """How many submissions wait for this person's action (0 for everyone else)."""
    if not user.is_authenticated:
        return 0
    return _waiting_states(user).count()


def may_review(user) -> bool:
    """Whether the person is a reviewer at all (in a moderation stage's group, or superuser)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return CommunityReviewTask.objects.filter(active=True, groups__in=user.groups.all()).exists()


def review_stages() -> list[str]:
    """The names of the active moderation stages, in workflow order, for the queue's filter."""
    tasks = Task.objects.filter(active=True, content_type=_task_type()).order_by("pk")
    return list(dict.fromkeys(tasks.values_list("name", flat=True)))


def _task_type():
    return ContentType.objects.get_for_model(CommunityReviewTask)


def review_queue(user, *, topic: TopicPage | None = None, stage: str = "") -> list[QueueItem]:
    """What ``user`` may act on, oldest first (by when its stage started)."""
    if not user.is_authenticated:
        return []
    states = _waiting_states(user).select_related("task", "workflow_state")
    if stage:
        states = states.filter(task__name=stage)
    states = list(states.order_by("started_at", "pk"))
    pages = ClipPage.objects.filter(pk__in=[int(s.workflow_state.object_id) for s in states])
    if topic is not None:
        pages = pages.child_of(topic)
    by_id = {p.pk: p for p in pages.select_related("video", "owner", "owner__profile")}
    attach_topics(list(by_id.values()))
    items = []
    for state in states:
        page = by_id.get(int(state.workflow_state.object_id))
        if page is not None:
            items.append(
                QueueItem(
                    page=page,
                    task_state=state,
                    stage=state.task.name,
                    waiting_since=state.started_at,
                )
            )
    return items


def next_in_queue(user, *, after_page_id: int | None = None) -> ClipPage | None:
    """The oldest submission still waiting for ``user``, other than the one just handled."""
    states = _waiting_states(user).order_by("started_at", "pk")
    if after_page_id is not None:
        states = states.exclude(workflow_state__object_id=str(after_page_id))
    state = states.select_related("workflow_state").first()
    if state is None:
        return None
    return ClipPage.objects.filter(pk=int(state.workflow_state.object_id)).first()


def review_item(user, page_id: int) -> ReviewItem | None:
    """One submission as its reviewer sees it, or None when ``user`` may not act on it."""
    if not user.is_authenticated:
        return None
    state = (
        _waiting_states(user)
        .filter(workflow_state__object_id=str(page_id))
        .select_related("task", "workflow_state")
        .first()
    )
    if state is None:
        return None
    page = (
        ClipPage.objects.filter(pk=page_id)
        .select_related("video", "owner", "owner__profile")
        .prefetch_related("tags")
        .first()
    )
    if page is None:
        return None
    attach_topics([page])
    owner = page.owner
    profile = getattr(owner, "profile", None) if owner else None
    history = TaskState.objects.filter(
        Q(workflow_state__base_content_type=state.workflow_state.base_content_type)
        & Q(workflow_state__object_id=str(page_id))
    )
    return ReviewItem(
        page=page,
        task_state=state,
        stage=state.task.name,
        contributor_name=(profile.display_name if profile else "")
        or (owner.get_full_name() or owner.get_username() if owner else ""),
        contributor_level=Level(profile.level).label if profile else "",
        history=history_entries(
            history.select_related("task", "finished_by", "finished_by__profile").order_by(
                "started_at", "pk"
            )
        ),
    )
