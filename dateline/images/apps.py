from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "dateline.images"
    verbose_name = "Images"

    def ready(self):
        from django.db.models.signals import post_delete

        from dateline.images import checks  # noqa: F401 (registers the system checks)
        from dateline.images.models import LeadImage
        from dateline.images.services import delete_files_of_deleted_lead_image

        # A signal, not LeadImage.delete(): deleting an article cascades to its lead image
        # without calling delete() on it, and the files must go then too.
        post_delete.connect(
            delete_files_of_deleted_lead_image,
            sender=LeadImage,
            dispatch_uid="images.delete_files_of_deleted_lead_image",
        )
