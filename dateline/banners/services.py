"""Writes to the breaking-news banner. Each change reaches every reader page within
seconds: pages carry the BANNER tag (middleware.py), announced here."""

from django.db import transaction

from dateline import changes
from dateline.banners.models import Banner
from dateline.banners.showing import remember_banner


def refresh_banner():
    # Registered before the announcement's own commit hook: a page rendered between the
    # two must already show the new banner.
    transaction.on_commit(remember_banner)
    changes.announce(changes.BANNER)


@transaction.atomic
def save_banner(banner, *, by=None):
    """Save `banner` as the editor left it; switching it on switches every other one off."""
    if banner.is_on:
        Banner.objects.filter(is_on=True).exclude(pk=banner.pk).update(is_on=False)
    banner.changed_by = by
    banner.save()
    refresh_banner()
    return banner


@transaction.atomic
def switch_off_banners(banners, *, by=None):
    banners.filter(is_on=True).update(is_on=False, changed_by=by)
    refresh_banner()


@transaction.atomic
def delete_banners(banners):
    banners.delete()
    refresh_banner()


def story_changed(sender, article_id, **kwargs):
    """`article_changed`'s receiver: a story unpublished (or moved) under the banner
    changes its link."""
    if Banner.objects.showing().filter(article_id=article_id).exists():
        refresh_banner()
