"""How the reader pages learn of changes: stored page parts that show a changed tag go at
once, in the writer's transaction (dateline/changes.py says who announces what)."""

from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver

from dateline.articles.changes import tags_for
from dateline.articles.models import Article
from dateline.changes import announce, changed
from dateline.changes import article as article_tag
from dateline.pages import parts
from dateline.related.models import RelatedLink


@receiver(changed, dispatch_uid="pages-forget-parts")
def forget_parts(sender, tags, **kwargs):
    parts.forget(tags)


# A deleted article (the admin can delete one) leaves every page that showed it: its own,
# its topic and author pages, and the related blocks of other stories, cached or stored.
@receiver(pre_delete, sender=Article, dispatch_uid="pages-article-to-be-deleted")
def article_to_be_deleted(sender, instance, **kwargs):
    # Read now: its topics, bylines and the related links that point at it (whose blocks
    # showed it) are deleted with it.
    showing = RelatedLink.objects.filter(related=instance).values_list("article_id", flat=True)
    instance.tags_to_announce = [*tags_for([instance.pk]), *map(article_tag, showing)]


@receiver(post_delete, sender=Article, dispatch_uid="pages-article-deleted")
def article_deleted(sender, instance, **kwargs):
    # After the delete: the stored parts' rows of the other articles are written then,
    # never one for the article being deleted.
    announce(*getattr(instance, "tags_to_announce", ()))
