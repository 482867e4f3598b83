"""Give the tasks of dead workers back to the queue.

django-tasks-db marks a task RUNNING when a worker claims it (``SELECT … FOR UPDATE SKIP
LOCKED``, so two workers never claim one task) and never looks at it again: a worker killed
mid-transcode (out of memory, a deploy, a lost machine) leaves its task RUNNING for ever and
its clip PROCESSING. Our tasks are safe to run again: video processing works in temporary
files and stores its results only at the end, replacing an earlier run's, so a crash leaves
nothing half-stored. A task still RUNNING long after any run could take is therefore put back
as READY, and the next free worker runs it from the start.

``TASK_STALE_MINUTES`` (default 30) must exceed the longest task: a transcode takes about
the clip's length on one core, and clips are capped by the ladder's maximum duration.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(minutes=getattr(settings, "TASK_STALE_MINUTES", 30))


def stale_tasks_requeue(*, older_than: datetime.timedelta | None = None) -> int:
    """Put RUNNING tasks claimed more than ``older_than`` ago back as READY; how many."""
    cutoff = timezone.now() - (older_than or stale_after())
    return (
        DBTaskResult.objects.running()
        .filter(started_at__lt=cutoff)
        .update(status=TaskResultStatus.READY, started_at=None)
    )
