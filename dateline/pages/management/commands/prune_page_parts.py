from django.core.management.base import BaseCommand

from dateline.pages.parts import prune


class Command(BaseCommand):
    help = (
        "Delete the stored page parts of articles no one has viewed since they expired "
        "(about 25 KB each). Run it daily (cron or a systemd timer)."
    )

    def handle(self, *args, **options):
        deleted = prune()
        self.stdout.write(f"Deleted the expired page parts of {deleted} article(s).")
