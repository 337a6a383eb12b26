"""Topic suggestions for the article form: which existing topics fit this text, judged by
the words of the articles already in each topic. Editors accept or ignore them."""

from collections import defaultdict

from dateline.articles.models import Article
from dateline.articles.text import plain_text
from dateline.related import scoring
from dateline.related.models import ArticleTerm, RelatedIndexState, TermStatistic
from dateline.topics.models import Topic

# Each topic is described by the signatures of its latest articles.
ARTICLES_PER_TOPIC = 200
MIN_SCORE = 0.05


def topic_profiles(topics):
    profiles = {}
    for topic in topics:
        ids = list(
            Article.objects.published()
            .in_topic(topic)
            .order_by("-published_at")
            .values_list("pk", flat=True)[:ARTICLES_PER_TOPIC]
        )
        profile = defaultdict(float)
        for term, weight in ArticleTerm.objects.filter(article_id__in=ids).values_list(
            "term", "weight"
        ):
            profile[term] += weight
        norm = sum(w * w for w in profile.values()) ** 0.5 or 1.0
        profiles[topic] = {term: w / norm for term, w in profile.items()}
    return profiles


def suggest_topics(article, limit=3):
    """[(topic, score)] of topics the article is not in yet, best first."""
    doc = scoring.Doc(id=article.pk or 0, headline=article.headline, dek=article.dek,
                      body=plain_text(article.body))  # fmt: skip
    counts = scoring.term_counts(doc)
    documents = RelatedIndexState.get().documents
    frequencies = dict(
        TermStatistic.objects.filter(term__in=list(counts)).values_list("term", "documents")
    )
    signature = scoring.signature(counts, frequencies, documents)
    current = {article.primary_topic_id}
    if article.pk:
        current |= set(article.topics.values_list("pk", flat=True))
    candidates = Topic.objects.exclude(pk__in=current)
    ranked = [
        (topic, scoring.similarity(signature, profile))
        for topic, profile in topic_profiles(candidates).items()
    ]
    ranked = [(t, s) for t, s in ranked if s >= MIN_SCORE]
    return sorted(ranked, key=lambda item: -item[1])[:limit]
