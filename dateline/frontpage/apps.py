from django.apps import AppConfig


class FrontPageConfig(AppConfig):
    name = "dateline.frontpage"
    verbose_name = "Front page"
