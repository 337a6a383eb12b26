from django.apps import apps
from django.contrib import admin
from django.http import Http404
from django.shortcuts import render
from django.urls import resolve, reverse

from dateline.newsroom import roles
from dateline.newsroom.models import ArticleUpdate
from dateline.pagination import paginate_or_404


def corrections(request):
    page = paginate_or_404(
        request,
        ArticleUpdate.objects.corrections()
        .public()
        .select_related("article__primary_topic")
        .order_by("-created_at", "-pk"),
    )
    return render(request, "newsroom/corrections.html", {"page": page})


def permission_denied(request, exception=None):
    """Django's 403 page (`handler403`). Inside the newsroom it is a page in the admin's look
    that names the roles that may open the page; elsewhere, the site's own 403 page."""
    if not request.path_info.startswith(reverse("admin:index")):
        return render(request, "403.html", status=403)
    allowed = who_may_open(request.path_info)
    context = {
        **admin.site.each_context(request),
        "title": "This page is not open to your role",
        "allowed_roles": " and ".join(filter(None, [", ".join(allowed[:-1]), *allowed[-1:]])),
        "your_roles": [group.name for group in request.user.groups.all()]
        if request.user.is_authenticated
        else [],
    }
    return render(request, "newsroom/permission_denied.html", context, status=403)


def who_may_open(path):
    """The roles that may open the admin page at `path` ([] when it can't be told)."""
    try:
        match = resolve(path)
    except Http404:
        return []
    if match.url_name == "app_list":
        return roles.roles_allowed(match.kwargs.get("app_label"))
    for model in apps.get_models():
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if (match.url_name or "").startswith(prefix):
            page = match.url_name.removeprefix(prefix)
            return roles.roles_allowed(model._meta.app_label, model._meta.model_name, page)
    return []
