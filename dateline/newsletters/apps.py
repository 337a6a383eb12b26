from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "dateline.newsletters"
    verbose_name = "Newsletters"
