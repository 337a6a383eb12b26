"""The Google News sitemap: articles of the last 48 hours, at most 1,000.

See https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap
"""

from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.timezone import now

from dateline.articles.models import Article

WINDOW = timedelta(hours=48)
LIMIT = 1000


def news_sitemap(request):
    articles = (
        Article.objects.published()
        .filter(published_at__gte=now() - WINDOW)
        .select_related("primary_topic")
        .newest_first()[:LIMIT]
    )
    context = {
        "articles": articles,
        "base": f"{request.scheme}://{request.get_host()}",
        "publication": settings.SITE_NAME,
        "language": settings.LANGUAGE_CODE.split("-")[0],
    }
    return render(request, "feeds/news_sitemap.xml", context, content_type="application/xml")


def robots_txt(request):
    base = f"{request.scheme}://{request.get_host()}"
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "Disallow: /search/",
        "Disallow: /comments/",
        "",
        f"Sitemap: {base}/sitemap.xml",
        f"Sitemap: {base}/sitemap-news.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
