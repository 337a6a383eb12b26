import os
import time

from django.core.management.base import BaseCommand, CommandError

from dateline.wordpress.services import ImportInterrupted, import_wordpress_export
from dateline.wordpress.wxr import WXRError, read_export

# Without a terminal (a log, CI), one progress line per this many items.
PROGRESS_EVERY = 50


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.0 to 1.2, from Tools > Export): posts as articles, "
        "categories and tags as topics, authors, comments, featured images and old "
        "addresses (301 redirects). Safe to run again (it updates what it made) and to "
        "interrupt (run it again to carry on)."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The .xml file WordPress exported.")
        parser.add_argument(
            "--uploads",
            metavar="DIR",
            help="A local copy of wp-content/uploads: featured images become lead images. "
            "Without it their web addresses are kept and listed.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Do everything, print the summary, then roll it all back.",
        )

    def handle(self, *args, export, uploads=None, dry_run=False, verbosity=1, **options):
        if not os.path.isfile(export):
            raise CommandError(f"{export}: no such file.")
        if uploads and not os.path.isdir(uploads):
            raise CommandError(f"--uploads {uploads}: no such folder.")
        self.tty = self.stdout.isatty()
        self.started = time.monotonic()
        self.stdout.write(f"Reading {export}...")
        try:
            parsed = read_export(export)
        except WXRError as exc:
            raise CommandError(f"{export}, {exc}") from None
        except OSError as exc:
            raise CommandError(f"{export}: {exc.strerror or exc}") from None
        posts = len(parsed.items_of_type("post"))
        self.stdout.write(f"Read {len(parsed.items):,} items ({posts:,} posts); importing.")
        try:
            summary = import_wordpress_export(
                parsed,
                uploads=uploads,
                dry_run=dry_run,
                progress=self.progress,
                source=os.path.basename(export),
            )
        except ImportInterrupted as interrupted:
            self.end_progress_line()
            for line in interrupted.summary.lines(verbosity):
                self.stdout.write(line)
            self.stderr.write(
                "Interrupted: every post finished so far is saved (related lists and the "
                "search index are brought up to date at the end of a run). Run the same "
                "command again to carry on."
            )
            raise SystemExit(130) from None
        self.end_progress_line()
        for line in summary.lines(verbosity):
            self.stdout.write(line)
        if summary.posts["failed"]:
            raise CommandError(
                f"{summary.posts['failed']} posts could not be imported (listed above; the "
                "rest were). Fix the cause and run the command again."
            )
        self.stdout.write(self.style.SUCCESS("Dry run finished." if dry_run else "Import done."))

    def progress(self, label, done, total):
        if self.tty:
            filled = int(30 * done / total) if total else 30
            line = f"\r{label}: [{'#' * filled:<30}] {done:,}/{total:,}"
            self.stdout.write(line, ending="")
            self.stdout.flush()
            self.open_line = done < total
            if done >= total:
                self.stdout.write("")
        elif done % PROGRESS_EVERY == 0 or done == total:
            elapsed = time.monotonic() - self.started
            self.stdout.write(f"{label}: {done:,}/{total:,} ({elapsed:.0f}s)")

    def end_progress_line(self):
        if self.tty and getattr(self, "open_line", False):
            self.stdout.write("")
            self.open_line = False
