from django.utils.functional import SimpleLazyObject

from dateline.topics.navigation import main_topics


def navigation(request):
    return {"main_topics": SimpleLazyObject(main_topics)}
