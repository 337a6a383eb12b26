"""Page-number pagination for every list in the API, in one envelope:
`count`, `page`, `num_pages`, `page_size`, `next`, `previous` and `results`."""

from django.core.paginator import EmptyPage, Paginator
from django.http import Http404
from ninja import Field, Schema

DEFAULT_PAGE_SIZE = 20
# Big enough for any list page a client would show, small enough that one request can't
# ask the database for the whole archive.
MAX_PAGE_SIZE = 100


class PageParams(Schema):
    page: int = Field(1, ge=1, description="Page number, from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        description=f"Items per page; at most {MAX_PAGE_SIZE} (a larger number is lowered "
        f"to {MAX_PAGE_SIZE}).",
    )


class PageMeta(Schema):
    count: int = Field(description="Items in the whole list, on every page.")
    page: int
    num_pages: int
    page_size: int = Field(description="Items per page, after the cap.")
    next: str | None = Field(description="The address of the next page, or null on the last.")
    previous: str | None = Field(
        description="The address of the previous page, or null on the first."
    )


def paginate(request, items, params, serialize):
    """The page of `items` named by `params`, each item passed through `serialize`.

    A page past the end is a 404 that says where the list ends; an empty list still has a
    (empty) first page.
    """
    per_page = min(params.page_size, MAX_PAGE_SIZE)
    paginator = Paginator(items, per_page)
    try:
        page = paginator.page(params.page)
    except EmptyPage:
        raise Http404(
            f"There is no page {params.page}: the last page is {paginator.num_pages}."
        ) from None
    return {
        "count": paginator.count,
        "page": page.number,
        "num_pages": paginator.num_pages,
        "page_size": per_page,
        "next": page_url(request, page.next_page_number()) if page.has_next() else None,
        "previous": (
            page_url(request, page.previous_page_number()) if page.has_previous() else None
        ),
        "results": [serialize(request, item) for item in page.object_list],
    }


def page_url(request, number):
    """This request's address with another page number, every other parameter kept."""
    query = request.GET.copy()
    query["page"] = number
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
