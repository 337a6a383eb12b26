from django.core.management.base import BaseCommand

from dateline.mostread.services import forget_old_counts, refresh_most_read


class Command(BaseCommand):
    help = (
        "Compute the most-read list now from the counts in the database (the home page is "
        "refreshed if its order changed) and delete counts older than MOST_READ_KEEP_DAYS. "
        "Web processes do it themselves while readers read; run it hourly (cron or a "
        "systemd timer) so that the list moves on at quiet times too."
    )

    def handle(self, *args, **options):
        ids = refresh_most_read()
        forget_old_counts()
        self.stdout.write(f"Most read, by article id: {', '.join(map(str, ids)) or 'none yet'}.")
