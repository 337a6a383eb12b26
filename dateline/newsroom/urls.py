from django.urls import path

from dateline.newsroom import views

app_name = "newsroom"
urlpatterns = [
    path("corrections/", views.corrections, name="corrections"),
]
