from django.http import Http404
from django.shortcuts import render

from dateline.articles.models import Article
from dateline.search.backends import backend, highlight, query_terms
from dateline.search.forms import SearchForm

PER_PAGE = 10
# Far past any search's last page; the database's OFFSET (a 64-bit integer on PostgreSQL)
# overflows on a page number of about 10**18.
MAX_PAGE = 100_000


def search(request):
    form = SearchForm(request.GET or None)
    text = request.GET.get("q", "")
    terms = query_terms(text)
    context = {"form": form, "query": text, "terms": terms, "hits": [], "total": 0}
    if terms:
        try:
            number = int(request.GET.get("page") or 1)
        except ValueError:
            raise Http404("There is no such page.") from None
        if not 1 <= number <= MAX_PAGE:
            raise Http404("There is no such page.")
        results = backend().search(terms, form.filters(), (number - 1) * PER_PAGE, PER_PAGE)
        total, hits = results.total, results.hits
        if number > 1 and not hits:
            raise Http404("There is no such page.")
        articles = Article.objects.select_related("primary_topic").in_bulk(
            [h.article_id for h in hits]
        )
        context.update(
            total=total,
            capped=results.capped,
            hits=[
                (articles[hit.article_id], highlight(hit.snippet))
                for hit in hits
                if hit.article_id in articles
            ],
            page_number=number,
            has_previous=number > 1,
            has_next=number * PER_PAGE < total,
            pages=(total + PER_PAGE - 1) // PER_PAGE,
        )
    return render(request, "search/results.html", context)
