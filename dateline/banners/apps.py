from django.apps import AppConfig


class BannersConfig(AppConfig):
    name = "dateline.banners"
    verbose_name = "Breaking-news banner"

    def ready(self):
        from dateline.articles.changes import article_changed
        from dateline.banners.services import story_changed

        # A story unpublished under the banner takes its link with it.
        article_changed.connect(story_changed, dispatch_uid="banners-story-changed")
