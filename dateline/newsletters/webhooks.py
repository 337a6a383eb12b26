"""Bounces and complaints from the e-mail provider, through django-anymail's tracking
webhooks. Anymail checks each provider's signature (Mailgun's HMAC, Amazon SNS's
certificate) and the basic-auth secret every provider can send; Dateline turns a webhook on
only for the providers named in NEWSLETTERS_WEBHOOKS, and only with ANYMAIL_WEBHOOK_SECRET
set, so nobody can post forged bounces to an address nobody configured. What an event
means for a subscriber is `services.record_tracking_event`, connected in apps.py."""

from anymail import urls as anymail_urls
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponse
from django.views.decorators.csrf import csrf_exempt

VIEWS = {
    pattern.name.removesuffix("_tracking_webhook"): pattern.callback
    for pattern in anymail_urls.urlpatterns
    if (pattern.name or "").endswith("_tracking_webhook")
}


@csrf_exempt
def tracking(request, esp):
    view = VIEWS.get(esp)
    if view is None or esp not in settings.NEWSLETTERS_WEBHOOKS:
        raise Http404("No such webhook.")
    if not settings.ANYMAIL.get("WEBHOOK_SECRET"):
        raise Http404("Webhooks need ANYMAIL_WEBHOOK_SECRET.")
    try:
        return view(request)
    except ImproperlyConfigured as error:  # the provider's signing key is missing
        return HttpResponse(f"This webhook is not configured: {error}", status=503)
