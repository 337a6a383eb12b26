"""`{% mailbox_is_on as mailbox_on %}`: whether the site's e-mail goes to the demo's mailbox
(the admin's header then links to it: dateline/templates/admin/base_site.html)."""

from django import template

from dateline.mailbox import backend

register = template.Library()


@register.simple_tag
def mailbox_is_on():
    return backend.is_on()
