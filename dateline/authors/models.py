from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse

from dateline import changes


class Author(models.Model):
    """The public face of someone who writes for the site: a byline and a bio.

    The user link is optional so that contributors without a log-in (and authors
    brought in by an import) can still have a byline.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
    )
    display_name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    bio = models.TextField(blank=True)

    class Meta:
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("authors:detail", args=[self.slug])


@receiver(post_save, sender=Author)
@receiver(post_delete, sender=Author)
def author_changed(sender, instance, **kwargs):
    # Bylines on any page may show the name: let every cached page go.
    changes.announce(changes.SITE, changes.author(instance.pk))
