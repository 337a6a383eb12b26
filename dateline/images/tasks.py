"""Background work for lead images. Tasks take ids and call a service, nothing else; the
default back-end runs them at once, in process (settings.TASKS)."""

import logging

from django_tasks import task

from dateline.images import renditions
from dateline.images.models import LeadImage

logger = logging.getLogger(__name__)


@task()
def generate_renditions_task(lead_image_id):
    lead_image = LeadImage.objects.filter(pk=lead_image_id).first()
    if lead_image is None:
        return
    try:
        renditions.generate_renditions(lead_image)
    except Exception:
        # The immediate back-end records a failed task without logging it: say so here.
        logger.exception("Could not make the renditions of lead image %s", lead_image_id)
        raise
