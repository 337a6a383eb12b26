from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "dateline.newsletters"
    verbose_name = "Newsletters"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from dateline.newsletters.models import Newsletter
        from dateline.newsletters.offer import newsletters_changed

        post_save.connect(newsletters_changed, sender=Newsletter, dispatch_uid="nl-changed")
        post_delete.connect(newsletters_changed, sender=Newsletter, dispatch_uid="nl-deleted")
