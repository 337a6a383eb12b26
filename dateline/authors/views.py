from django.shortcuts import get_object_or_404, render

from dateline.articles.models import Article
from dateline.authors.models import Author
from dateline.http import content_etag
from dateline.pagecache import tags
from dateline.pagecache.middleware import cached_page
from dateline.pagination import paginate_or_404


@content_etag
@cached_page
def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    request.cache_tags = [tags.author(author.pk)]
    page = paginate_or_404(request, Article.objects.published().by_author(author).for_listing())
    return render(request, "authors/detail.html", {"author": author, "page": page})
