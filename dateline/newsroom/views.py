from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from dateline.articles.models import Article
from dateline.articles.views import render_article_page
from dateline.newsroom.models import ArticleUpdate
from dateline.newsroom.roles import can_edit_any, is_author_of
from dateline.pagination import paginate_or_404


def get_article_for_preview(request, pk):
    """Staff who may edit the article see it, whatever its status; everyone else gets a 404."""
    article = Article.objects.for_article_page().filter(pk=pk).first()
    user = request.user
    if article is None or not user.is_staff or not user.has_perm("articles.view_article"):
        raise Http404("No such article.")
    if not (can_edit_any(user) or is_author_of(user, article)):
        raise Http404("No such article.")
    return article


@never_cache
def preview_article(request, pk):
    article = get_article_for_preview(request, pk)
    response = render_article_page(request, article, preview=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def corrections(request):
    page = paginate_or_404(
        request,
        ArticleUpdate.objects.corrections()
        .public()
        .select_related("article__primary_topic")
        .order_by("-created_at", "-pk"),
    )
    return render(request, "newsroom/corrections.html", {"page": page})
