from django.urls import path

from dateline.newsletters import views

app_name = "newsletters"
urlpatterns = [
    path("newsletters/", views.newsletters, name="signup"),
    path("newsletters/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletters/manage/<str:token>/", views.manage, name="manage"),
    path("newsletters/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletters/<slug:newsletter>/<int:pk>/", views.issue, name="issue"),
]
