from django.conf import settings
from django.core.management.base import BaseCommand

from dateline.comments.services import anonymize_old_comments


class Command(BaseCommand):
    help = (
        "Replace commenters' IP addresses and user agents older than COMMENTS_IP_RETENTION_DAYS "
        "with a keyed hash. Run it daily (cron or a systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="Override COMMENTS_IP_RETENTION_DAYS."
        )

    def handle(self, *args, days=None, **options):
        days = settings.COMMENTS_IP_RETENTION_DAYS if days is None else days
        done = anonymize_old_comments(days=days)
        self.stdout.write(f"Anonymised {done} comment(s) older than {days} days.")
