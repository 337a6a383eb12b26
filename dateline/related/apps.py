from django.apps import AppConfig


class RelatedConfig(AppConfig):
    name = "dateline.related"
    verbose_name = "Related articles"

    def ready(self):
        from dateline.articles.changes import article_changed
        from dateline.related.tasks import refresh_for_changed_article

        article_changed.connect(refresh_for_changed_article, dispatch_uid="related-lists")
