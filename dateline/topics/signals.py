"""The navigation lists main topics on every page; it is cached, and dropped whole
whenever a topic changes (topics change rarely, pages are served constantly)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from dateline import changes
from dateline.topics.models import Topic
from dateline.topics.navigation import forget_navigation


@receiver(post_save, sender=Topic)
@receiver(post_delete, sender=Topic)
def topic_changed(sender, instance, **kwargs):
    forget_navigation()
    # Every page shows the navigation.
    changes.announce(changes.SITE, changes.topic(instance.pk))
