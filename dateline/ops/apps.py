from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "dateline.ops"
    verbose_name = "Operations"
