"""What changed, in the words every cached page and stored page part is tagged with.

Writes at every layer say what they changed with `announce("article:12", ...)`; they need
not know who keeps copies of what readers see. The layers above listen to `changed`: the
reader pages throw away the stored parts that show a tag (pages/receivers.py), the page
cache makes every cached page that shows one stale once the write is committed
(pagecache/tags.py, `bump_when_committed`).

Tags: SITE (what every page shows: navigation, a topic's or author's name), HOME (the
front page, the latest-stories lists and the site feeds), BANNER (the breaking-news banner
on every reader page: unlike SITE, it throws away no article's stored page parts, which
leave the banner out), and one per article, topic,
author, story (its page and feed) and newsletter (its archive of sent issues); `comments`
for an article's comment section, which only its own page shows.
"""

from django.dispatch import Signal

SITE = "site"
HOME = "home"
BANNER = "banner"


def article(pk):
    return f"article:{pk}"


def comments(pk):
    """An article's comments as its own page shows them (lists show the count: `article`)."""
    return f"comments:{pk}"


def topic(pk):
    return f"topic:{pk}"


def author(pk):
    return f"author:{pk}"


def story(pk):
    return f"story:{pk}"


def newsletter(pk):
    return f"newsletter:{pk}"


# Sent inside the writer's transaction, with `tags`: a frozenset of the tags above.
changed = Signal()


def announce(*tags):
    """Say that what readers see under `tags` changed (or will, when this transaction
    commits)."""
    if tags:
        changed.send(sender=None, tags=frozenset(tags))
