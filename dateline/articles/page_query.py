"""The article page's query, in SQL written for it.

Every view of an article runs it. Built and compiled by the ORM it took about 650 µs, two
thirds of a page joined from its stored parts; the SQL itself takes about 30 µs. So it is
written once per process from the models' own table and column names and run through
Django's documented `connection.cursor()`. What comes back is what
`Article.objects.published().for_article_page()` gives: the article with its primary
topic, its lead image and its stored page parts in place (none of them costs a query
later, present or absent), made with the documented `Model.from_db` and each field's
`from_db_value`. tests/test_page_query.py checks that the two agree.
"""

from datetime import UTC
from functools import cache

from django.conf import settings
from django.db import connections, models, router
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.timezone import now

from dateline.articles.models import Article, ArticlePageParts


@cache
def related_models():
    """Article, its primary topic, lead image and stored parts, each with its columns. The
    lead image's model is found through the relation: images is a layer above."""
    lead_image = Article._meta.get_field("lead_image").related_model
    topic = Article._meta.get_field("primary_topic").related_model
    return [
        (model, list(model._meta.concrete_fields))
        for model in (Article, topic, lead_image, ArticlePageParts)
    ]


@cache
def sql():
    (article, _), (topic, _), (image, _), (parts, _) = related_models()
    columns = [
        f'{alias}."{field.column}"'
        for alias, (_, fields) in zip("atip", related_models(), strict=True)
        for field in fields
    ]
    image_link = image._meta.get_field("article").column
    parts_link = parts._meta.get_field("article").column
    topic_link = article._meta.get_field("primary_topic").column
    return (
        f"SELECT {', '.join(columns)} "
        f'FROM "{article._meta.db_table}" a '
        f'INNER JOIN "{topic._meta.db_table}" t ON t."{topic._meta.pk.column}" = a."{topic_link}" '
        f'LEFT OUTER JOIN "{image._meta.db_table}" i ON i."{image_link}" = a."id" '
        f'LEFT OUTER JOIN "{parts._meta.db_table}" p ON p."{parts_link}" = a."id" '
        'WHERE a."slug" = %(slug)s AND a."status" = %(status)s AND a."published_at" <= %(at)s '
        "LIMIT 1"
    )


def page_article(slug):
    """The published article at `slug` with its primary topic, lead image and stored page
    parts, or None."""
    db = router.db_for_read(Article)
    connection = connections[db]
    at = Article._meta.get_field("published_at").get_db_prep_value(
        now(), connection, prepared=False
    )
    params = {"slug": slug, "status": Article.Status.PUBLISHED, "at": at}
    with connection.cursor() as cursor:
        cursor.execute(sql(), params)
        row = cursor.fetchone()
    if row is None:
        return None
    loaded, start = [], 0
    for model, fields in related_models():
        values = row[start : start + len(fields)]
        start += len(fields)
        present = values[[f.primary_key for f in fields].index(True)] is not None
        loaded.append(from_row(model, fields, values, connection) if present else None)
    article, topic, lead_image, parts = loaded
    article.primary_topic = topic
    absent = []
    for name, found in (("lead_image", lead_image), ("page_parts", parts)):
        if found is not None:
            setattr(article, name, found)
        else:
            absent.append(name)
    if absent:
        # An empty queryset runs no query: the article now knows it has none, as
        # select_related would have told it.
        prefetch_related_objects(
            [article],
            *(Prefetch(name, queryset=nothing(name)) for name in absent),
        )
    return article


def nothing(name):
    return Article._meta.get_field(name).related_model.objects.none()


def from_row(model, fields, values, connection):
    return model.from_db(
        connection.alias,
        [field.attname for field in fields],
        [converted(field, value, connection) for field, value in zip(fields, values, strict=True)],
    )


def converted(field, value, connection):
    """The value as the ORM gives it: datetimes aware (SQLite keeps them naive, in UTC),
    and whatever the field's own from_db_value makes of it (JSON...)."""
    if value is None:
        return None
    if isinstance(field, models.DateTimeField) and settings.USE_TZ and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    from_db_value = getattr(field, "from_db_value", None)
    return from_db_value(value, None, connection) if from_db_value else value
