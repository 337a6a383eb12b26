from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "dateline.search"
    verbose_name = "Search"

    def ready(self):
        from dateline.articles.changes import article_changed, article_text_changed
        from dateline.search.tasks import index_changed_article

        article_changed.connect(index_changed_article, dispatch_uid="search-index")
        article_text_changed.connect(index_changed_article, dispatch_uid="search-index-text")
