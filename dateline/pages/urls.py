"""The reader pages' addresses, in the namespaces the templates and get_absolute_url name
(dateline/urls.py includes each list under its namespace)."""

from django.urls import path

from dateline.comments import views as comment_views
from dateline.pages import views

article_urls = [
    path("latest/", views.latest, name="latest"),
    path("archive/", views.archive_index, name="archive-index"),
    path("archive/<int:year>/", views.archive, name="archive-year"),
    path("archive/<int:year>/<int:month>/", views.archive, name="archive-month"),
    path("news/<slug:topic_slug>/<slug:slug>/", views.article_detail, name="detail"),
]
topic_urls = [path("news/<slug:slug>/", views.topic_detail, name="detail")]
author_urls = [path("authors/<slug:slug>/", views.author_detail, name="detail")]
comment_urls = [
    path("comments/post/", views.post_comment, name="post"),
    path("comments/csrf/", comment_views.csrf_token, name="csrf"),
]
page_urls = [path("preview/<int:pk>/", views.preview_article, name="preview")]
story_urls = [path("stories/<slug:slug>/", views.story_detail, name="story")]
