from django.shortcuts import get_object_or_404, render

from dateline.articles.models import Article
from dateline.authors.models import Author
from dateline.http import content_etag
from dateline.pagination import paginate_or_404


@content_etag
def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    page = paginate_or_404(request, Article.objects.published().by_author(author).for_listing())
    return render(request, "authors/detail.html", {"author": author, "page": page})
