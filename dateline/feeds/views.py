"""Feed views with conditional GET: Last-Modified and ETag, and 304 when nothing changed."""

import hashlib

from django.conf import settings
from django.db.models import Max, Q
from django.http import Http404
from django.utils.timezone import now
from django.views.decorators.http import condition

from dateline import changes as tags
from dateline.articles.models import Article
from dateline.authors.models import Author
from dateline.comments.models import Comment
from dateline.feeds import feeds
from dateline.http import shared_page
from dateline.related.models import Story
from dateline.topics.models import Topic


def newest_change(scope):
    """When a list of articles last changed for readers: an edit, or a publication time
    passing (a scheduled story going live changes the feed with no edit). `scope`: every
    article the feed could show, whatever its status, since one that was unpublished or
    put off changed the feed too (its modified_at): counted over the published ones only,
    the ETag stayed the same, and a cache revalidating with it kept showing the story."""
    live = Q(status=Article.Status.PUBLISHED, published_at__lte=now())
    stamps = scope.aggregate(
        modified=Max("modified_at"), published=Max("published_at", filter=live)
    )
    values = [v for v in stamps.values() if v is not None]
    return max(values) if values else None


FEED_OWNERS = {"story": Story, "topic": Topic, "author": Author}


def owner_of(kwargs):
    """The story, topic or author a feed follows, or None for the site's."""
    model = FEED_OWNERS.get(kwargs.get("kind"))
    if model is None or "slug" not in kwargs:
        return None
    found = model.objects.filter(slug=kwargs["slug"]).first()
    if found is None:
        raise Http404(f"No such {kwargs['kind']}.")
    return found


def articles_for(kwargs, *, live=True):
    """The articles a feed shows (`live`), or every article it could show."""
    articles = Article.objects.published() if live else Article.objects.all()
    owner = owner_of(kwargs)
    if isinstance(owner, Story):
        return articles.filter(story_member__story=owner)
    if isinstance(owner, Topic):
        return articles.in_topic(owner)
    if isinstance(owner, Author):
        return articles.by_author(owner)
    return articles


def listed(kwargs):
    """What a feed lists, as a key for its ETag: its owner's name and each item's id and
    last change. An article that leaves a story, a topic or a byline changes no time the
    feed can still see (it is no longer among the articles it could show), nor does one
    deleted in the admin; a cache revalidating with the old ETag would keep showing it.
    (Last-Modified cannot say so: a reader that asks with If-Modified-Since alone sees the
    change with the next publication.)"""
    owner = owner_of(kwargs)
    names = [str(owner), getattr(owner, "description", "")] if owner else []
    items = articles_for(kwargs).order_by("-published_at", "-pk")
    return repr([*names, *items.values_list("pk", "modified_at")[: settings.FEEDS_ITEMS]])


def feed_tags(kind, kwargs):
    if kind == "comments":
        return [tags.article(kwargs["pk"])]
    if kind == "topic":
        found = Topic.objects.filter(slug=kwargs["slug"]).values_list("pk", flat=True).first()
        return [tags.topic(found)] if found else []
    if kind == "author":
        found = Author.objects.filter(slug=kwargs["slug"]).values_list("pk", flat=True).first()
        return [tags.author(found)] if found else []
    if kind == "story":
        found = Story.objects.filter(slug=kwargs["slug"]).values_list("pk", flat=True).first()
        return [tags.story(found), tags.HOME] if found else []
    return [tags.HOME]


def conditional(feed, kind=None):
    def last_modified(request, **kwargs):
        if kind == "comments":
            article = Article.objects.published().filter(pk=kwargs["pk"]).first()
            if article is None:
                return None
            # A moderator's decision (a comment approved, or withdrawn as spam) changes it.
            stamp = Comment.objects.for_article(article).aggregate(
                m=Max("created_at"), decided=Max("decisions__decided_at")
            )
            return max(
                v for v in (stamp["m"], stamp["decided"], article.modified_at) if v is not None
            )
        return newest_change(articles_for({**kwargs, "kind": kind}, live=False))

    def etag(request, **kwargs):
        stamp = last_modified(request, **kwargs)
        key = f"{request.path}|{stamp.isoformat() if stamp else '-'}"
        if kind != "comments":
            key += "|" + listed({**kwargs, "kind": kind})
        return hashlib.sha256(key.encode()).hexdigest()[:32]

    view = feed()

    @shared_page
    def serve(request, **kwargs):
        request.cache_tags = feed_tags(kind, kwargs)
        response = view(request, **kwargs)
        # The syndication framework dates the feed by its newest item; ours also counts
        # edits, so that Last-Modified and If-Modified-Since agree.
        del response.headers["Last-Modified"]
        return response

    return condition(etag_func=etag, last_modified_func=last_modified)(serve)


site_rss = conditional(feeds.ArticleFeed)
site_atom = conditional(feeds.AtomArticleFeed)
topic_rss = conditional(feeds.TopicRssFeed, "topic")
topic_atom = conditional(feeds.TopicAtomFeed, "topic")
author_rss = conditional(feeds.AuthorRssFeed, "author")
author_atom = conditional(feeds.AuthorAtomFeed, "author")
story_rss = conditional(feeds.StoryRssFeed, "story")
comments_rss = conditional(feeds.CommentsFeed, "comments")
comments_atom = conditional(feeds.CommentsAtomFeed, "comments")
