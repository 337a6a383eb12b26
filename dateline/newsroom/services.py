from django.db import transaction
from django.utils.timezone import now

from dateline.articles.services import record_update
from dateline.newsroom.models import ArticleUpdate

MINOR = "minor"


@transaction.atomic
def record_change(article, *, kind, note="", by=None, at=None):
    """Record how a published article changed.

    A minor change (a typo) leaves no public trace. An update or a correction moves the
    public "last updated" time and adds a dated entry to the log at the foot of the article.
    """
    if kind == MINOR:
        return None
    at = at or now()
    entry = ArticleUpdate.objects.create(
        article=article, kind=kind, note=note.strip(), created_at=at, created_by=by
    )
    record_update(article, at=at, by=by, comment=f"{entry.get_kind_display()}: {entry.note}")
    return entry
