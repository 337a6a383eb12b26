from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "dateline.privacy"
    verbose_name = "Privacy"
