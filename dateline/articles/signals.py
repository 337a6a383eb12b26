"""A deleted article (the admin can delete one) leaves every page that showed it: its own,
its topic and author pages, and the related blocks of other stories, cached or stored."""

from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver

from dateline.articles.models import Article
from dateline.pagecache import tags


@receiver(pre_delete, sender=Article)
def article_to_be_deleted(sender, instance, **kwargs):
    # Read now: its topics, bylines and the related links that point at it (whose blocks
    # showed it) are deleted with it.
    from dateline.related.models import RelatedLink

    showing = RelatedLink.objects.filter(related=instance).values_list("article_id", flat=True)
    instance.tags_to_bump = [*tags.for_articles([instance.pk]), *map(tags.article, showing)]


@receiver(post_delete, sender=Article)
def article_deleted(sender, instance, **kwargs):
    # After the delete: the stored parts' rows of the other articles are written then,
    # never one for the article being deleted.
    tags.bump_on_commit(*getattr(instance, "tags_to_bump", ()))
