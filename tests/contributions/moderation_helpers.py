"""Helpers shared by the moderation tests: people at a level, submissions, reviewer actions."""

from html.parser import HTMLParser
from pathlib import Path

from django.urls import reverse

from clips.video import generate_demo_video
from contributions.models import Level
from tests.factories import Stage, SubmissionFactory, UserFactory


def person(level: str = Level.CONTRIBUTOR, **fields):
    """``UserFactory(level=level)``: a user put at ``level`` through the ladder service."""
    return UserFactory(level=level, **fields)


def submit(user, video_path: Path, topic, title: str = "How I label cables", **fields):
    """A submission made through the service, as the upload view would make it; its video
    is processed when the transaction commits (``SubmissionFactory`` at its first stage)."""
    return SubmissionFactory(
        stage=Stage.PROCESSING, owner=user, video=video_path, topic=topic, title=title, **fields
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


class _EditForm(HTMLParser):
    """The fields of Wagtail's page edit form, as a browser would post them unchanged."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self._in_form = False
        self._textarea = None
        self._select = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "page-edit-form":
            self._in_form = True
        if not self._in_form or not attrs.get("name") and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._add(self._textarea, "")
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def edit_form_data(client, page, **extra) -> dict:
    """What the edit form of ``page`` posts when its user presses a button without changes."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200, response.status_code
    parser = _EditForm()
    parser.feed(response.content.decode())
    data = {name: values if len(values) > 1 else values[0] for name, values in parser.data.items()}
    return {**data, **extra}
