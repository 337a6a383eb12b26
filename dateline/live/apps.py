from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "dateline.live"
    verbose_name = "Live coverage"

    def ready(self):
        from dateline.articles.more_text import add_source
        from dateline.live.display import latest_text

        # The search index counts a live article's latest entries as its text.
        add_source(latest_text)
