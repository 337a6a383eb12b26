from django.apps import AppConfig


class AuthorsConfig(AppConfig):
    name = "dateline.authors"
    verbose_name = "Authors"
