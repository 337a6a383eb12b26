import sys

from django.core.management.base import BaseCommand
from django.db import transaction

from dateline.search.services import rebuild_search_index


class Command(BaseCommand):
    help = (
        "Index every published article for search again. Safe to interrupt and run again: "
        "it starts over, and the old index stays in place until it finishes."
    )

    def handle(self, *args, **options):
        tty = sys.stdout.isatty()

        def report(done, total):
            line = f"Indexing: {done:,}/{total:,}"
            self.stdout.write(("\r" + line) if tty else line, ending="" if tty else "\n")

        with transaction.atomic():
            done = rebuild_search_index(report)
        if tty:
            self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {done:,} articles."))
