from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "dateline.feeds"
    verbose_name = "Feeds and sitemaps"
