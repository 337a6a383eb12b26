from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "dateline.live"
    verbose_name = "Live coverage"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from dateline.articles.more_text import add_source
        from dateline.live.display import coverage_changed, latest_text
        from dateline.live.models import Coverage

        post_save.connect(coverage_changed, sender=Coverage, dispatch_uid="live-covered")
        post_delete.connect(coverage_changed, sender=Coverage, dispatch_uid="live-uncovered")
        # The search index counts a live article's latest entries as its text.
        add_source(latest_text)
