from django.apps import AppConfig


class MostReadConfig(AppConfig):
    name = "dateline.mostread"
    verbose_name = "Most read"

    def ready(self):
        from dateline.changes import changed
        from dateline.mostread.services import refresh_when_a_listed_story_is_gone

        changed.connect(refresh_when_a_listed_story_is_gone, dispatch_uid="mostread-gone")
