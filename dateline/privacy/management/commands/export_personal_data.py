import json

from django.core.management.base import BaseCommand

from dateline.privacy.services import export_personal_data


class Command(BaseCommand):
    help = (
        "Print, as JSON, everything kept about the reader with this email address: their "
        "comments and their newsletter subscription."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        self.stdout.write(json.dumps(export_personal_data(email), indent=2, ensure_ascii=False))
