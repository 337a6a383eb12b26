"""RSS 2.0 and Atom feeds with Django's syndication framework: the site, each topic, each
author, and the comments of each article."""

import copy

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from dateline.articles.models import Article
from dateline.authors.models import Author
from dateline.comments.models import Comment
from dateline.images import body_pictures
from dateline.related.models import Story
from dateline.topics.models import Topic


class ArticleFeed(Feed):
    feed_type = Rss201rev2Feed

    def title(self, obj=None):
        return settings.SITE_NAME

    def link(self, obj=None):
        return "/"

    def description(self, obj=None):
        return settings.SITE_TAGLINE

    def articles(self, obj):
        return Article.objects.published()

    def get_feed(self, obj, request):
        # One Feed serves every request: what belongs to this one (its address, for the
        # pictures in full-text bodies) goes on a copy.
        feed = copy.copy(self)
        feed.request = request
        return super(ArticleFeed, feed).get_feed(obj, request)

    def items(self, obj=None):
        articles = list(self.articles(obj).for_listing()[: settings.FEEDS_ITEMS])
        if settings.FEEDS_FULL_TEXT:
            # Library pictures with absolute addresses, which feed readers need; one query
            # for all of them.
            bodies = body_pictures.for_feeds(
                [article.body for article in articles], self.request.build_absolute_uri
            )
            self.bodies = {article.pk: body for article, body in zip(articles, bodies, strict=True)}
        return articles

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        # Full text or an excerpt, as the site prefers (FEEDS_FULL_TEXT).
        if settings.FEEDS_FULL_TEXT:
            return self.bodies[article.pk]
        return article.dek or article.excerpt

    def item_link(self, article):
        return article.get_absolute_url()

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        # The public "last updated" time, never the time of a minor edit.
        return article.updated_at if article.was_updated else article.published_at

    def item_author_name(self, article):
        return ", ".join(a.display_name for a in article.byline_authors) or None

    def item_categories(self, article):
        return [article.primary_topic.name]


class AtomArticleFeed(ArticleFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)


class TopicFeedMixin:
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, topic):
        return f"{topic.name} · {settings.SITE_NAME}"

    def link(self, topic):
        return topic.get_absolute_url()

    def description(self, topic):
        return topic.description or f"{topic.name} from {settings.SITE_NAME}"

    def articles(self, topic):
        return Article.objects.published().in_topic(topic)


class AuthorFeedMixin:
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, author):
        return f"{author.display_name} · {settings.SITE_NAME}"

    def link(self, author):
        return author.get_absolute_url()

    def description(self, author):
        return f"Stories by {author.display_name}"

    def articles(self, author):
        return Article.objects.published().by_author(author)


class StoryFeedMixin:
    def get_object(self, request, slug):
        return get_object_or_404(Story, slug=slug)

    def title(self, story):
        return f"{story.name} · {settings.SITE_NAME}"

    def link(self, story):
        return story.get_absolute_url()

    def description(self, story):
        return f"Every article on this story from {settings.SITE_NAME}"

    def articles(self, story):
        return Article.objects.published().filter(story_member__story=story)


class StoryRssFeed(StoryFeedMixin, ArticleFeed):
    pass


class TopicRssFeed(TopicFeedMixin, ArticleFeed):
    pass


class TopicAtomFeed(TopicFeedMixin, AtomArticleFeed):
    pass


class AuthorRssFeed(AuthorFeedMixin, ArticleFeed):
    pass


class AuthorAtomFeed(AuthorFeedMixin, AtomArticleFeed):
    pass


class CommentsFeed(Feed):
    """Approved comments on one article, newest first. Never an email address."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, pk):
        return get_object_or_404(Article.objects.published().select_related("primary_topic"), pk=pk)

    def title(self, article):
        return f"Comments on: {article.headline}"

    def link(self, article):
        return article.get_absolute_url() + "#comments"

    def description(self, article):
        return f"Readers' comments on {article.headline}"

    def items(self, article):
        return (
            Comment.objects.approved()
            .for_article(article)
            .for_display()
            .order_by("-created_at", "-pk")[: settings.FEEDS_ITEMS]
        )

    def item_title(self, comment):
        return f"By: {comment.author_name or 'Anonymous'}"

    def item_description(self, comment):
        return comment.body

    def item_link(self, comment):
        return f"{self._article_url}?comments=open#comment-{comment.pk}"

    def item_pubdate(self, comment):
        return comment.created_at

    def item_author_name(self, comment):
        return comment.author_name or "Anonymous"

    def get_feed(self, obj, request):
        self._article_url = obj.get_absolute_url()
        return super().get_feed(obj, request)


class CommentsAtomFeed(CommentsFeed):
    feed_type = Atom1Feed
