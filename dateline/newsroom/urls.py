from django.urls import path

from dateline.newsroom import views

app_name = "newsroom"
urlpatterns = [
    path("preview/<int:pk>/", views.preview_article, name="preview"),
    path("corrections/", views.corrections, name="corrections"),
]
