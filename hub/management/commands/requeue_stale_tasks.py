"""``manage.py requeue_stale_tasks``: rerun the tasks of workers that died (hub.task_recovery).

Run it every few minutes beside the workers (cron, a systemd timer, or the container
scheduler); it is cheap and safe to run anywhere at any time.
"""

import datetime

from django.core.management.base import BaseCommand

from hub.task_recovery import stale_after, stale_tasks_requeue


class Command(BaseCommand):
    help = "Put tasks left RUNNING by a dead worker back in the queue."

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=float,
            default=None,
            help=f"Claimed longer ago than this (default TASK_STALE_MINUTES, {stale_after()}).",
        )

    def handle(self, *args, minutes, **options):
        older_than = datetime.timedelta(minutes=minutes) if minutes is not None else None
        count = stale_tasks_requeue(older_than=older_than)
        self.stdout.write(f"Requeued {count} stale task(s).")
