from django.urls import path

from dateline.articles import views

app_name = "articles"
urlpatterns = [
    path("latest/", views.latest, name="latest"),
    path("archive/", views.archive_index, name="archive-index"),
    path("archive/<int:year>/", views.archive, name="archive-year"),
    path("archive/<int:year>/<int:month>/", views.archive, name="archive-month"),
    path("news/<slug:topic_slug>/<slug:slug>/", views.article_detail, name="detail"),
]
