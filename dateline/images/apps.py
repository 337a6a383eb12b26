from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "dateline.images"
    verbose_name = "Images"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from dateline.articles.models import Article
        from dateline.images import checks  # noqa: F401 (registers the system checks)
        from dateline.images.models import LeadImage, LibraryImage
        from dateline.images.services import (
            delete_files_of_deleted_picture,
            record_picture_uses_on_save,
        )

        # A signal, not LeadImage.delete(): deleting an article cascades to its lead image
        # without calling delete() on it, and the files must go then too.
        post_delete.connect(
            delete_files_of_deleted_picture,
            sender=LeadImage,
            dispatch_uid="images.delete_files_of_deleted_lead_image",
        )
        post_delete.connect(
            delete_files_of_deleted_picture,
            sender=LibraryImage,
            dispatch_uid="images.delete_files_of_deleted_library_image",
        )
        # A signal, not a call from the newsroom's admin: every path that saves a body (the
        # admin, services, the WordPress import, a revision restored) keeps the library's
        # "used in" list, which is what stops an image in use being deleted.
        post_save.connect(
            record_picture_uses_on_save,
            sender=Article,
            dispatch_uid="images.record_picture_uses",
        )
