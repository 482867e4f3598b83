"""The roll-up as a background task (django-tasks), for a scheduler to enqueue daily."""

from django_tasks import task

from . import rollup


@task()
def community_rollup_task(days: int = rollup.DEFAULT_DAYS) -> int:
    """Refresh the last ``days`` daily snapshots; returns how many were written."""
    return len(rollup.rollup(days=days))
