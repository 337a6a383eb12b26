from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404


def paginate_or_404(request, object_list, per_page=None):
    """The page named by ?page=; a page past the end or not a number is a 404, not a 500."""
    paginator = Paginator(object_list, per_page or settings.ARTICLES_PER_PAGE)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("There is no such page.") from None
