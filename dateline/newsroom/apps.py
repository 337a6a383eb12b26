from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NewsroomConfig(AppConfig):
    name = "dateline.newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from dateline.newsroom.roles import ensure_roles

        # After every migrate the four roles exist with exactly their permissions.
        post_migrate.connect(ensure_roles, sender=self)
