from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "dateline.pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from dateline.articles.changes import article_changed
        from dateline.changes import changed
        from dateline.pagecache.middleware import forget_next_go_live
        from dateline.pagecache.tags import bump_when_committed

        changed.connect(bump_when_committed, dispatch_uid="pagecache-bump")
        article_changed.connect(
            lambda sender, **kwargs: forget_next_go_live(), weak=False,
            dispatch_uid="pagecache-go-live",
        )  # fmt: skip
