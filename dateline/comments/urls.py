from django.urls import path

from dateline.comments import views

app_name = "comments"
urlpatterns = [
    path("comments/post/", views.post_comment, name="post"),
    path("comments/csrf/", views.csrf_token, name="csrf"),
]
