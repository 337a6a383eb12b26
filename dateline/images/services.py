"""Writes for lead images: resized copies made once per upload, and files removed with what
no longer uses them. The admin's form, the demo's loader and the task call these; page views
never do."""

import logging
import os

from django.db import transaction
from django.utils.text import slugify

from dateline.images.models import LeadImage
from dateline.images.renditions import delete_files
from dateline.images.tasks import generate_renditions_task
from dateline.images.validation import inspect_upload

logger = logging.getLogger(__name__)


def add_lead_image(article, upload, *, alt_text, credit, caption=""):
    """Give `article`, which has none, a lead image from a file that is not an upload (the
    demo's pictures): the same checks as the admin's upload form, then the same aftermath,
    renditions made once committed. Raises ValidationError for a file or field the admin
    would refuse, or when the article already has a lead image."""
    info = inspect_upload(upload)
    lead_image = LeadImage(
        article=article, alt_text=alt_text, caption=caption, credit=credit,
        width=info.width, height=info.height,
    )  # fmt: skip
    lead_image.full_clean(exclude=["image"])
    stem = slugify(os.path.splitext(os.path.basename(upload.name or ""))[0])[:60] or "lead"
    lead_image.image.save(f"{stem}.{info.extension}", upload, save=False)
    try:
        lead_image.save()
    except BaseException:
        delete_files(lead_image.image.storage, [lead_image.image.name])
        raise
    image_changed(lead_image)
    return lead_image


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
