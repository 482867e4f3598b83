"""``manage.py seed_hub``: the demo hub, ready to explore (see demo.hub)."""

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from demo.hub import DEFAULT_CLIPS, SeedError, hub_is_empty, hub_seed
from demo.people import demo_accounts_rows
from demo.videos import SeedVideoError


class Command(BaseCommand):
    help = (
        "Seed the hub with topics and clips that have real, playable videos, posters and "
        "captions, plus demo people with ratings and views. Safe to run again: only what is "
        "missing is added. Prints the demo accounts at the end."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--clips",
            type=int,
            default=DEFAULT_CLIPS,
            help=f"How many clips the hub should have (default {DEFAULT_CLIPS}). The first "
            "40 each get their own video; more clips share one video per topic.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Seed only when the hub has no topics yet; otherwise just print the accounts.",
        )
        parser.add_argument(
            "--no-demo-users",
            action="store_true",
            help="Topics and clips only: no demo people, ratings or views (real deployments).",
        )
        parser.add_argument(
            "--video-seconds",
            type=float,
            default=6.0,
            help="Length of each generated demo video in seconds (default 6).",
        )
        parser.add_argument(
            "--content",
            metavar="DIR",
            default=None,
            help="A folder of topic files (YAML, one per topic) to seed instead of the demo's "
            "starter pack; see demo/content/starter/ for the format.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Processes rendering videos at once (default: one per CPU).",
        )

    def handle(self, *args, **options):
        demo_users = not options["no_demo_users"]
        if options["if_empty"] and not hub_is_empty():
            self.stdout.write("The hub already has topics: nothing seeded.")
        else:
            try:
                # Demo reviewers have made-up addresses: the notifications their demo
                # submissions trigger stay in memory instead of flooding the console or SMTP.
                with override_settings(
                    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
                ):
                    result = hub_seed(
                        clips=options["clips"],
                        demo_users=demo_users,
                        video_seconds=options["video_seconds"],
                        workers=options["workers"],
                        progress=options["verbosity"] > 0,
                        content=options["content"],
                    )
            except (SeedError, SeedVideoError) as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(
                self.style.SUCCESS(
                    f"Seeded in {result.seconds:.1f} s: {result.topics} topics, "
                    f"{result.clips_created} new clips ({result.clips_existing} already there), "
                    f"{result.videos_made} videos, {result.people} demo people, "
                    f"{result.ratings} ratings, {result.views} views, "
                    f"{result.submissions} new submission(s) waiting in moderation."
                )
            )
        if demo_users:
            self.print_accounts()

    def print_accounts(self):
        rows = demo_accounts_rows()
        if not rows:
            return
        header = ("username", "level", "password")
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
        line = "  ".join(f"{{:<{w}}}" for w in widths)
        self.stdout.write("\nDemo accounts (sign in at /accounts/login/):")
        self.stdout.write(line.format(*header).rstrip())
        self.stdout.write(line.format(*("-" * w for w in widths)))
        for row in rows:
            self.stdout.write(line.format(*row).rstrip())
