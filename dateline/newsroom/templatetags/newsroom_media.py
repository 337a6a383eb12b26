"""The newsroom's form media, carrying this response's CSP nonce.

The body editor (django-prose-editor) loads its modules through an import map, an inline
`<script type="importmap">`. The Content-Security-Policy allows no inline script but one
carrying the response's nonce (django-csp's `request.csp_nonce`); django-js-asset's
`Media.with_nonce` puts it on every tag the media renders, the import map included.
This is the way django-js-asset documents for django-csp on Django 5.x.
"""

from django import template
from js_asset import Media

register = template.Library()


@register.simple_tag(takes_context=True)
def media_with_nonce(context, media):
    nonce = getattr(context.get("request"), "csp_nonce", "")
    if not isinstance(media, Media):
        media = Media.from_media(media)
    # The nonce is lazy: js_asset reads it (and django-csp then adds it to the header) only
    # when there is something to render.
    return media.with_nonce(nonce).render()
