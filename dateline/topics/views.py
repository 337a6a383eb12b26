from django.shortcuts import get_object_or_404, render

from dateline.articles.models import Article
from dateline.pagination import paginate_or_404
from dateline.topics.models import Topic


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    page = paginate_or_404(request, Article.objects.published().in_topic(topic).for_listing())
    return render(request, "topics/detail.html", {"topic": topic, "page": page})
