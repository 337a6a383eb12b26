"""Writes for pictures: lead images and the media library. Resized copies are made once per
upload, files are removed with what no longer uses them, and the library knows which
stories show each of its images. The admin's forms, the demo's loader, the tasks and the
article save signal call these; page views never do."""

import logging
import os

from django.db import transaction
from django.utils.text import slugify

from dateline.articles.changes import announce_articles
from dateline.images.body_pictures import image_ids_in
from dateline.images.models import LeadImage, LibraryImage, LibraryImageUse
from dateline.images.renditions import delete_files
from dateline.images.tasks import generate_library_renditions_task, generate_renditions_task
from dateline.images.validation import inspect_upload

logger = logging.getLogger(__name__)

RENDITIONS_TASKS = {
    LeadImage: generate_renditions_task,
    LibraryImage: generate_library_renditions_task,
}


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
    store_original(lead_image, upload, info, default_stem="lead")
    image_changed(lead_image)
    return lead_image


def add_library_image(upload, *, alt_text, credit, caption=""):
    """Put a file that is not an upload (the demo's charts) in the media library: the same
    checks as the library's upload form, renditions made once committed. Raises
    ValidationError for a file or field the admin would refuse."""
    info = inspect_upload(upload)
    name = os.path.basename(upload.name or "")[:255]
    image = LibraryImage(
        alt_text=alt_text, caption=caption, credit=credit, width=info.width,
        height=info.height, original_filename=name,
    )  # fmt: skip
    image.full_clean(exclude=["image"])
    store_original(image, upload, info, default_stem="picture")
    image_changed(image)
    return image


def store_original(picture, upload, info, *, default_stem):
    stem = slugify(os.path.splitext(os.path.basename(upload.name or ""))[0])[:60] or default_stem
    picture.image.save(f"{stem}.{info.extension}", upload, save=False)
    try:
        picture.save()
    except BaseException:
        delete_files(picture.image.storage, [picture.image.name])
        raise


def image_changed(picture, *, previous_name=""):
    """After a new or replaced upload is saved: make its renditions (once, in the background)
    and remove the file it replaced. Both wait for the commit, so a rolled-back save loses
    nothing and the task sees the saved row."""
    storage = picture.image.storage
    if previous_name and previous_name != picture.image.name:
        transaction.on_commit(lambda: delete_files(storage, [previous_name]), robust=True)
    enqueue_renditions(picture)


def enqueue_renditions(picture):
    task = RENDITIONS_TASKS[type(picture)]
    transaction.on_commit(lambda: task.enqueue(picture.pk), robust=True)


def library_image_edited(image):
    """After an editor changed a library image's alt text, caption or credit: every story
    that shows it shows the new words (its stored page parts and cached pages go)."""
    if shown_in := image.shown_in():
        announce_articles(shown_in)


def record_picture_uses(article, *, created=False):
    """Which library images the article's body shows (LibraryImageUse), after each save of
    its body. An id with no image behind it (a figure pasted from a deleted one) is not
    recorded: the page leaves that figure out. A new article has no uses to forget."""
    ids = image_ids_in(article.body)
    existing = set(LibraryImage.objects.filter(pk__in=ids).values_list("pk", flat=True))
    if not created:
        LibraryImageUse.objects.filter(article=article).exclude(image_id__in=existing).delete()
    LibraryImageUse.objects.bulk_create(
        [LibraryImageUse(article=article, image_id=pk) for pk in existing],
        ignore_conflicts=True,
    )


def record_picture_uses_on_save(sender, instance, created=False, update_fields=None, **kwargs):
    """post_save of Article, whoever saves it: the admin, services, the WordPress import, a
    revision restored. A save that leaves the body alone costs nothing."""
    if update_fields is not None and "body" not in update_fields:
        return
    record_picture_uses(instance, created=created)


def delete_files_of_deleted_picture(sender, instance, **kwargs):
    """post_delete: remove the original and its renditions, once the deletion is committed."""
    storage, names = instance.image.storage, instance.stored_names()
    transaction.on_commit(lambda: delete_files(storage, names), robust=True)
