from django.apps import AppConfig


class MailboxConfig(AppConfig):
    name = "dateline.mailbox"
    verbose_name = "Mailbox"
