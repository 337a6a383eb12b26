from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "dateline.newsletters"
    verbose_name = "Newsletters"

    def ready(self):
        from anymail.signals import tracking
        from django.db.models.signals import post_delete, post_save

        from dateline.newsletters.models import Issue, Newsletter
        from dateline.newsletters.offer import issue_changed, newsletters_changed
        from dateline.newsletters.services import record_tracking_event

        tracking.connect(record_tracking_event, dispatch_uid="nl-tracking")
        post_save.connect(newsletters_changed, sender=Newsletter, dispatch_uid="nl-changed")
        post_delete.connect(newsletters_changed, sender=Newsletter, dispatch_uid="nl-deleted")
        post_save.connect(issue_changed, sender=Issue, dispatch_uid="nl-issue-changed")
        post_delete.connect(issue_changed, sender=Issue, dispatch_uid="nl-issue-deleted")
