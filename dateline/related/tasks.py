"""Background work for related lists. Tasks take ids and call a service, nothing else; the
default back-end runs them at once, in process (settings.TASKS)."""

from django_tasks import task

from dateline.articles.models import Article
from dateline.related import services


@task()
def refresh_related_lists(article_id):
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return
    if article.status == Article.Status.PUBLISHED:
        services.refresh_related(article)
    else:
        services.remove_from_related(article)


def refresh_for_changed_article(sender, article_id, **kwargs):
    """`articles.changes.article_changed`'s receiver (connected in apps.py)."""
    refresh_related_lists.enqueue(article_id)
