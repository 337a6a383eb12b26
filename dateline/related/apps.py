from django.apps import AppConfig


class RelatedConfig(AppConfig):
    name = "dateline.related"
    verbose_name = "Related articles"
