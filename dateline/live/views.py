"""The reader's side of live coverage beyond the article page: the poll answer every reader
shares, an entry's stable address, and the feed of entries."""

from django.contrib.syndication.views import Feed
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET

from dateline import changes
from dateline.articles.models import Article
from dateline.http import content_etag, shared_page
from dateline.live import display
from dateline.live.models import Entry


def live_article(pk):
    article = Article.objects.published().filter(pk=pk).select_related("coverage").first()
    coverage = display.coverage_of(article) if article else None
    if coverage is None:
        raise Http404("No live coverage here.")
    return article, coverage


# The same address and the same answer for every reader at a given moment (no cursor of
# theirs in it, and the page cache ignores any parameter): the page cache answers nearly
# every poll, and the ETag lets a reader whose copy is current get a 304. A new entry
# announces the article's tag, which makes the cached answer stale at once.
@require_GET
@content_etag
@shared_page
def poll(request, pk):
    article, coverage = live_article(pk)
    request.cache_tags = [changes.article(article.pk)]
    # Not kept by nginx's micro-cache, which counts whole seconds (an answer up to 2 s
    # old): Dateline's page cache answers every poll, with no query, and drops the answer
    # the moment an update is committed.
    request.front_cache_seconds = 0
    return JsonResponse(display.poll_answer(article, coverage))


@require_GET
def entry(request, pk):
    """An entry's stable address: the article page of updates it is on now, at the entry."""
    found = get_object_or_404(
        Entry.objects.shown().select_related("article__primary_topic"),
        pk=pk, article__in=Article.objects.published(),
    )  # fmt: skip
    number = display.page_of(found)
    query = f"?updates={number}" if number > 1 else ""
    return redirect(f"{found.article.get_absolute_url()}{query}#{found.anchor}")


class EntriesFeed(Feed):
    """The entries of one live article, newest first (Atom)."""

    feed_type = Atom1Feed

    def get_object(self, request, pk):
        article, _ = live_article(pk)
        request.cache_tags = [changes.article(article.pk)]
        return article

    def title(self, article):
        return f"Live: {article.headline}"

    def link(self, article):
        return article.get_absolute_url()

    def subtitle(self, article):
        return article.dek

    def items(self, article):
        return Entry.objects.filter(article=article).for_display()[:50]

    def item_title(self, entry):
        return f"{entry.posted_at:%H:%M} update"

    def item_description(self, entry):
        return entry.body

    def item_link(self, entry):
        return entry.get_absolute_url()

    def item_pubdate(self, entry):
        return entry.posted_at

    def item_updateddate(self, entry):
        return entry.edited_at or entry.posted_at

    def item_author_name(self, entry):
        return entry.author.display_name if entry.author else None


feed = shared_page(EntriesFeed())
