"""The comment spam classifier, as the comments app uses it.

The classifier itself is a pure module (`dateline.spamfilter.classifier`). This adapter
turns a comment into its features, scores it with the current model, and teaches the model
from moderators' decisions. The model starts as the packaged default (trained on the
YouTube Spam Collection, CC BY 4.0) and is stored in the database once it has learned
something, so all app processes share what it learned.
"""

import threading

from django.conf import settings
from django.db import transaction

from dateline.comments import policy
from dateline.spamfilter import classifier

_lock = threading.Lock()
_cache = {"version": None, "model": None}


def hold_threshold():
    """From this score on, a comment waits for a moderator (a returning commenter's only
    from `spam_threshold()`: CommentModerator.check_classifier)."""
    return settings.COMMENTS_HOLD_SCORE


def spam_threshold():
    """From this score on, a comment goes straight to spam.

    Higher than the hold threshold: the default model learned from video comments, where a
    link almost always meant spam, so a news reader citing a source can score high until
    the site's moderators have taught it otherwise. Held is recoverable at no cost.
    """
    return max(settings.COMMENTS_SPAM_SCORE, hold_threshold())


def features_of(comment):
    return classifier.CommentFeatures(
        text=comment.body or "",
        name=comment.author_name or "",
        email=comment.author_email or "",
        url=comment.author_url or "",
    )


# current_model()'s version when its caller has not read it (posting reads it with the
# blocklist, in one read of the cache).
UNREAD = object()


def current_model(version=UNREAD):
    from dateline.comments.models import LearnedSpamModel

    if version is UNREAD:
        version = policy.committed(policy.SPAM_MODEL_VERSION, model_version)
    with _lock:
        if _cache["model"] is None or _cache["version"] != version:
            # The row itself, not the version's word: it may be gone since (back to the
            # default model) while a cached version still names it.
            row = None if version is None else LearnedSpamModel.objects.filter(pk=1).first()
            if row is None:
                model, version = classifier.load_default_model(), None
            else:
                model = classifier.SpamModel.from_dict(row.data)
                version = (row.version, row.updated_at)
            _cache.update(version=version, model=model)
        return _cache["model"]


def model_version():
    """The learned model's version, None while the default one is used. With the time of the
    last lesson: a row deleted (back to the default model) and taught again starts over at
    version 1, which a process may still have cached."""
    from dateline.comments.models import LearnedSpamModel

    # No .first(): its ORDER BY is nothing to a one-row lookup but costs the ORM time.
    found = LearnedSpamModel.objects.filter(pk=1).values_list("version", "updated_at")[:1]
    return next(iter(found), None)


def model_changed(sender, **kwargs):
    """post_save and post_delete of the LearnedSpamModel (comments/apps.py): every process
    loads the new one."""
    policy.replace_when_committed(policy.SPAM_MODEL_VERSION, model_version)


def score(comment, version=UNREAD):
    return float(current_model(version).score(features_of(comment)))


@transaction.atomic
def learn(comments, *, is_spam):
    """Teach the model that `comments` are spam (or not). One read and one write however
    many comments: bulk moderation of thousands stays one transaction."""
    from dateline.comments.models import LearnedSpamModel

    comments = list(comments)
    if not comments:
        return
    row = LearnedSpamModel.objects.select_for_update().filter(pk=1).first()
    if row is None:
        model = classifier.load_default_model().copy()
    else:
        model = classifier.SpamModel.from_dict(row.data)
    for comment in comments:
        model.learn(features_of(comment), is_spam)
    if row is None:
        LearnedSpamModel.objects.create(pk=1, data=model.to_dict(), version=1)
    else:
        row.data = model.to_dict()
        row.version += 1
        row.save(update_fields=["data", "version", "updated_at"])
