"""Rebuild every related list at once: the batch counterpart of `services.refresh_related`.

Three phases, each resumable: count document frequencies, sign every article (batches,
checkpointed by article id), then compute every list from a sparse matrix product of the
signatures (numpy/scipy, in chunks, checkpointed). An interrupted rebuild carries on from
the last checkpoint when run again.
"""

import time
from collections import Counter, defaultdict

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils.timezone import now
from scipy import sparse

from dateline.articles.models import Article
from dateline.articles.text import plain_text
from dateline.related import scoring
from dateline.related.models import (
    ArticleTerm,
    RelatedChoice,
    RelatedIndexState,
    RelatedLink,
    TermStatistic,
)

BATCH = 2000
CHUNK = 500
CANDIDATES = 30


def live_articles():
    return Article.objects.published().order_by("pk")


def iterate_docs(after_id=0):
    """Docs of every live article after `after_id`, in id order, a batch at a time."""
    topics = defaultdict(set)
    for article_id, topic_id in Article.topics.through.objects.values_list(
        "article_id", "topic_id"
    ):
        topics[article_id].add(topic_id)
    last = after_id
    while True:
        rows = list(
            live_articles()
            .filter(pk__gt=last)
            .values_list("pk", "headline", "dek", "body", "primary_topic_id", "published_at")[
                :BATCH
            ]
        )
        if not rows:
            return
        yield [
            scoring.Doc(
                id=pk,
                headline=headline,
                dek=dek,
                body=plain_text(body),
                topic_ids=frozenset({primary, *topics[pk]}),
                primary_topic_id=primary,
                published_at=published_at,
            )
            for pk, headline, dek, body, primary, published_at in rows
        ]
        last = rows[-1][0]


class Progress:
    def __init__(self, report, total, label):
        self.report, self.total, self.label = report, total, label
        self.done, self.started, self.last = 0, time.monotonic(), 0.0

    def advance(self, count):
        self.done += count
        current = time.monotonic()
        if current - self.last > 0.5 or self.done >= self.total:
            self.last = current
            self.report(self.label, self.done, self.total, current - self.started)


def count_frequencies(report):
    total = live_articles().count()
    progress = Progress(report, total, "Counting terms")
    frequencies = Counter()
    for docs in iterate_docs():
        for doc in docs:
            frequencies.update(scoring.term_counts(doc).keys())
        progress.advance(len(docs))
    with transaction.atomic():
        TermStatistic.objects.all().delete()
        TermStatistic.objects.bulk_create(
            (TermStatistic(term=t, documents=n) for t, n in frequencies.items()), batch_size=5000
        )
        state = RelatedIndexState.get()
        state.documents = total
        state.phase = RelatedIndexState.Phase.SIGNATURES
        state.last_article_id = 0
        state.started_at = now()
        state.save()
        ArticleTerm.objects.all().delete()
    return state


def sign_all(state, report):
    frequencies = dict(TermStatistic.objects.values_list("term", "documents"))
    remaining = live_articles().filter(pk__gt=state.last_article_id).count()
    progress = Progress(report, remaining, "Signing articles")
    for docs in iterate_docs(after_id=state.last_article_id):
        rows = []
        for doc in docs:
            signature = scoring.signature(scoring.term_counts(doc), frequencies, state.documents)
            rows += [ArticleTerm(article_id=doc.id, term=t, weight=w) for t, w in signature.items()]
        with transaction.atomic():
            ArticleTerm.objects.filter(article_id__in=[d.id for d in docs]).delete()
            ArticleTerm.objects.bulk_create(rows, batch_size=5000)
            state.last_article_id = docs[-1].id
            state.save(update_fields=["last_article_id"])
        progress.advance(len(docs))
    state.phase = RelatedIndexState.Phase.LISTS
    state.last_article_id = 0
    state.save(update_fields=["phase", "last_article_id"])


def load_matrix():
    """Every live article's signature as rows of a sparse matrix (term ids as columns)."""
    ids = list(live_articles().values_list("pk", flat=True))
    row_of = {pk: row for row, pk in enumerate(ids)}
    term_ids = {}
    rows, cols, values = [], [], []
    signatures = [{} for _ in ids]
    for article_id, term, weight in ArticleTerm.objects.values_list(
        "article_id", "term", "weight"
    ).iterator(chunk_size=20000):
        row = row_of.get(article_id)
        if row is None:
            continue
        col = term_ids.setdefault(term, len(term_ids))
        rows.append(row)
        cols.append(col)
        values.append(weight)
        signatures[row][col] = weight
    matrix = sparse.csr_matrix(
        (np.array(values, dtype=np.float32), (np.array(rows), np.array(cols))),
        shape=(len(ids), max(len(term_ids), 1)),
    )
    return ids, matrix, signatures


def compute_all_lists(state, report):
    limit = settings.RELATED_ARTICLES_COUNT
    ids, matrix, signatures = load_matrix()
    docs = {}
    topics = defaultdict(set)
    for article_id, topic_id in Article.topics.through.objects.values_list(
        "article_id", "topic_id"
    ):
        topics[article_id].add(topic_id)
    for pk, primary, published_at in live_articles().values_list(
        "pk", "primary_topic_id", "published_at"
    ):
        docs[pk] = scoring.Doc(pk, "", "", "", frozenset({primary, *topics[pk]}), primary,
                               published_at)  # fmt: skip
    latest = defaultdict(list)
    for pk, primary in live_articles().newest_first().values_list("pk", "primary_topic_id"):
        if len(latest[primary]) <= limit:
            latest[primary].append(pk)
    pinned, excluded = defaultdict(list), defaultdict(set)
    live = set(ids)
    for article_id, other_id, kind in RelatedChoice.objects.values_list(
        "article_id", "other_id", "kind"
    ):
        if kind == RelatedChoice.Kind.PIN and other_id in live:
            pinned[article_id].append(other_id)
        elif kind == RelatedChoice.Kind.EXCLUDE:
            excluded[article_id].add(other_id)

    start_row = next((i for i, pk in enumerate(ids) if pk > state.last_article_id), len(ids))
    progress = Progress(report, len(ids) - start_row, "Computing lists")
    transposed = matrix.T.tocsc()
    for chunk_start in range(start_row, len(ids), CHUNK):
        chunk_end = min(chunk_start + CHUNK, len(ids))
        product = (matrix[chunk_start:chunk_end] @ transposed).tocsr()
        links = []
        for offset in range(chunk_end - chunk_start):
            row = chunk_start + offset
            source = docs[ids[row]]
            begin, end = product.indptr[offset], product.indptr[offset + 1]
            cols, sims = product.indices[begin:end], product.data[begin:end]
            keep = cols != row
            cols, sims = cols[keep], sims[keep]
            if len(sims) > CANDIDATES:
                top = np.argpartition(-sims, CANDIDATES)[:CANDIDATES]
                cols, sims = cols[top], sims[top]
            candidates = [
                scoring.Candidate(docs[ids[c]], signatures[c], float(s))
                for c, s in zip(cols, sims, strict=True)
            ]
            chosen = scoring.choose_related(
                source,
                candidates,
                limit=limit,
                pinned=pinned[source.id],
                excluded=excluded[source.id],
                fallback=latest[source.primary_topic_id],
            )
            links += [
                RelatedLink(article_id=source.id, related_id=related_id, position=position,
                            score=value, reason=reason)
                for position, (related_id, value, reason) in enumerate(chosen)
            ]  # fmt: skip
        chunk_ids = ids[chunk_start:chunk_end]
        with transaction.atomic():
            RelatedLink.objects.filter(article_id__in=chunk_ids).delete()
            RelatedLink.objects.bulk_create(links, batch_size=5000)
            state.last_article_id = chunk_ids[-1]
            state.save(update_fields=["last_article_id"])
        progress.advance(len(chunk_ids))
    with transaction.atomic():
        # Lists of articles that are no longer live are dropped.
        RelatedLink.objects.exclude(article_id__in=live_articles()).delete()
        state.phase = RelatedIndexState.Phase.IDLE
        state.last_article_id = 0
        state.save(update_fields=["phase", "last_article_id"])


def rebuild(report, *, restart=False):
    """Rebuild everything, or carry on with an interrupted rebuild. Returns the phases run."""
    state = RelatedIndexState.get()
    if restart or state.phase == RelatedIndexState.Phase.IDLE:
        state = count_frequencies(report)
    if state.phase == RelatedIndexState.Phase.SIGNATURES:
        sign_all(state, report)
    compute_all_lists(state, report)
