from django.urls import path

from dateline.authors import views

app_name = "authors"
urlpatterns = [
    path("authors/<slug:slug>/", views.author_detail, name="detail"),
]
