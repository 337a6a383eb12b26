import sys

from django.core.management.base import BaseCommand, CommandError

from dateline.privacy.services import erase_personal_data, find_personal_data


class Command(BaseCommand):
    help = (
        "Erase the reader with this email address: the name, email, website, IP address and "
        "user agent of their comments (the comment text stays, credited to 'Anonymous'), and "
        "their newsletter subscriber record with its subscriptions."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, email, yes=False, **options):
        found = find_personal_data(email)
        if not found:
            self.stdout.write(
                f"No comments and no newsletter subscriber {email}: nothing to erase."
            )
            return
        what = describe(found)
        if not yes:
            if not self.stdin_is_interactive():
                raise CommandError(f"Kept about {email}: {what}. Add --yes to erase it.")
            answer = input(f"Erase {what} of {email}? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                self.stdout.write("Nothing erased.")
                return
        erased = erase_personal_data(email)
        self.stdout.write(
            f"Erased the personal data in {erased.comments} comment(s) and "
            f"{erased.subscribers} newsletter subscriber record(s) of {email}."
        )

    def stdin_is_interactive(self):
        return sys.stdin.isatty()


def describe(found):
    """What an erasure will touch, in words: the personal data in 2 comment(s) and the
    newsletter subscriber record (The Daily Briefing: subscribed)."""
    parts = []
    if found.comments:
        parts.append(f"the personal data in {found.comments} comment(s)")
    if found.subscriber:
        chosen = "; ".join(
            f"{s.newsletter}: {s.get_status_display().lower()}" for s in found.subscriptions
        )
        parts.append("the newsletter subscriber record" + (f" ({chosen})" if chosen else ""))
    return " and ".join(parts)
