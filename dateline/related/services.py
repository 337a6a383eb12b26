"""Writes to the related lists. Publishing, updating and unpublishing an article call these
(through `dateline.related.tasks`), so lists are computed at publish time and a page view
only reads them."""

from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.utils.timezone import now

from dateline import changes
from dateline.articles.models import Article
from dateline.articles.text import plain_text
from dateline.related import scoring, stories
from dateline.related.models import (
    ArticleTerm,
    RelatedChoice,
    RelatedIndexState,
    RelatedLink,
    StoryMember,
    TermStatistic,
)

# How many similar stories to consider for a list, and how many existing lists a newly
# published story may enter.
CANDIDATES = 50
PROPAGATE_TO = 20


def doc_for(article, topic_ids=None):
    if topic_ids is None:
        topic_ids = set(article.topics.values_list("pk", flat=True))
    return scoring.Doc(
        id=article.pk,
        headline=article.headline,
        dek=article.dek,
        body=plain_text(article.body),
        topic_ids=frozenset({article.primary_topic_id, *topic_ids}),
        primary_topic_id=article.primary_topic_id,
        published_at=article.published_at,
    )


def bump_document_frequencies(terms):
    """+1 to the document frequency of each term, in one statement per term batch."""
    table = TermStatistic._meta.db_table
    terms = sorted(terms)
    with connection.cursor() as cursor:
        for start in range(0, len(terms), 200):
            batch = terms[start : start + 200]
            values = ", ".join(["(%s, 1)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} (term, documents) VALUES {values} "
                f"ON CONFLICT (term) DO UPDATE SET documents = {table}.documents + 1",
                batch,
            )


def sign_article(article, doc):
    """Store the article's signature (its strongest terms) in the term index."""
    counts = scoring.term_counts(doc)
    state = RelatedIndexState.objects.select_for_update().get_or_create(pk=1)[0]
    if not ArticleTerm.objects.filter(article=article).exists():
        bump_document_frequencies(counts.keys())
        state.documents += 1
        state.save(update_fields=["documents"])
    frequencies = dict(
        TermStatistic.objects.filter(term__in=list(counts)).values_list("term", "documents")
    )
    signature = scoring.signature(counts, frequencies, state.documents)
    ArticleTerm.objects.filter(article=article).delete()
    ArticleTerm.objects.bulk_create(
        ArticleTerm(article=article, term=term, weight=weight) for term, weight in signature.items()
    )
    return signature


def rare_term_cap(documents):
    """The most articles a term may appear in and still propose candidates."""
    return max(scoring.CANDIDATE_TERM_MIN_ARTICLES, int(documents * scoring.CANDIDATE_TERM_SHARE))


def similar_articles(article_id, limit=CANDIDATES):
    """[(article id, text similarity)] of live articles sharing terms with this one, best
    first."""
    return similar_with_signatures(article_id, limit)[0]


def similar_with_signatures(article_id, limit=CANDIDATES):
    """similar_articles(), and the signatures it read ({article id: signature}), which
    choosing the list needs again.

    Candidates come only through the article's rarer terms (see CANDIDATE_TERM_SHARE): a
    common term would join every article that has it, which at 100,000 articles makes the
    query take seconds. Each candidate's similarity is then the exact cosine over whole
    signatures.
    """
    terms = ArticleTerm._meta.db_table
    statistics = TermStatistic._meta.db_table
    articles = Article._meta.db_table
    cap = rare_term_cap(RelatedIndexState.get().documents)
    # SQLite without fresh statistics starts from every published article (minutes at
    # 100,000); a unary + keeps it from using the status index, so it starts from the terms.
    pin = "+" if connection.vendor == "sqlite" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT b.article_id, SUM(a.weight * b.weight) AS similarity "
            f"FROM {terms} a JOIN {statistics} s ON s.term = a.term "
            f"JOIN {terms} b ON b.term = a.term AND b.article_id <> a.article_id "
            f"JOIN {articles} art ON art.id = b.article_id "
            f"WHERE a.article_id = %s AND s.documents <= %s "
            f"AND {pin}art.status = %s AND {pin}art.published_at <= %s "
            f"GROUP BY b.article_id ORDER BY similarity DESC, b.article_id DESC LIMIT %s",
            [article_id, cap, Article.Status.PUBLISHED, now(), scoring.CANDIDATE_POOL],
        )
        pool = [pk for pk, _ in cursor.fetchall()]
    signatures = signatures_of([article_id, *pool])
    own = signatures.pop(article_id, {})
    exact = [(pk, scoring.similarity(own, signatures[pk])) for pk in pool]
    exact.sort(key=lambda item: (-item[1], -item[0]))
    return exact[:limit], signatures


def signatures_of(article_ids):
    signatures = defaultdict(dict)
    rows = ArticleTerm.objects.filter(article_id__in=article_ids).values_list(
        "article_id", "term", "weight"
    )
    for article_id, term, weight in rows:
        signatures[article_id][term] = weight
    return signatures


def metadata_docs(article_ids):
    """Docs with what scoring needs besides text (topics, dates), for many articles."""
    topics = defaultdict(set)
    through = Article.topics.through.objects.filter(article_id__in=article_ids)
    for article_id, topic_id in through.values_list("article_id", "topic_id"):
        topics[article_id].add(topic_id)
    rows = Article.objects.filter(pk__in=article_ids).values_list(
        "pk", "primary_topic_id", "published_at"
    )
    return {
        pk: scoring.Doc(
            id=pk,
            headline="",
            dek="",
            body="",
            topic_ids=frozenset({primary, *topics[pk]}),
            primary_topic_id=primary,
            published_at=published_at,
        )
        for pk, primary, published_at in rows
    }


def latest_in_topic(topic_id, limit):
    return list(
        Article.objects.published()
        .filter(primary_topic_id=topic_id)
        .newest_first()
        .values_list("pk", flat=True)[:limit]
    )


def editor_choices(article_ids):
    pinned, excluded = defaultdict(list), defaultdict(set)
    for article_id, other_id, kind in RelatedChoice.objects.filter(
        article_id__in=article_ids
    ).values_list("article_id", "other_id", "kind"):
        if kind == RelatedChoice.Kind.PIN:
            pinned[article_id].append(other_id)
        else:
            excluded[article_id].add(other_id)
    return pinned, excluded


def store_list(article_id, chosen):
    changes.announce(changes.article(article_id))
    RelatedLink.objects.filter(article_id=article_id).delete()
    RelatedLink.objects.bulk_create(
        RelatedLink(article_id=article_id, related_id=related_id, position=position, score=s,
                    reason=reason)
        for position, (related_id, s, reason) in enumerate(chosen)
    )  # fmt: skip


def compute_list(article, doc, candidates, signatures=None):
    """Choose and store `article`'s related list from its candidates [(id, similarity)]
    (and their signatures, when the caller has read them already)."""
    limit = settings.RELATED_ARTICLES_COUNT
    ids = [pk for pk, _ in candidates]
    docs = metadata_docs(ids)
    if signatures is None:
        signatures = signatures_of(ids)
    pinned, excluded = editor_choices([article.pk])
    live_pins = set(
        Article.objects.published().filter(pk__in=pinned[article.pk]).values_list("pk", flat=True)
    )
    story = StoryMember.objects.filter(article_id=article.pk).values_list("story_id", flat=True)
    in_story = set(
        StoryMember.objects.live().filter(story_id__in=story).values_list("article_id", flat=True)
    )
    chosen = scoring.choose_related(
        doc,
        [
            scoring.Candidate(docs[pk], signatures[pk], similarity)
            for pk, similarity in candidates
            if pk in docs
        ],
        limit=limit,
        pinned=[pk for pk in pinned[article.pk] if pk in live_pins],
        excluded=excluded[article.pk],
        fallback=latest_in_topic(article.primary_topic_id, limit + 1),
        story=in_story - {article.pk},
    )
    store_list(article.pk, chosen)
    return chosen


def offer_to_existing_lists(article, doc, signature, candidates):
    """Put a newly published story into the lists of the stories most related to it, where
    it beats what is there: no full rebuild needed."""
    limit = settings.RELATED_ARTICLES_COUNT
    top = [(pk, sim) for pk, sim in candidates[:PROPAGATE_TO] if sim >= scoring.MIN_SIMILARITY]
    if not top:
        return
    ids = [pk for pk, _ in top]
    docs = metadata_docs(ids)
    links = defaultdict(list)
    for link in RelatedLink.objects.filter(article_id__in=ids).order_by("position"):
        links[link.article_id].append(link)
    _, excluded = editor_choices(ids)
    listed_signatures = signatures_of({link.related_id for ls in links.values() for link in ls})
    for pk, sim in top:
        if pk not in docs or article.pk in excluded[pk]:
            continue
        current = [link for link in links[pk] if link.related_id != article.pk]
        if any(
            link.reason == RelatedLink.Reason.SIMILAR
            and scoring.similarity(signature, listed_signatures.get(link.related_id, {}))
            >= scoring.NEAR_DUPLICATE
            for link in current
        ):
            continue  # it would sit beside a near-duplicate of itself
        pinned = [link for link in current if link.reason == RelatedLink.Reason.PINNED]
        others = [link for link in current if link.reason != RelatedLink.Reason.PINNED]
        entries = [(link.related_id, link.score, link.reason) for link in others]
        entries.append((article.pk, scoring.score(docs[pk], doc, sim), "similar"))
        entries.sort(key=lambda e: (e[1], e[2] == "similar"), reverse=True)
        new = [(link.related_id, link.score, link.reason) for link in pinned]
        new += entries[: max(limit - len(pinned), 0)]
        old = [(link.related_id, link.score, link.reason) for link in links[pk]]
        if new != old:
            store_list(pk, new)


def put_first_in_story_lists(article, story):
    """A story's new article goes first (after editors' pins) in the lists of the story's
    other articles (its PROPAGATE_TO newest): lists take the story first, and nothing
    there beats the story's latest. No candidate query: their stored lists are edited."""
    limit = settings.RELATED_ARTICLES_COUNT
    others = list(
        StoryMember.objects.live()
        .filter(story=story)
        .exclude(article=article)
        .order_by("-article__published_at")
        .values_list("article_id", flat=True)[:PROPAGATE_TO]
    )
    _, excluded = editor_choices(others)
    links = defaultdict(list)
    for link in RelatedLink.objects.filter(article_id__in=others).order_by("position"):
        links[link.article_id].append((link.related_id, link.score, link.reason))
    for other in others:
        if article.pk in excluded[other]:
            continue
        current = [entry for entry in links[other] if entry[0] != article.pk]
        pinned = [entry for entry in current if entry[2] == RelatedLink.Reason.PINNED]
        rest = [entry for entry in current if entry[2] != RelatedLink.Reason.PINNED]
        new = [*pinned, (article.pk, 1.0, RelatedLink.Reason.SIMILAR), *rest][:limit]
        if new != links[other]:
            store_list(other, new)


@transaction.atomic
def refresh_related(article):
    """After a publish or an update: sign the article, compute its list, and offer it to
    the lists of the stories it is most related to."""
    doc = doc_for(article)
    signature = sign_article(article, doc)
    candidates, signatures = similar_with_signatures(article.pk)
    story = stories.assign(article, candidates)
    compute_list(article, doc, candidates, signatures)
    if article.status == Article.Status.PUBLISHED:
        # A scheduled story takes its place now; the block's query shows it from its time on.
        offer_to_existing_lists(article, doc, signature, candidates)
        if story is not None:
            put_first_in_story_lists(article, story)


@transaction.atomic
def remove_from_related(article):
    """After an unpublish: the article leaves the index and every list it was in; those
    lists are computed again without it."""
    ArticleTerm.objects.filter(article=article).delete()
    RelatedLink.objects.filter(article=article).delete()
    stories.leave(article)
    affected = list(
        RelatedLink.objects.filter(related=article).values_list("article_id", flat=True)
    )
    RelatedLink.objects.filter(related=article).delete()
    for other in Article.objects.filter(pk__in=affected).select_related("primary_topic"):
        compute_list(other, doc_for(other), similar_articles(other.pk))
