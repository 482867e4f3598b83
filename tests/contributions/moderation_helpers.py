"""Helpers shared by the moderation tests: people at a level, submissions, reviewer actions."""

from pathlib import Path

from clips.video import generate_demo_video
from contributions.models import Level
from contributions.services import level_set, submission_create
from tests.factories import UserFactory


def person(level: str = Level.CONTRIBUTOR, **fields):
    """A user put at ``level`` through the ladder service (so their groups match)."""
    user = UserFactory(**fields)
    if level != Level.LEARNER:
        level_set(user=user, level=level, reason="Test setup")
    return user


def submit(user, video_path: Path, topic, title: str = "How I label cables", **fields):
    """A submission made through the service, as the upload view would make it."""
    return submission_create(
        user=user,
        video_path=video_path,
        filename=fields.pop("filename", "my clip.mp4"),
        title=title,
        description=fields.pop("description", "Labels that survive a move."),
        topic=topic,
        tags=fields.pop("tags", "cables, tools"),
        captions_vtt=fields.pop("captions_vtt", ""),
    )


def current_task(page):
    """(task state, specific task) of the page's current stage."""
    page.refresh_from_db()
    state = page.current_workflow_task_state
    return state, state.task.specific


def act(page, user, action: str = "approve", comment: str = ""):
    """Perform a workflow action exactly as Wagtail's admin does, after its permission check."""
    state, task = current_task(page)
    allowed = [name for name, _label, _modal in task.get_actions(page, user)]
    if action not in allowed:
        raise PermissionError(f"{user} may not {action} {page} at {task.name}")
    task.on_action(state, user, action, comment=comment)


def long_video(directory: Path, seconds: float) -> Path:
    path = directory / f"long-{seconds:g}.mp4"
    generate_demo_video(path, "Long clip", seconds=seconds, size=(64, 36), fps=4)
    return path
