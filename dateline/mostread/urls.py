from django.urls import path

from dateline.mostread import views

app_name = "mostread"
urlpatterns = [
    path("mostread/view/<int:pk>/", views.beacon, name="beacon"),
]
