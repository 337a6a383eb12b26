from django.contrib import admin
from django.urls import path

from dateline.privacy import views

app_name = "privacy"

# The page lives in the admin (its look, its log-in, its CSRF and no-cache handling, through
# the documented `AdminSite.admin_view`) without being any model's page: it covers comments
# and newsletter subscribers alike. We did not hang it on the Comment admin's `get_urls`
# (comments would then have to know newsletters, which the layers forbid), nor on a proxy
# or unmanaged model (a table-less model, with content types and permissions, only to
# carry a URL), nor on a custom AdminSite (replacing the default site for one page).
# dateline/urls.py includes these before the admin's own addresses.
urlpatterns = [
    path("admin/privacy/", admin.site.admin_view(views.personal_data), name="personal-data"),
]
