from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "dateline.articles"
    verbose_name = "Articles"
