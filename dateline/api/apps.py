from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dateline.api"
    verbose_name = "Content API"

    def ready(self):
        from dateline.api import checks  # noqa: F401 (registers the system checks)
