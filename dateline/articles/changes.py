"""The tags (dateline/changes.py) a change to some articles touches."""

from django.dispatch import Signal

from dateline import changes
from dateline.articles.models import Article, Byline


def tags_for(article_ids):
    """Every tag a change to these articles touches: their pages, their topic and author
    pages and feeds, and the front page."""
    article_ids = list(article_ids)
    through = Article.topics.through.objects.filter(article_id__in=article_ids)
    topic_ids = {
        *Article.objects.filter(pk__in=article_ids).values_list("primary_topic_id", flat=True),
        *through.values_list("topic_id", flat=True),
    }
    author_ids = Byline.objects.filter(article_id__in=article_ids).values_list(
        "author_id", flat=True
    )
    return [
        changes.HOME,
        *(changes.article(pk) for pk in article_ids),
        *(changes.topic(pk) for pk in topic_ids if pk),
        *(changes.author(pk) for pk in set(author_ids)),
    ]


def announce_articles(article_ids, *more_tags):
    changes.announce(*tags_for(article_ids), *more_tags)


# Sent once a change to an article is committed, with `article_id`: what follows any
# change readers see (the search index, related lists, the next go-live time) listens.
article_changed = Signal()

# Sent once a change to an article's further text is committed (articles/more_text.py: a live
# entry), with `article_id`: the search index listens; related lists do not, so a stream of
# entries does not re-rank every list.
article_text_changed = Signal()
