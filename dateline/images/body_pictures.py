"""Pictures from the media library inside article bodies.

A body (articles.Article.body, foundation layer: it knows nothing of images) stores each
picture as plain markup its sanitiser allows, and nothing more (articles/sanitize.py):

    <figure class="body-picture" data-image="42"><img src="/media/…-800w.jpg" alt="…"
    width="800" height="450"><figcaption>Caption <small>Credit</small></figcaption></figure>

`data-image` names the LibraryImage; the rest is a copy of what it was when the picture was
placed, for the body editor to show. Readers always get the library's current picture and
words, made here when a body is shown: `for_page` (the article page: a `<picture>` with
WebP renditions in `srcset`, lazily loaded) and `for_feeds` / `for_api` (the markup as
stored, with the current words and an absolute address for the JPEG, which any feed reader
or app shows).
A picture whose image is gone, or whose renditions are not made yet, is left out.
Both cost one query for all the pictures, and none for a body without any.
"""

import re

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from dateline.articles.sanitize import sanitize_html
from dateline.images.models import LibraryImage

# The sanitiser keeps a figure's attributes in the order written and allows no others, so
# these are the only two forms a stored body-picture figure takes. An id fits a bigint (a
# longer one is no image's). The content stops at the first </figure> and may hold no other
# figure: a figure nested in one (which the body editor never writes) is left as stored
# rather than cut in two.
ID = r"([0-9]{1,18})"
FIGURE = re.compile(
    rf'<figure (?:class="body-picture" data-image="{ID}"|data-image="{ID}" class="body-picture")>'
    r"(?:(?!<figure[\s>]).)*?</figure>",
    re.DOTALL,
)


def image_ids_in(body):
    """The ids of the library images a body shows, each once, in order."""
    ids = (int(match[1] or match[2]) for match in FIGURE.finditer(body or ""))
    return list(dict.fromkeys(ids))


def figure_markup(image, *, absolute=None):
    """What a body stores for `image` (the picker inserts it, the demo writes it), exactly
    as the sanitiser leaves it, so saving it again changes nothing. `absolute` turns the
    JPEG's address into an absolute one (feeds). Without renditions yet, the `<img>` has no
    address: the body editor shows its alt text until then."""
    fallback = image.fallback
    src = fallback["url"] if fallback else None
    if src and absolute:
        src = absolute(src)
    img = format_html(
        '<img{} alt="{}" width="{}" height="{}">',
        format_html(' src="{}"', src) if src else "",
        image.alt_text,
        fallback["width"] if fallback else image.width,
        fallback["height"] if fallback else image.height,
    )
    caption = format_html("{} ", image.caption) if image.caption else ""
    html = format_html(
        '<figure class="body-picture" data-image="{}">{}<figcaption>{}<small>{}</small>'
        "</figcaption></figure>",
        image.pk,
        img,
        caption,
        image.credit,
    )
    return mark_safe(sanitize_html(html))


def for_page(body):
    """The body as the article page shows it: each picture a `<picture>` with its WebP
    renditions and a JPEG fallback (images/_body_picture.html)."""
    images = library_images_in([body])
    return mark_safe(
        replace_figures(
            body,
            images,
            lambda image: render_to_string("images/_body_picture.html", {"image": image}),
        )
    )


def for_feeds(bodies, absolute):
    """The bodies as feeds and the content API give them out: each picture as a body stores
    it, with the library's current words and the JPEG at an absolute address (`absolute`
    makes one from a path), which every feed reader shows. One query for all the bodies."""
    images = library_images_in(bodies)
    return [
        replace_figures(body, images, lambda image: figure_markup(image, absolute=absolute))
        for body in bodies
    ]


def for_api(body, absolute):
    """One body as the content API gives it out: as feeds do (`for_feeds`)."""
    return for_feeds([body], absolute)[0]


def library_images_in(bodies):
    ids = {pk for body in bodies for pk in image_ids_in(body)}
    return LibraryImage.objects.in_bulk(ids) if ids else {}


def replace_figures(body, images, render):
    def replace(match):
        image = images.get(int(match[1] or match[2]))
        if image is None or not image.is_ready:
            return ""
        return render(image)

    return FIGURE.sub(replace, body or "")
