"""``manage.py community_rollup``: write the dashboard's daily snapshots (see maturity.rollup)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from contributions.maturity import rollup


class Command(BaseCommand):
    help = (
        "Roll up the community's figures into one snapshot per day for the community "
        "dashboard. Idempotent: days already rolled up are rewritten from the same rows. "
        "Run daily (yesterday and today); --days 365 backfills a year."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=rollup.DEFAULT_DAYS,
            help=f"How many days, ending today, to roll up (default {rollup.DEFAULT_DAYS}).",
        )
        parser.add_argument(
            "--until",
            type=datetime.date.fromisoformat,
            default=None,
            help="Last day to roll up, YYYY-MM-DD (default today).",
        )

    def handle(self, *args, **options):
        try:
            rows = rollup.rollup(days=options["days"], until=options["until"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if rows:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Rolled up {len(rows)} day(s), {rows[0].day} to {rows[-1].day}."
                )
            )
