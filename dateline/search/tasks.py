from django_tasks import task

from dateline.articles.models import Article
from dateline.search.services import update_search_index


@task()
def index_article(article_id):
    article = Article.objects.filter(pk=article_id).first()
    if article is not None:
        update_search_index(article)
