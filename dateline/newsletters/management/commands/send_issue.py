"""Send an issue now, or finish a send that stopped: only the addresses it has not gone to
get it (safe to run again, and to interrupt)."""

from django.core.management.base import BaseCommand, CommandError

from dateline.newsletters import services
from dateline.newsletters.models import Delivery, Issue


class Command(BaseCommand):
    help = "Send a newsletter issue to every subscriber it has not reached yet."

    def add_arguments(self, parser):
        parser.add_argument("issue_id", type=int)
        parser.add_argument("--batch", type=int, default=500, help="deliveries per batch")

    def handle(self, *args, issue_id, batch, **options):
        issue = Issue.objects.select_related("newsletter").filter(pk=issue_id).first()
        if issue is None:
            raise CommandError(f"There is no issue {issue_id}.")
        services.queue_issue(issue)
        total = issue.deliveries.count()
        sent = services.send_pending(issue, batch_size=batch)
        issue.refresh_from_db()
        done = issue.deliveries.filter(status=Delivery.Status.SENT).count()
        status = issue.get_status_display()
        if issue.status_detail:
            status += f" ({issue.status_detail})"
        self.stdout.write(f"{issue}: {sent:,} sent now, {done:,} of {total:,} in all; {status}")
