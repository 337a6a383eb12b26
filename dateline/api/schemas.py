"""What the API answers with: one schema per shape (they make the OpenAPI document), and
beside each the function that builds it from a model.

The builders say field by field what leaves the building, so nothing is published by
accident: no user account behind an author, no commenter's email, IP address or user
agent, no uploaded original of a lead image (it may carry camera and location metadata).
They run no queries of their own (the views fetch everything first), but for one: an
article's body with library pictures reads them all at once (images.body_pictures).
"""

from datetime import datetime
from typing import Literal

from django.urls import reverse
from ninja import Field, Schema

from dateline.api.pagination import PageMeta
from dateline.images import body_pictures
from dateline.images.models import lead_image_of

ARTICLES = "api-v1:list_articles"


class FieldError(Schema):
    location: Literal["path", "query"]
    field: str
    message: str


class Error(Schema):
    detail: str = Field(description="What went wrong, for a person to read.")
    errors: list[FieldError] = Field(
        default_factory=list, description="One entry per bad parameter (400 only)."
    )


class TopicRef(Schema):
    id: int
    slug: str
    name: str
    url: str = Field(description="The topic's page on the site.")


class Topic(TopicRef):
    description: str
    main: bool = Field(description="A main topic: in the site navigation and on the home page.")
    position: int = Field(description="Order of main topics in the navigation.")
    articles_url: str = Field(description="The topic's published articles in this API.")


class AuthorRef(Schema):
    id: int
    slug: str
    name: str
    url: str = Field(description="The author's page on the site.")


class Author(AuthorRef):
    bio: str
    articles_url: str = Field(description="The author's published articles in this API.")


class ImageRendition(Schema):
    url: str
    width: int
    height: int
    format: Literal["webp", "jpeg"]


class LeadImage(Schema):
    alt: str = Field(description="What the photo shows, for readers who can't see it.")
    caption: str
    credit: str
    width: int | None = Field(description="The original's width in pixels (upright).")
    height: int | None
    renditions: list[ImageRendition] = Field(description="WebP copies, narrowest first.")
    fallback: ImageRendition = Field(description="A JPEG for clients without WebP.")


class RelatedArticle(Schema):
    id: int
    headline: str
    url: str = Field(description="The article's canonical address on the site.")
    topic: TopicRef


class StoryRef(Schema):
    id: int
    slug: str
    name: str
    url: str = Field(description="The story's page on the site.")
    api_url: str = Field(description="The story in this API.")


class Story(StoryRef):
    articles: list[RelatedArticle] = Field(
        description="Its published articles, oldest first (the story's timeline)."
    )


class UpdateEntry(Schema):
    kind: Literal["update", "correction"]
    note: str
    date: datetime


class ArticleSummary(Schema):
    id: int
    slug: str
    headline: str
    dek: str = Field(description="One or two sentences under the headline; may be empty.")
    excerpt: str = Field(description="About 20 words: the dek, or the start of the body.")
    published_at: datetime
    updated_at: datetime | None = Field(
        description="The last substantive update or correction; null unless it came after "
        "publication."
    )
    primary_topic: TopicRef
    topics: list[TopicRef] = Field(description="Every topic of the article, primary first.")
    authors: list[AuthorRef] = Field(description="In byline order.")
    lead_image: LeadImage | None = Field(
        description="Null when there is none or its copies are not made yet."
    )
    canonical_url: str
    comment_count: int = Field(description="Approved comments.")


class ArticleDetail(ArticleSummary):
    body: str = Field(description="HTML, sanitised with the site's allowlist.")
    comments_open: bool
    related: list[RelatedArticle] = Field(description='The "You May Also Like" stories.')
    story: StoryRef | None = Field(
        description='The developing story the article is part of ("More on this story"), or null.'
    )
    updates: list[UpdateEntry] = Field(
        description="The public log of updates and corrections, oldest first."
    )


class Comment(Schema):
    id: int
    parent_id: int | None = Field(
        description="The comment this one answers; null for a top-level comment, and when "
        "the parent is not shown (as on the site, such a reply stands at the top level)."
    )
    author_name: str = Field(description='"Anonymous" when the commenter gave no name.')
    website: str | None
    body: str = Field(description="Plain text as written (not HTML).")
    created_at: datetime


class ArticlePage(PageMeta):
    results: list[ArticleSummary]


class TopicPage(PageMeta):
    results: list[Topic]


class AuthorPage(PageMeta):
    results: list[Author]


class CommentPage(PageMeta):
    results: list[Comment]


class Index(Schema):
    articles: str
    topics: str
    authors: str
    schema_url: str = Field(description="This API's OpenAPI document.")
    docs_url: str | None = Field(description="The interactive documentation, when served.")


def absolute(request, url):
    return request.build_absolute_uri(url)


def topic_ref_json(request, topic):
    return {
        "id": topic.pk,
        "slug": topic.slug,
        "name": topic.name,
        "url": absolute(request, topic.get_absolute_url()),
    }


def topic_json(request, topic):
    return {
        **topic_ref_json(request, topic),
        "description": topic.description,
        "main": topic.on_home_page,
        "position": topic.position,
        "articles_url": absolute(request, f"{reverse(ARTICLES)}?topic={topic.slug}"),
    }


def author_ref_json(request, author):
    return {
        "id": author.pk,
        "slug": author.slug,
        "name": author.display_name,
        "url": absolute(request, author.get_absolute_url()),
    }


def author_json(request, author):
    return {
        **author_ref_json(request, author),
        "bio": author.bio,
        "articles_url": absolute(request, f"{reverse(ARTICLES)}?author={author.slug}"),
    }


def rendition_json(request, found, image_format):
    return {
        "url": absolute(request, found["url"]),
        "width": found["width"],
        "height": found["height"],
        "format": image_format,
    }


def lead_image_json(request, article):
    """The resized copies only: `image` (the uploaded original) is never given out."""
    image = lead_image_of(article)
    if image is None or not image.is_ready:
        return None
    return {
        "alt": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "width": image.width,
        "height": image.height,
        "renditions": [rendition_json(request, r, "webp") for r in image.webp_renditions],
        "fallback": rendition_json(request, image.fallback, "jpeg"),
    }


def article_summary_json(request, article):
    """Needs the article fetched with its primary topic, lead image, bylines and topics."""
    further = [t for t in article.topics.all() if t.pk != article.primary_topic_id]
    return {
        "id": article.pk,
        "slug": article.slug,
        "headline": article.headline,
        "dek": article.dek,
        "excerpt": article.excerpt,
        "published_at": article.published_at,
        "updated_at": article.updated_at if article.was_updated else None,
        "primary_topic": topic_ref_json(request, article.primary_topic),
        "topics": [topic_ref_json(request, t) for t in [article.primary_topic, *further]],
        "authors": [author_ref_json(request, a) for a in article.byline_authors],
        "lead_image": lead_image_json(request, article),
        "canonical_url": absolute(request, article.get_absolute_url()),
        "comment_count": article.comment_count,
    }


def story_ref_json(request, story):
    return {
        "id": story.pk,
        "slug": story.slug,
        "name": story.name,
        "url": absolute(request, story.get_absolute_url()),
        "api_url": absolute(request, reverse("api-v1:story_detail", args=[story.slug])),
    }


def story_json(request, story, articles):
    return {
        **story_ref_json(request, story),
        "articles": [related_article_json(request, article) for article in articles],
    }


def related_article_json(request, article):
    return {
        "id": article.pk,
        "headline": article.headline,
        "url": absolute(request, article.get_absolute_url()),
        "topic": topic_ref_json(request, article.primary_topic),
    }


def article_detail_json(request, article, *, related_links, story=None):
    """Needs what `article_summary` needs, the update log, and the related links fetched
    with their articles' primary topics."""
    return {
        "story": story_ref_json(request, story) if story is not None else None,
        **article_summary_json(request, article),
        # Library pictures as feeds give them: their current words, absolute addresses.
        "body": body_pictures.for_api(article.body, lambda url: absolute(request, url)),
        "comments_open": article.comments_are_open,
        "related": [related_article_json(request, link.related) for link in related_links],
        "updates": [
            {"kind": entry.kind, "note": entry.note, "date": entry.created_at}
            for entry in article.updates.all()
        ],
    }


def comment_json(request, comment):
    """Needs the comment annotated with `shown_parent_id`."""
    return {
        "id": comment.pk,
        "parent_id": comment.shown_parent_id,
        "author_name": comment.author_name or "Anonymous",
        "website": comment.author_url or None,
        "body": comment.body,
        "created_at": comment.created_at,
    }
