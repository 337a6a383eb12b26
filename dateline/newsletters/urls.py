from django.urls import path

from dateline.newsletters import views, webhooks

app_name = "newsletters"
urlpatterns = [
    path("newsletters/", views.newsletters, name="signup"),
    path("newsletters/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletters/manage/<str:token>/", views.manage, name="manage"),
    path("newsletters/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletters/webhooks/<slug:esp>/", webhooks.tracking, name="webhook"),
    path("newsletters/<slug:newsletter>/", views.archive, name="archive"),
    path("newsletters/<slug:newsletter>/<int:pk>/", views.issue, name="issue"),
]
