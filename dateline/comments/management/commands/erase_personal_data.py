from django.core.management.base import BaseCommand, CommandError

from dateline.comments.models import Comment
from dateline.comments.services import erase_personal_data


class Command(BaseCommand):
    help = (
        "Erase the name, email, website, IP address and user agent from every comment by this "
        "email address. The comment text stays, credited to 'Anonymous'."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, email, yes=False, **options):
        count = Comment.objects.by_email(email).exclude(author_email="").count()
        if count == 0:
            self.stdout.write(f"No comments by {email}: nothing to erase.")
            return
        if not yes:
            if not self.stdin_is_interactive():
                raise CommandError(f"{count} comment(s) by {email}: add --yes to erase them.")
            answer = input(f"Erase personal data from {count} comment(s) by {email}? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                self.stdout.write("Nothing erased.")
                return
        erased = erase_personal_data(email)
        self.stdout.write(f"Erased personal data from {erased} comment(s) by {email}.")

    def stdin_is_interactive(self):
        import sys

        return sys.stdin.isatty()
