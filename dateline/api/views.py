"""The read-only content API, version 1, served under /api/v1/ (django-ninja).

Readers' rules hold here too: only published articles whose time has come
(`Article.objects.published()`), only approved comments, and nothing personal.
"""

import re
from datetime import date, datetime, time
from typing import Annotated

from django.apps import apps
from django.db.models import Case, F, When
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.timezone import get_current_timezone
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import ValidationError
from pydantic import AfterValidator, BeforeValidator

from dateline.api import schemas
from dateline.api.http import http_cached
from dateline.api.pagination import PageParams, paginate
from dateline.articles.models import Article
from dateline.authors.models import Author
from dateline.comments.models import Comment
from dateline.related.models import RelatedLink, Story, StoryMember
from dateline.topics.models import Topic

DESCRIPTION = """
Dateline's published stories, topics, authors and approved comments, as JSON. Read-only,
no authentication.

- **Lists** are paginated by page number (`?page=2&page_size=50`, at most 100 a page) in
  one envelope: `count`, `page`, `num_pages`, `page_size`, `next`, `previous`, `results`.
  A page past the end is a 404.
- **Articles** are newest first. Fetch one by id (`/articles/{id}/`) or by the slug in its
  address (`/articles/by-slug/{slug}/`; an old slug answers 301 with the new address).
- **Dates** in filters are ISO dates (`2025-03-01`) in the newsroom's time zone;
  `published_after` includes its day, `published_before` excludes its day, so
  `published_after=2025-03-01&published_before=2025-04-01` is March. Times in answers are
  ISO 8601 in UTC.
- **Errors** are JSON: `{"detail": "...", "errors": [...]}`; 400 for a bad parameter
  (`errors` names each one), 404 for something that is not there (or not published yet).
- **Caching**: answers are as fresh as the site's pages: `Cache-Control: public,
  max-age=0, s-maxage=1` (by default a shared cache may keep one for a second, a client
  must ask again) and an `ETag`; send it back in `If-None-Match` to get 304 Not Modified
  while nothing changed. An unpublished story is gone from the next answer.
"""

# The largest id the database holds (a 64-bit primary key): a larger one is a 400 rather
# than an overflow deep in the database driver.
MAX_ID = 2**63 - 1
ArticleId = Annotated[int, Path(..., ge=1, le=MAX_ID, description="The article's id.")]


def without_nul(text):
    # PostgreSQL refuses to compare text that holds a NUL character (the query fails), and
    # no slug holds one: a 400 rather than a 500.
    if "\x00" in text:
        raise ValueError("must not contain a NUL character")
    return text


Slug = Annotated[str, AfterValidator(without_nul)]


def iso_date(value):
    # Pydantic would also read a number as seconds since 1970 ("0" as 1970-01-01); the
    # filters take ISO dates only, as the schema says.
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("must be an ISO date, such as 2025-03-01")
    return value


IsoDate = Annotated[date, BeforeValidator(iso_date)]


class DatelineAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation):
        # The view's name (also its URL name), rather than django-ninja's module-qualified
        # default: short method names in generated clients.
        return operation.view_func.__name__


api = DatelineAPI(
    title="Dateline content API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    openapi_url="/schema/",
    # The docs page loads Swagger UI from django-ninja's own static files, which only
    # exist when "ninja" is an installed app; without it django-ninja would fall back to a
    # CDN, which the site's Content-Security-Policy (and its privacy) rule out.
    docs_url="/docs/" if apps.is_installed("ninja") else None,
    docs_decorator=http_cached,
)
api.add_decorator(http_cached, mode="view")


class InvalidParameter(Exception):
    """A parameter that parsed but makes no sense, such as a topic that doesn't exist."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


@api.exception_handler(ValidationError)
def invalid_input(request, exc):
    errors = [
        {
            "location": error["loc"][0],
            "field": ".".join(str(part) for part in error["loc"][1:]),
            "message": error["msg"],
        }
        for error in exc.errors
    ]
    detail = "; ".join(f"{error['field']}: {error['message']}" for error in errors)
    return bad_request(request, f"Invalid parameters. {detail}.", errors)


@api.exception_handler(InvalidParameter)
def invalid_parameter(request, exc):
    error = {"location": "query", "field": exc.field, "message": exc.message}
    return bad_request(request, f"Invalid parameters. {exc.field}: {exc.message}", [error])


def bad_request(request, detail, errors):
    return api.create_response(request, {"detail": detail, "errors": errors}, status=400)


@api.exception_handler(Http404)
def not_found(request, exc):
    # Our own 404s say what is missing; none of them carries anything private.
    detail = str(exc) or "Not found."
    return api.create_response(request, {"detail": detail, "errors": []}, status=404)


class ArticleFilters(Schema):
    topic: Slug | None = Field(
        None, description="A topic's slug: articles with it as primary or further topic."
    )
    author: Slug | None = Field(None, description="An author's slug.")
    published_after: IsoDate | None = Field(
        None, description="Published on this day or later (ISO date, newsroom time zone)."
    )
    published_before: IsoDate | None = Field(
        None, description="Published before this day (ISO date; the day itself excluded)."
    )


def start_of_day(day):
    """Midnight at the start of `day` in the newsroom's time zone. The first and last days
    of the calendar are moved one day in: their midnight has no UTC time in every zone,
    and no story is that old, or that far ahead."""
    day = min(max(day, date(1, 1, 2)), date(9999, 12, 30))
    return datetime.combine(day, time.min, tzinfo=get_current_timezone())


def get_published_article(pk):
    article = Article.objects.published().for_rendering().filter(pk=pk).first()
    if article is None:
        raise Http404(f"No published article has the id {pk}.")
    return article


def article_json(request, article):
    related_links = RelatedLink.objects.for_block(article)
    member = StoryMember.objects.filter(article=article).select_related("story").first()
    return schemas.article_detail_json(
        request, article, related_links=related_links, story=member and member.story
    )


@api.get("/", response=schemas.Index, tags=["index"], summary="Where everything is")
def index(request):
    docs = reverse("api-v1:openapi-view") if api.docs_url else None
    return {
        "articles": request.build_absolute_uri(reverse("api-v1:list_articles")),
        "topics": request.build_absolute_uri(reverse("api-v1:list_topics")),
        "authors": request.build_absolute_uri(reverse("api-v1:list_authors")),
        "schema_url": request.build_absolute_uri(reverse("api-v1:openapi-json")),
        "docs_url": request.build_absolute_uri(docs) if docs else None,
    }


@api.get(
    "/articles/",
    response={200: schemas.ArticlePage, 400: schemas.Error, 404: schemas.Error},
    tags=["articles"],
    summary="Published articles, newest first",
)
def list_articles(request, paging: Query[PageParams], filters: Query[ArticleFilters]):
    articles = Article.objects.published()
    if filters.topic is not None:
        topic = Topic.objects.filter(slug=filters.topic).first()
        if topic is None:
            raise InvalidParameter("topic", f"No topic has the slug {filters.topic!r}.")
        articles = articles.in_topic(topic)
    if filters.author is not None:
        author = Author.objects.filter(slug=filters.author).first()
        if author is None:
            raise InvalidParameter("author", f"No author has the slug {filters.author!r}.")
        articles = articles.by_author(author)
    after, before = filters.published_after, filters.published_before
    if after and before and after >= before:
        raise InvalidParameter(
            "published_before",
            "must be a later day than published_after (published_before excludes its day).",
        )
    if after:
        articles = articles.filter(published_at__gte=start_of_day(after))
    if before:
        articles = articles.filter(published_at__lt=start_of_day(before))
    articles = articles.for_listing().select_related("lead_image").prefetch_related("topics")
    return paginate(request, articles, paging, schemas.article_summary_json)


@api.get(
    "/articles/by-slug/{slug}/",
    response={200: schemas.ArticleDetail, 301: None, 400: schemas.Error, 404: schemas.Error},
    tags=["articles"],
    summary="One published article, by the slug in its address",
    description="An article whose slug has changed answers its old slug with a 301 to its "
    "new one here.",
)
def article_by_slug(request, slug: Slug):
    article = Article.objects.published().for_rendering().filter(slug=slug).first()
    if article is None:
        moved = Article.objects.published().filter(old_slugs__slug=slug).first()
        if moved is None:
            raise Http404(f"No published article has the slug {slug!r}.")
        new_address = reverse("api-v1:article_by_slug", kwargs={"slug": moved.slug})
        return HttpResponsePermanentRedirect(new_address)
    return article_json(request, article)


@api.get(
    "/articles/{id}/",
    response={200: schemas.ArticleDetail, 400: schemas.Error, 404: schemas.Error},
    tags=["articles"],
    summary="One published article, by id",
)
def article_detail(request, id: ArticleId):
    return article_json(request, get_published_article(id))


@api.get(
    "/articles/{id}/comments/",
    response={200: schemas.CommentPage, 400: schemas.Error, 404: schemas.Error},
    tags=["articles"],
    summary="An article's approved comments, oldest first",
    description="A flat list: rebuild the threads from `parent_id`.",
)
def article_comments(request, id: ArticleId, paging: Query[PageParams]):
    article = Article.objects.published().filter(pk=id).first()
    if article is None:
        raise Http404(f"No published article has the id {id}.")
    comments = (
        Comment.objects.approved()
        .for_article(article)
        .for_display()
        .annotate(
            shown_parent_id=Case(
                When(parent__status=Comment.Status.APPROVED, then=F("parent_id")), default=None
            )
        )
    )
    return paginate(request, comments, paging, schemas.comment_json)


@api.get(
    "/topics/",
    response={200: schemas.TopicPage, 400: schemas.Error, 404: schemas.Error},
    tags=["topics"],
    summary="Every topic, by name",
)
def list_topics(request, paging: Query[PageParams]):
    return paginate(request, Topic.objects.order_by("name", "pk"), paging, schemas.topic_json)


@api.get(
    "/topics/{slug}/",
    response={200: schemas.Topic, 400: schemas.Error, 404: schemas.Error},
    tags=["topics"],
    summary="One topic",
)
def topic_detail(request, slug: Slug):
    topic = Topic.objects.filter(slug=slug).first()
    if topic is None:
        raise Http404(f"No topic has the slug {slug!r}.")
    return schemas.topic_json(request, topic)


@api.get(
    "/authors/",
    response={200: schemas.AuthorPage, 400: schemas.Error, 404: schemas.Error},
    tags=["authors"],
    summary="Every author, by name",
)
def list_authors(request, paging: Query[PageParams]):
    authors = Author.objects.order_by("display_name", "pk")
    return paginate(request, authors, paging, schemas.author_json)


@api.get(
    "/authors/{slug}/",
    response={200: schemas.Author, 400: schemas.Error, 404: schemas.Error},
    tags=["authors"],
    summary="One author",
)
def author_detail(request, slug: Slug):
    author = Author.objects.filter(slug=slug).first()
    if author is None:
        raise Http404(f"No author has the slug {slug!r}.")
    return schemas.author_json(request, author)


@api.get(
    "/stories/{slug}/",
    response={200: schemas.Story, 400: schemas.Error, 404: schemas.Error},
    tags=["stories"],
    summary="One developing story and its published articles",
)
def story_detail(request, slug: Slug):
    story = Story.objects.filter(slug=slug).first()
    articles = list(
        Article.objects.published()
        .filter(story_member__story=story)
        .select_related("primary_topic")
        .order_by("published_at", "pk")
    )
    if story is None or not articles:
        raise Http404(f"No story with published articles has the slug {slug!r}.")
    return schemas.story_json(request, story, articles)


def unknown_address(request):
    """Any other address under /api/v1/: a JSON 404 like the API's own, not the site's
    HTML page."""
    detail = f"Nothing is at {request.path}; {reverse('api-v1:index')} lists what is."
    response = JsonResponse({"detail": detail, "errors": []}, status=404)
    patch_cache_control(response, no_store=True)
    return response
