from django.urls import path

from dateline.articles import views

app_name = "articles"
urlpatterns = [
    path("news/<slug:topic_slug>/<slug:slug>/", views.article_detail, name="detail"),
]
