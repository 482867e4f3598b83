"""``manage.py import_clips MANIFEST.csv``: editors seed a real library from a spreadsheet."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from clips.importing import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    ManifestError,
    RowError,
    TopicLookup,
    already_imported,
    manifest_rows,
    row_check,
    row_import,
)
from clips.models import TopicIndexPage
from clips.services import quiet_page_log


class Command(BaseCommand):
    help = (
        "Import clips listed in a CSV manifest, one row per clip. Columns: "
        f"{', '.join(REQUIRED_COLUMNS)} (required) and {', '.join(OPTIONAL_COLUMNS)} "
        "(optional). 'file' and 'captions' are paths relative to the manifest's folder (or "
        "absolute); 'topic' is an existing topic's slug or title; 'tags' is comma separated "
        "inside the field. A row naming an unknown topic fails (so a typo never makes a stray "
        "topic) unless --create-topics is given, which creates it, published, under /topics/. "
        "Every row is checked before it is written and imported in its own transaction; a "
        "video already in the library (same SHA-256) is skipped, so the manifest can be run "
        "again after fixing the rows that failed. Imported clips are published."
    )

    def add_arguments(self, parser):
        parser.add_argument("manifest", help="Path to the CSV manifest (UTF-8).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every row (files, videos, captions, topics) and write nothing.",
        )
        parser.add_argument(
            "--create-topics",
            action="store_true",
            help="Create topics the manifest names that do not exist yet.",
        )
        parser.add_argument(
            "--owner",
            help="Username recorded as the owner of the imported clips (e.g. the editor).",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        manifest = Path(options["manifest"]).expanduser().resolve()
        dry_run, create_topics = options["dry_run"], options["create_topics"]
        index = TopicIndexPage.objects.first()
        if index is None:
            raise CommandError("The site has no topic index page: run `manage.py migrate` first.")
        owner = self.owner(options["owner"], index)
        try:
            rows = list(manifest_rows(manifest))
        except ManifestError as exc:
            raise CommandError(str(exc)) from exc
        if not rows:
            raise CommandError(f"The manifest {manifest} has a header but no rows.")

        topics, seen = TopicLookup(index), {}
        errors: list[RowError] = []
        tally = {"imported": 0, "skipped": 0, "failed": 0}
        progress = tqdm(
            rows,
            desc="Checking" if dry_run else "Importing",
            unit="row",
            disable=options["verbosity"] == 0,
        )
        for number, values in progress:
            prepared, row_errors = row_check(
                number,
                values,
                base=manifest.parent,
                topics=topics,
                create_topics=create_topics,
            )
            if row_errors:
                errors += row_errors
                tally["failed"] += 1
                continue
            skip = self.skip_reason(prepared, seen)
            if skip:
                self.note(progress, f"Row {number}: skipped, {skip}.")
                tally["skipped"] += 1
                continue
            seen[prepared.sha256] = number
            if prepared.topic is None and not topics.find(prepared.topic_name)[0]:
                self.note(progress, f"Row {number}: new topic {prepared.topic_name!r}.")
            if dry_run:
                topics.remember(prepared.topic_name, prepared.topic)
                tally["imported"] += 1
                continue
            try:
                with quiet_page_log():
                    row_import(prepared, topics=topics, owner=owner)
            except Exception as exc:  # noqa: BLE001 - reported per row; the others carry on
                errors.append(RowError(number, "file", f"Not imported: {exc}"))
                tally["failed"] += 1
                continue
            tally["imported"] += 1
        progress.close()
        self.report(tally, errors, dry_run, len(rows))

    def owner(self, username, index):
        """The --owner account: it publishes the clips, so it must be allowed to."""
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user {username!r} (--owner).")
        if not index.permissions_for_user(user).can_publish_subpage():
            raise CommandError(
                f"{username!r} may not publish clips under {index.url_path} (--owner must be "
                "an editor, or leave it out)."
            )
        return user

    def skip_reason(self, prepared, seen) -> str:
        if prepared.sha256 in seen:
            return f"the same video as row {seen[prepared.sha256]}"
        media = already_imported(prepared.sha256)
        if media is not None:
            return f"this video is already in the library as {media.title!r}"
        return ""

    def note(self, progress, message: str) -> None:
        if self.verbosity > 0:
            with progress.external_write_mode():
                self.stdout.write(message)

    def report(self, tally, errors, dry_run, total) -> None:
        verb = "would be imported" if dry_run else "imported"
        summary = (
            f"{total} rows: {tally['imported']} {verb}, {tally['skipped']} skipped "
            f"(already imported), {tally['failed']} failed."
        )
        if dry_run:
            summary += " Dry run: nothing was written."
        if errors:
            self.stderr.write("Rows with problems:")
            width = max(len(e.column) for e in errors)
            self.stderr.write(f"{'row':>5}  {'column':<{width}}  problem")
            for e in errors:
                self.stderr.write(f"{e.row:>5}  {e.column:<{width}}  {e.message}")
            self.stdout.write(summary)
            raise CommandError(
                f"{tally['failed']} of {total} rows failed; nothing was written for them. "
                "Fix them and run the manifest again: imported rows are skipped."
            )
        self.stdout.write(self.style.SUCCESS(summary))
