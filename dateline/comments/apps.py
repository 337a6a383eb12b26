from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class CommentsConfig(AppConfig):
    name = "dateline.comments"
    verbose_name = "Comments"

    def ready(self):
        from dateline.comments import moderation, spam
        from dateline.comments.models import BlockedTerm, LearnedSpamModel

        # The cached comment policy (comments/policy.py) follows every change to it.
        for signal in (post_save, post_delete):
            signal.connect(moderation.blocklist_changed, sender=BlockedTerm)
            signal.connect(spam.model_changed, sender=LearnedSpamModel)
