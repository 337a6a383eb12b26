import sys

from django.core.management.base import BaseCommand

from dateline.related.models import RelatedIndexState
from dateline.related.rebuild import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild every article's related list. Safe to interrupt (Ctrl-C): run it again and "
        "it carries on from its last checkpoint; --restart starts over."
    )

    def add_arguments(self, parser):
        parser.add_argument("--restart", action="store_true", help="Start over from scratch.")

    def handle(self, *args, restart=False, **options):
        state = RelatedIndexState.get()
        if state.phase != RelatedIndexState.Phase.IDLE and not restart:
            self.stdout.write(
                f"Resuming an interrupted rebuild: {state.get_phase_display().lower()}, "
                f"after article {state.last_article_id}."
            )
        tty = sys.stdout.isatty()

        def report(label, done, total, elapsed):
            bar = "#" * int(30 * done / total) if total else ""
            line = f"{label}: [{bar:<30}] {done:,}/{total:,} ({elapsed:.0f}s)"
            self.stdout.write(("\r" + line) if tty else line, ending="" if tty else "\n")
            if tty and done >= total:
                self.stdout.write("")

        try:
            rebuild(report, restart=restart)
        except KeyboardInterrupt:
            self.stdout.write("")
            self.stdout.write("Interrupted: run rebuild_related again to carry on.")
            raise SystemExit(130) from None
        self.stdout.write(self.style.SUCCESS("Related lists rebuilt."))
