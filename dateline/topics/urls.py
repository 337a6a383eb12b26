from django.urls import path

from dateline.topics import views

app_name = "topics"
urlpatterns = [
    path("news/<slug:slug>/", views.topic_detail, name="detail"),
]
