from django_tasks import task

from dateline.articles.models import Article
from dateline.search.services import update_search_index


@task()
def index_article(article_id):
    article = Article.objects.filter(pk=article_id).first()
    if article is not None:
        update_search_index(article)


def index_changed_article(sender, article_id, **kwargs):
    """`articles.changes.article_changed`'s receiver (connected in apps.py)."""
    index_article.enqueue(article_id)
