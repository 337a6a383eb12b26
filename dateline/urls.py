from django.contrib import admin
from django.urls import include, path

from dateline.articles import views as article_views

admin.site.site_header = "Dateline newsroom"
admin.site.site_title = "Dateline newsroom"
admin.site.index_title = "Stories, topics and people"

urlpatterns = [
    path("", article_views.home, name="home"),
    path("admin/", admin.site.urls),
    path("", include("dateline.topics.urls")),
    path("", include("dateline.articles.urls")),
    path("", include("dateline.authors.urls")),
    path("", include("dateline.comments.urls")),
    path("", include("dateline.newsroom.urls")),
    path("", include("dateline.search.urls")),
    path("", include("dateline.feeds.urls")),
]
