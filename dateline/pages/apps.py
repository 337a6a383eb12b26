from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "dateline.pages"
    verbose_name = "Reader pages"

    def ready(self):
        from dateline.pages import receivers  # noqa: F401
