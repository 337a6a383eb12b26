"""Writes to the search index; the index follows publish, update and unpublish at once."""

from django.db import connection

from dateline.articles.models import Article
from dateline.search.backends import backend


def update_search_index(article):
    if article.status == Article.Status.PUBLISHED:
        article = (
            Article.objects.select_related("primary_topic")
            .with_bylines()
            .prefetch_related("topics")
            .get(pk=article.pk)
        )
        backend().index(article)
    else:
        backend().remove(article.pk)


def rebuild_search_index(report, batch=1000):
    """Index every published article again, in batches, reporting progress."""
    search = backend()
    search.clear()
    articles = Article.objects.filter(status=Article.Status.PUBLISHED).order_by("pk")
    total = articles.count()
    done, last = 0, 0
    while True:
        chunk = list(
            articles.filter(pk__gt=last)
            .select_related("primary_topic")
            .with_bylines()
            .prefetch_related("topics")[:batch]
        )
        if not chunk:
            break
        search.index_many(chunk)
        done += len(chunk)
        last = chunk[-1].pk
        report(done, total)
    # Fresh planner statistics after a bulk load, or the database may not use the index.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return done
