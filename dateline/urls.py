from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from dateline.ops import views as ops_views
from dateline.pages import urls as pages
from dateline.pages import views as page_views

admin.site.site_header = "Dateline newsroom"
admin.site.site_title = "Dateline newsroom"
admin.site.index_title = "Stories, topics and people"
# The lists (articles above all) get the whole width; the home page lists what a role may open.
admin.site.enable_nav_sidebar = False
# A refused page: in the newsroom, one in the admin's look naming the roles that may open it.
handler403 = "dateline.newsroom.views.permission_denied"
handler500 = "dateline.ops.views.server_error"

urlpatterns = [
    path("", page_views.home, name="home"),
    # Before the admin's own addresses: the readers' personal data page at /admin/privacy/.
    path("", include("dateline.privacy.urls")),
    path("admin/", admin.site.urls),
    path("healthz", ops_views.healthz, name="healthz"),
    path("api/v1/", include("dateline.api.urls")),
    path("", include((pages.topic_urls, "topics"))),
    path("", include((pages.article_urls, "articles"))),
    path("", include((pages.author_urls, "authors"))),
    path("", include((pages.comment_urls, "comments"))),
    path("", include((pages.page_urls, "pages"))),
    path("", include((pages.story_urls, "stories"))),
    path("", include("dateline.newsroom.urls")),
    path("", include("dateline.newsletters.urls")),
    path("", include("dateline.live.urls")),
    path("", include("dateline.mostread.urls")),
    path("", include("dateline.search.urls")),
    path("", include("dateline.feeds.urls")),
    path("", include("dateline.mailbox.urls")),
]

if settings.SERVE_MEDIA:
    # Uploaded lead images and their renditions (names change with every upload).
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
