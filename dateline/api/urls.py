"""Mounted by the project's URLconf at /api/v1/ (namespace "api-v1")."""

from django.urls import path, re_path

from dateline.api.views import api, unknown_address

urlpatterns = [
    path("", api.urls),
    # Only addresses that end in a slash, so that a missing slash is still added (by
    # CommonMiddleware's APPEND_SLASH) before an address is called unknown.
    re_path(r"^.*/$", unknown_address),
]
