import datetime

from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import date

from dateline.articles import parts as parts_store
from dateline.articles.models import Article, page_article, rendering_prefetches
from dateline.http import content_etag
from dateline.pagecache import tags
from dateline.pagecache.middleware import cached_page
from dateline.pagination import paginate_or_404
from dateline.related.models import RelatedLink
from dateline.topics.models import Topic

LATEST_ON_HOME = 9
PER_TOPIC_BLOCK = 4


@content_etag
@cached_page
def article_detail(request, topic_slug, slug):
    article = page_article(slug)
    if article is None:
        # An old address of an article whose slug changed: send readers to the new one.
        moved = get_object_or_404(
            Article.objects.published().select_related("primary_topic"), old_slugs__slug=slug
        )
        return redirect(moved, permanent=True)
    if article.primary_topic.slug != topic_slug:
        # The article's address follows its primary topic: send old links to the new one.
        return redirect(article, permanent=True)
    return render_article_page(request, article)


def render_article_page(
    request, article, *, comment_form=None, comment_notice=None, status=200, preview=False
):
    """The article page; the comment view uses it too, to re-show a form with its errors.

    Most views join the parts stored for the article (articles/parts.py) around the
    comment section; the others, and the first view after a change, render the parts
    from the models first."""
    from dateline.comments import display

    usual_view = not preview and display.shows_what_everyone_sees(request)
    parts = parts_store.stored(article) if usual_view else None
    if parts is None:
        version = parts_store.version_read(article)
        prefetch_related_objects([article], *rendering_prefetches())
        related = list(RelatedLink.objects.live_or_scheduled(article))
        comments = display.comment_section(
            request, article, form=comment_form, notice=comment_notice
        )
        parts = parts_store.render(article, related, comments, preview=preview)
        if usual_view:
            parts_store.store(article, parts, version)
    else:
        comments = display.comment_form_section(
            request, article, form=comment_form, notice=comment_notice
        )
    request.cache_tags = [tags.article(article.pk), *map(tags.article, parts.values["related_ids"])]
    html, content_key = parts_store.page(parts, request, article, comments)
    response = HttpResponse(html, status=status)
    response.content_key = content_key
    return response


@content_etag
@cached_page
def home(request):
    request.cache_tags = [tags.HOME]
    latest = list(Article.objects.published().for_listing()[:LATEST_ON_HOME])
    shown = {article.pk for article in latest}
    blocks = []
    for topic in Topic.objects.on_home_page():
        articles = (
            Article.objects.published()
            .in_topic(topic)
            .exclude(pk__in=shown)
            .select_related("primary_topic")
            .newest_first()[:PER_TOPIC_BLOCK]
        )
        blocks.append((topic, articles))
    return render(
        request,
        "articles/home.html",
        {"lead_story": latest[:1], "latest": latest[1:], "topic_blocks": blocks},
    )


@content_etag
@cached_page
def latest(request):
    request.cache_tags = [tags.HOME]
    page = paginate_or_404(request, Article.objects.published().for_listing())
    return render(request, "articles/archive.html", {"title": "Latest stories", "page": page})


@content_etag
@cached_page
def archive_index(request):
    request.cache_tags = [tags.HOME]
    years = Article.objects.published().dates("published_at", "year", order="DESC")
    return render(request, "articles/archive_index.html", {"years": years})


@content_etag
@cached_page
def archive(request, year, month=None):
    request.cache_tags = [tags.HOME]
    if not 1 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
        raise Http404("No such date.")
    articles = Article.objects.published().filter(published_at__year=year)
    months = articles.dates("published_at", "month")
    if month is not None:
        articles = articles.filter(published_at__month=month)
    page = paginate_or_404(request, articles.for_listing())
    if not page.object_list:
        raise Http404("Nothing was published then.")
    title = date(datetime.date(year, month, 1), "F Y") if month else str(year)
    context = {"title": f"Stories from {title}", "page": page, "year": year, "months": months}
    return render(request, "articles/archive.html", context)
