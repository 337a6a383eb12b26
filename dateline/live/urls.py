from django.urls import path

from dateline.live import views

app_name = "live"
urlpatterns = [
    path("live/<int:pk>/updates.json", views.poll, name="poll"),
    path("live/<int:pk>/feed/", views.feed, name="feed"),
    path("live/entries/<int:pk>/", views.entry, name="entry"),
]
