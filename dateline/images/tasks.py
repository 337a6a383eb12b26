"""Background work for pictures. Tasks take ids and call a service, nothing else; the
default back-end runs them at once, in process (settings.TASKS)."""

import logging

from django_tasks import task

from dateline.images import renditions
from dateline.images.models import LeadImage, LibraryImage

logger = logging.getLogger(__name__)


@task()
def generate_renditions_task(lead_image_id):
    make_renditions(LeadImage, lead_image_id)


@task()
def generate_library_renditions_task(library_image_id):
    make_renditions(LibraryImage, library_image_id)


def make_renditions(model, pk):
    picture = model.objects.filter(pk=pk).first()
    if picture is None:
        return
    try:
        renditions.generate_renditions(picture)
    except Exception:
        # The immediate back-end records a failed task without logging it: say so here.
        logger.exception("Could not make the renditions of %s %s", model._meta.verbose_name, pk)
        raise
