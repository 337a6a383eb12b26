"""Writes for lead images: resized copies made once per upload, and files removed with what
no longer uses them. The admin's form and the task call these; page views never do."""

import logging

from django.db import transaction

from dateline.images.renditions import delete_files
from dateline.images.tasks import generate_renditions_task

logger = logging.getLogger(__name__)


def image_changed(lead_image, *, previous_name=""):
    """After a new or replaced upload is saved: make its renditions (once, in the background)
    and remove the file it replaced. Both wait for the commit, so a rolled-back save loses
    nothing and the task sees the saved row."""
    storage = lead_image.image.storage
    if previous_name and previous_name != lead_image.image.name:
        transaction.on_commit(lambda: delete_files(storage, [previous_name]), robust=True)
    enqueue_renditions(lead_image)


def enqueue_renditions(lead_image):
    transaction.on_commit(lambda: generate_renditions_task.enqueue(lead_image.pk), robust=True)


def delete_files_of_deleted_lead_image(sender, instance, **kwargs):
    """post_delete: remove the original and its renditions, once the deletion is committed."""
    storage, names = instance.image.storage, instance.stored_names()
    transaction.on_commit(lambda: delete_files(storage, names), robust=True)
