"""Writes to the search index; the index follows publish, update and unpublish at once."""

from collections import defaultdict

from django.db import connection

from dateline.articles.models import Article, Byline
from dateline.articles.more_text import more_text
from dateline.search.backends import backend, document
from dateline.topics.models import Topic


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
    # Read as plain values: model instances with their topics and bylines prefetched cost
    # more than the indexing itself at 10,000 articles (the WordPress import, issue #8).
    topic_names = dict(Topic.objects.values_list("pk", "name"))
    while True:
        rows = list(
            articles.filter(pk__gt=last).values_list(
                "pk", "headline", "dek", "body", "primary_topic_id"
            )[:batch]
        )
        if not rows:
            break
        ids = [row[0] for row in rows]
        further = defaultdict(list)
        through = Article.topics.through.objects.filter(article_id__in=ids)
        for article_id, topic_id in through.values_list("article_id", "topic_id"):
            further[article_id].append(topic_id)
        authors = defaultdict(list)
        bylines = Byline.objects.filter(article_id__in=ids).order_by("position", "pk")
        for article_id, name in bylines.values_list("article_id", "author__display_name"):
            authors[article_id].append(name)
        more = more_text(ids)
        search.index_documents(
            (
                pk,
                document(
                    headline, dek, body,
                    # As article.topics.all() lists them (Topic.Meta.ordering).
                    [topic_names[primary], *sorted(map(topic_names.get, further[pk]))],
                    authors[pk], more.get(pk, ""),
                ),
            )
            for pk, headline, dek, body, primary in rows
        )  # fmt: skip
        done += len(rows)
        last = rows[-1][0]
        report(done, total)
    # Fresh planner statistics after a bulk load, or the database may not use the index.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return done
