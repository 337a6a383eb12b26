from django.shortcuts import get_object_or_404, render

from dateline.articles.models import Article
from dateline.articles.structured import breadcrumbs
from dateline.http import content_etag
from dateline.pagecache import tags
from dateline.pagecache.middleware import cached_page
from dateline.pagination import paginate_or_404
from dateline.topics.models import Topic


@content_etag
@cached_page
def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    request.cache_tags = [tags.topic(topic.pk)]
    page = paginate_or_404(request, Article.objects.published().in_topic(topic).for_listing())
    context = {
        "topic": topic,
        "page": page,
        "canonical": request.build_absolute_uri(topic.get_absolute_url()),
        "breadcrumbs": breadcrumbs(request, (topic.name, topic.get_absolute_url())),
    }
    return render(request, "topics/detail.html", context)
