from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "dateline.topics"
    verbose_name = "Topics"

    def ready(self):
        from dateline.topics import signals  # noqa: F401
