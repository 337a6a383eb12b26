"""Old WordPress addresses keep working after an import: a 301 to the article.

Like django.contrib.redirects' fallback middleware, it costs nothing on a page that exists:
it looks anything up only when the site would answer 404, and for WordPress's `?p=123`
short links, which are asked of the front page (which exists) and so are checked first.
"""

from django.http import HttpResponsePermanentRedirect

from dateline.wordpress.models import ImportedPost, WordPressRedirect

# Where WordPress answers ?p=ID: the front page and index.php (also under a subfolder).
SHORT_LINK_PATHS = ("/", "/index.php")


class WordPressRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        post_id = request.GET.get("p", "")
        if "p" in request.GET and request.path in SHORT_LINK_PATHS:
            target = short_link_target(int(post_id)) if is_post_id(post_id) else None
            if target is None:
                # No such post: the same address without it, which the page cache keeps
                # (each `?p=` would otherwise be a front page of its own).
                query = request.GET.copy()
                del query["p"]
                target = f"{request.path}?{query.urlencode()}" if query else request.path
            return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        target = old_path_target(request.path)
        if target is None and is_post_id(post_id):
            # /blog/?p=123 when WordPress lived in a subfolder.
            target = short_link_target(int(post_id))
        return HttpResponsePermanentRedirect(target) if target else response


def is_post_id(value):
    """ASCII digits that fit the database's integer (int() refuses "²", which isdigit()
    accepts; a longer run would overflow the column)."""
    return value.isascii() and value.isdigit() and len(value) <= 18


def short_link_target(wp_id):
    """The article that WordPress post `wp_id` became. With several sites imported, ids
    can repeat: the latest import wins."""
    imported = (
        ImportedPost.objects.with_live_articles()
        .filter(wp_id=wp_id)
        .select_related("article__primary_topic")
        .order_by("-updated_at", "-pk")
        .first()
    )
    return imported.article.get_absolute_url() if imported else None


def old_path_target(path):
    if "\x00" in path:
        return None  # no WordPress address has one, and PostgreSQL refuses it in a query
    # WordPress answers with or without the trailing slash (and redirects to its form).
    candidates = {path, path.rstrip("/") + "/", path.rstrip("/") or "/"}
    redirect = (
        WordPressRedirect.objects.to_live_articles()
        .filter(old_path__in=candidates)
        .select_related("article__primary_topic")
        .first()
    )
    return redirect.article.get_absolute_url() if redirect else None
