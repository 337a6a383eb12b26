from django.urls import path

from dateline.mailbox import views

app_name = "mailbox"
urlpatterns = [
    path("mailbox/", views.message_list, name="list"),
    path("mailbox/<str:name>/", views.message_detail, name="message"),
    path("mailbox/<str:name>/html/", views.message_html, name="html"),
]
