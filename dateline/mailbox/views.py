"""The demo's mailbox pages: the messages the mailbox back-end wrote (backend.py), for staff,
in the admin's look. They exist only while EMAIL_BACKEND is that back-end: production sends
real mail, and there /mailbox/ is a 404."""

import email
import os
from email.parser import BytesHeaderParser
from email.policy import default as email_policy
from functools import wraps
from pathlib import Path

from csp.decorators import csp
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin

from dateline.mailbox import backend
from dateline.pagination import paginate_or_404

MESSAGES_PER_PAGE = 50
SHOWN_HEADERS = ["From", "To", "Subject", "Date", "List-Unsubscribe"]
# The HTML part's own policy. E-mail HTML carries its styles inline (style= attributes)
# and may show images from anywhere; nothing else loads, no script runs, no form is sent,
# and only the mailbox's own page may frame it. `sandbox` keeps it in a sandbox even when
# opened on its own, outside the page's <iframe sandbox>.
EMAIL_HTML_POLICY = {
    "default-src": "'none'",
    "style-src": "'unsafe-inline'",
    "img-src": ["'self'", "https:", "data:"],
    "form-action": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'self'",
    "sandbox": True,
}


def mailbox_only(view):
    """404 unless the site's e-mail goes to the mailbox."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not backend.is_on():
            raise Http404("E-mail does not go to the mailbox (EMAIL_BACKEND).")
        return view(request, *args, **kwargs)

    return wrapped


def message_names():
    """The messages' file names, newest first (they sort by the time of writing)."""
    try:
        names = os.listdir(settings.MAILBOX_DIR)
    except FileNotFoundError:
        return []  # nothing sent yet
    return sorted((name for name in names if backend.NAME.fullmatch(name)), reverse=True)


def summary_of(name):
    """What the list shows of a message, read from its headers alone (None when it was
    deleted since the directory was listed)."""
    try:
        with open(Path(settings.MAILBOX_DIR) / name, "rb") as file:
            headers = BytesHeaderParser(policy=email_policy).parse(file)
    except FileNotFoundError:
        return None
    return {
        "name": name,
        "date": getattr(headers["Date"], "datetime", None),
        "sender": headers["From"],
        "to": headers["To"],
        "subject": headers["Subject"],
    }


def get_message_for_staff(name):
    """The message in the file `name`; 404 for any name the back-end would not have written
    (which rules out other files and other directories) and for a message not there."""
    if not backend.NAME.fullmatch(name):
        raise Http404("No such message.")
    try:
        data = (Path(settings.MAILBOX_DIR) / name).read_bytes()
    except FileNotFoundError:
        raise Http404("No such message.") from None
    return email.message_from_bytes(data, policy=email_policy)


@mailbox_only
@never_cache
@staff_member_required
def message_list(request):
    page = paginate_or_404(request, message_names(), MESSAGES_PER_PAGE)
    context = {
        **admin.site.each_context(request),
        "title": "Mailbox",
        "page": page,
        # Not "messages": the admin's pages show the messages framework's under that name.
        "emails": [summary for name in page if (summary := summary_of(name))],
        "directory": settings.MAILBOX_DIR,
    }
    return render(request, "mailbox/message_list.html", context)


@mailbox_only
@never_cache
@staff_member_required
def message_detail(request, name):
    message = get_message_for_staff(name)
    text = message.get_body(preferencelist=("plain",))
    context = {
        **admin.site.each_context(request),
        "title": message["Subject"] or "(no subject)",
        "name": name,
        "headers": [
            (header, message[header].strip()) for header in SHOWN_HEADERS if message[header]
        ],
        "text": text.get_content() if text is not None else None,
        "has_html": message.get_body(preferencelist=("html",)) is not None,
    }
    return render(request, "mailbox/message_detail.html", context)


@mailbox_only
@never_cache
@staff_member_required
@xframe_options_sameorigin
@csp(EMAIL_HTML_POLICY)
def message_html(request, name):
    """The HTML part alone, for the <iframe sandbox> on the message's page."""
    html = get_message_for_staff(name).get_body(preferencelist=("html",))
    if html is None:
        raise Http404("This message has no HTML part.")
    return HttpResponse(html.get_content(), content_type="text/html; charset=utf-8")
