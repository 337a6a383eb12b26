from django.conf import settings
from django.core.management.base import BaseCommand

from dateline.privacy.services import anonymize_personal_data


class Command(BaseCommand):
    help = (
        "Replace IP addresses older than their retention period with a keyed hash: commenters' "
        "(and their user agents) after COMMENTS_IP_RETENTION_DAYS, newsletter sign-ups' after "
        "NEWSLETTERS_IP_RETENTION_DAYS. Run it daily (cron or a systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="Override both retention periods."
        )

    def handle(self, *args, days=None, **options):
        done = anonymize_personal_data(days=days)
        comment_days = settings.COMMENTS_IP_RETENTION_DAYS if days is None else days
        signup_days = settings.NEWSLETTERS_IP_RETENTION_DAYS if days is None else days
        self.stdout.write(f"Anonymised {done.comments} comment(s) older than {comment_days} days.")
        self.stdout.write(
            f"Anonymised {done.subscribers} newsletter sign-up(s) older than {signup_days} days."
        )
