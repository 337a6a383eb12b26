"""Structured data for search engines and link previews: schema.org JSON-LD built from
the models, with no extra query beyond what the page already loaded."""

import json

from django.conf import settings
from django.utils.html import mark_safe
from django.utils.text import Truncator

from dateline.articles.text import plain_text
from dateline.images.models import lead_image_of


def as_jsonld(data):
    """A <script type="application/ld+json"> that no text inside can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def lead_image_urls(article):
    """Largest first, as Google's NewsArticle guidelines ask for several sizes."""

    image = lead_image_of(article)
    if image is None or not image.is_ready:
        return []
    return [r["url"] for r in reversed(image.webp_renditions)]


def news_article_data(article, live=None):
    """The article's NewsArticle (a LiveBlogPosting while it has live coverage, `live`
    being live.display.live_block's context), with site-relative addresses: the same for
    every reader, so the article page keeps it with its stored parts (pages/parts.py)."""
    url = article.get_absolute_url()
    modified = article.updated_at if article.was_updated else article.published_at
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline[:110],
        "description": article.dek or article.excerpt,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": modified.isoformat() if modified else None,
        "articleSection": article.primary_topic.name,
        "author": [
            {"@type": "Person", "name": author.display_name, "url": author.get_absolute_url()}
            for author in article.byline_authors
        ],
        "publisher": {"@type": "NewsMediaOrganization", "name": settings.SITE_NAME, "url": "/"},
        "isAccessibleForFree": True,
    }
    images = lead_image_urls(article)
    if images:
        data["image"] = images
    if live is not None:
        data.update(live_blog_data(url, live))
    corrections = [entry for entry in article.updates.all() if entry.kind == "correction"]
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": entry.note,
                "datePublished": entry.created_at.isoformat(),
            }
            for entry in corrections
        ]
    return data


LIVE_UPDATES_IN_DATA = 10


def live_blog_data(url, live):
    """LiveBlogPosting's own properties: the coverage's times and its latest entries."""
    coverage = live["coverage"]
    data = {
        "@type": "LiveBlogPosting",
        "coverageStartTime": coverage.started_at.isoformat(),
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "headline": Truncator(text := plain_text(entry.body)).chars(110),
                "articleBody": text,
                "datePublished": entry.posted_at.isoformat(),
                "dateModified": (entry.edited_at or entry.posted_at).isoformat(),
                "url": f"{url}#{entry.anchor}",
                **(
                    {"author": {"@type": "Person", "name": entry.author.display_name}}
                    if entry.author
                    else {}
                ),
            }
            for entry in list(live["page"].object_list)[:LIVE_UPDATES_IN_DATA]
        ],
    }
    if coverage.ended_at:
        data["coverageEndTime"] = coverage.ended_at.isoformat()
    return data


def with_addresses(absolute, data):
    """`news_article_data` with absolute addresses: `absolute` turns a site-relative
    address into one on the site's host (the article page's parts put a mark there that
    each request fills in, pages/parts.py)."""
    url = absolute(data["url"])
    data = {
        **data,
        "mainEntityOfPage": {**data["mainEntityOfPage"], "@id": url},
        "url": url,
        "author": [{**author, "url": absolute(author["url"])} for author in data["author"]],
        "publisher": {**data["publisher"], "url": absolute(data["publisher"]["url"])},
    }
    if "image" in data:
        data["image"] = [absolute(path) for path in data["image"]]
    if "liveBlogUpdate" in data:
        data["liveBlogUpdate"] = [
            {**update, "url": absolute(update["url"])} for update in data["liveBlogUpdate"]
        ]
    return data


def breadcrumbs(request, *crumbs):
    """BreadcrumbList from (name, path) pairs, home first."""
    items = [("Home", "/"), *crumbs]
    return as_jsonld(
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": name,
                    "item": request.build_absolute_uri(path),
                }
                for position, (name, path) in enumerate(items, start=1)
            ],
        }
    )
