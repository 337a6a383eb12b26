"""Rebuild every related list at once: the batch counterpart of `services.refresh_related`.

Three phases, each resumable: count document frequencies, sign every article (batches,
checkpointed by article id), then compute every list from a sparse matrix product of the
signatures (numpy/scipy, in chunks, checkpointed). An interrupted rebuild carries on from
the last checkpoint when run again.

Scheduled stories are signed and listed with the live ones, as publishing does at once:
a story scheduled for 06:00 goes live with its list made and in the lists it belongs in.
Readers see it there only from its time on (RelatedLink.objects.for_block,
StoryMember.objects.live()).
"""

import time
from array import array
from collections import Counter, defaultdict
from contextlib import contextmanager
from itertools import islice, repeat

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.utils.timezone import now
from scipy import sparse

from dateline.articles.models import Article
from dateline.articles.text import plain_text
from dateline.related import scoring, services, stories
from dateline.related.models import (
    ArticleTerm,
    RelatedChoice,
    RelatedIndexState,
    RelatedLink,
    StoryMember,
    StoryNeighbour,
    TermStatistic,
)

BATCH = 2000
CHUNK = 500
CANDIDATES = 30
# Candidates rescored on whole signatures per article (the best by rare terms).
POOL = 100


def indexed_articles():
    """What a rebuild signs and lists: live and scheduled articles."""
    return Article.objects.published_or_scheduled().order_by("pk")


def iterate_docs(after_id=0):
    """Docs of every indexed article after `after_id`, in id order, a batch at a time."""
    topics = defaultdict(set)
    for article_id, topic_id in Article.topics.through.objects.values_list(
        "article_id", "topic_id"
    ):
        topics[article_id].add(topic_id)
    last = after_id
    while True:
        rows = list(
            indexed_articles()
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


class CountedTerms:
    """Every article's term counts from the counting pass, kept compactly (term numbers and
    counts in flat arrays) so that signing need not tokenize every article a second time:
    at 100,000 articles about 200 MB instead of a second pass over 60 million words."""

    def __init__(self):
        self.columns = Columns()
        self.doc_ids = []
        self.offsets = array("q", [0])
        self.terms = array("i")
        self.counts = array("d")

    def add(self, doc_id, counts):
        self.doc_ids.append(doc_id)
        self.terms.extend(map(self.columns.__getitem__, counts.keys()))
        self.counts.extend(counts.values())
        self.offsets.append(len(self.terms))

    def signatures(self, idf_of, unseen, size=None):
        """(doc id, terms, weights) per article, as scoring.weigh() makes them, in order:
        the terms as numbers of `self.columns`, in a numpy array beside their weights."""
        size = size or scoring.SIGNATURE_TERMS
        vocabulary = list(self.columns)
        idf = np.array([idf_of.get(term, unseen) for term in vocabulary])
        alphabetical = np.empty(len(vocabulary), dtype=np.int64)  # weigh() breaks ties by term
        alphabetical[sorted(range(len(vocabulary)), key=vocabulary.__getitem__)] = np.arange(
            len(vocabulary)
        )
        terms = np.frombuffer(self.terms, dtype=np.int32)
        weights = (1.0 + np.log(np.frombuffer(self.counts, dtype=np.float64))) * idf[terms]
        offsets = np.frombuffer(self.offsets, dtype=np.int64)
        for index, doc_id in enumerate(self.doc_ids):
            begin, end = offsets[index], offsets[index + 1]
            doc_terms, doc_weights = terms[begin:end], weights[begin:end]
            keep = doc_weights > 0
            doc_terms, doc_weights = doc_terms[keep], doc_weights[keep]
            strongest = np.lexsort((alphabetical[doc_terms], -doc_weights))[:size]
            top = doc_weights[strongest]
            norm = float(np.sqrt(np.dot(top, top))) or 1.0
            yield doc_id, doc_terms[strongest], top / norm


def count_frequencies(report):
    """Document frequencies of every term; returns the state, the counted terms, and the
    counted names (scoring.entity_counts) the grouping into stories needs, read from the
    same pass over the articles."""
    total = indexed_articles().count()
    progress = Progress(report, total, "Counting terms")
    frequencies = Counter()
    counted, named = CountedTerms(), CountedTerms()
    for docs in iterate_docs():
        for doc in docs:
            counts = scoring.term_counts(doc)
            frequencies.update(counts.keys())
            counted.add(doc.id, counts)
            named.add(doc.id, scoring.entity_counts(doc))
        progress.advance(len(docs))
    with transaction.atomic():
        TermStatistic.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TermStatistic._meta.db_table} (term, documents) VALUES (%s, %s)",
                frequencies.items(),
            )
        state = RelatedIndexState.get()
        state.documents = total
        state.phase = RelatedIndexState.Phase.SIGNATURES
        state.last_article_id = 0
        state.started_at = now()
        state.save()
        ArticleTerm.objects.all().delete()
        drop_term_index()
    return state, counted, named


# The term index (what one publish's candidate query looks terms up by) is dropped while a
# rebuild writes every signature and made again in one sorted pass afterwards: kept, its
# B-tree takes 10 million inserts at random places and the signing phase at 100,000
# articles slowed from about a minute and a half to over five. Publishing during that
# phase still works, only slower. The names match the model's Meta.indexes.
TERM_INDEX = "articleterm_term"


@contextmanager
def index_change(cursor):
    """PostgreSQL refuses to change an index of a table with foreign-key checks still
    pending in the transaction (when a rebuild runs inside a caller's transaction, as
    the WordPress import's tests do): run them first, then defer again as Django's
    foreign keys are."""
    pending = connection.vendor == "postgresql" and connection.in_atomic_block
    if pending:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    if pending:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def drop_term_index():
    with connection.cursor() as cursor, index_change(cursor):
        cursor.execute(f"DROP INDEX IF EXISTS {TERM_INDEX}")


def create_term_index():
    table = ArticleTerm._meta.db_table
    with connection.cursor() as cursor, index_change(cursor):
        cursor.execute(f'CREATE INDEX IF NOT EXISTS {TERM_INDEX} ON "{table}" ("term")')


def write_signatures(rows):
    """Insert (article id, term, weight) rows with one prepared statement: at 100,000
    articles (10 million rows) building model instances took most of the phase."""
    table = ArticleTerm._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (article_id, term, weight) VALUES (%s, %s, %s)", rows
        )


def chunked(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def sign_all(state, report, counted=None):
    """Sign every indexed article: from the counting pass's `counted` terms when this run
    counted them, else (a resumed rebuild) by reading and tokenizing the articles again."""
    idf_of, unseen = scoring.idf_table(
        dict(TermStatistic.objects.values_list("term", "documents")), state.documents
    )
    remaining = indexed_articles().filter(pk__gt=state.last_article_id).count()
    progress = Progress(report, remaining, "Signing articles")
    # Resuming: rows of the batch that was interrupted may be there; batches after it are
    # new, so they need no delete.
    ArticleTerm.objects.filter(article_id__gt=state.last_article_id).delete()
    # Signing every article from this run's counts: keep what is written for the lists.
    signed = SignedMatrix(counted) if counted is not None else None
    if counted is not None:
        vocabulary = list(counted.columns)
        batches = chunked(counted.signatures(idf_of, unseen), BATCH)
    else:
        batches = (
            [(doc.id, scoring.weigh(scoring.term_counts(doc), idf_of, unseen)) for doc in docs]
            for docs in iterate_docs(after_id=state.last_article_id)
        )
    for batch in batches:
        if signed is not None:
            # Term numbers to terms in C (map, zip): 10 million rows at 100,000 articles.
            rows = [
                row
                for pk, terms, weights in batch
                for row in zip(
                    repeat(pk), map(vocabulary.__getitem__, terms.tolist()), weights.tolist()
                )
            ]
        else:
            rows = [
                (pk, term, weight) for pk, signature in batch for term, weight in signature.items()
            ]
        with transaction.atomic():
            write_signatures(rows)
            state.last_article_id = batch[-1][0]
            state.save(update_fields=["last_article_id"])
        if signed is not None:
            signed.add(batch)
        progress.advance(len(batch))
    create_term_index()
    state.phase = RelatedIndexState.Phase.LISTS
    state.last_article_id = 0
    state.save(update_fields=["phase", "last_article_id"])
    return signed


class Columns(dict):
    """term -> column number, numbering terms as they are first met."""

    def __missing__(self, term):
        self[term] = column = len(self)
        return column


def write_links(rows):
    table = RelatedLink._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (article_id, related_id, position, score, reason) "
            "VALUES (%s, %s, %s, %s, %s)",
            rows,
        )


class SignedMatrix:
    """The signatures a rebuild just wrote, kept as the matrix `compute_all_lists` needs,
    so that it need not read 10 million rows back (the signing phase ran in this process
    from its first article: a resumed rebuild reads them with `load_matrix`). Its columns
    are the counting pass's term numbers."""

    def __init__(self, counted):
        self.ids = list(counted.doc_ids)
        self.columns = counted.columns
        self.lengths, self.cols, self.values = [], [], []

    def add(self, signatures):
        """(article id, terms, weights) of the next articles, as `CountedTerms.signatures`
        gives them."""
        for _, terms, weights in signatures:
            self.lengths.append(len(terms))
            self.cols.append(terms)
            self.values.append(weights)

    def build(self):
        rows = np.repeat(np.arange(len(self.lengths), dtype=np.int32), self.lengths)
        cols = np.concatenate(self.cols).astype(np.int32) if self.cols else np.array([], np.int32)
        values = (
            np.concatenate(self.values).astype(np.float32)
            if self.values
            else np.array([], np.float32)
        )
        return build_matrix(self.ids, self.columns, rows, cols, values)


def build_matrix(ids, columns, rows, cols, values):
    """(ids, matrix, rare): one row per article, one column per term, and which columns
    are rare enough to propose candidates (see scoring.CANDIDATE_TERM_SHARE)."""
    frequencies = dict(TermStatistic.objects.values_list("term", "documents"))
    matrix = sparse.csr_matrix(
        (np.asarray(values, dtype=np.float32),
         (np.asarray(rows, dtype=np.int32), np.asarray(cols, dtype=np.int32))),
        shape=(len(ids), max(len(columns), 1)),
    )  # fmt: skip
    cap = services.rare_term_cap(RelatedIndexState.get().documents)
    rare = np.zeros(matrix.shape[1], dtype=bool)
    for term, column in columns.items():
        rare[column] = frequencies.get(term, 0) <= cap
    return ids, matrix, rare


def load_matrix():
    """Every indexed article's signature as rows of a sparse matrix (term ids as columns), and
    which columns are rare enough to propose candidates (see scoring.CANDIDATE_TERM_SHARE).
    Rows are read in bulk and mapped with C-level map(): 10 million at 100,000 articles."""
    ids = list(indexed_articles().values_list("pk", flat=True))
    row_of = {pk: row for row, pk in enumerate(ids)}
    columns = Columns()
    rows, cols, values = array("i"), array("i"), array("f")
    indexed_sql, params = indexed_articles().order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT article_id, term, weight FROM {ArticleTerm._meta.db_table} "
            f"WHERE article_id IN ({indexed_sql})",
            params,
        )
        while batch := cursor.fetchmany(100_000):
            article_ids, terms, weights = zip(*batch, strict=True)
            rows.extend(map(row_of.__getitem__, article_ids))
            cols.extend(map(columns.__getitem__, terms))
            values.extend(weights)
    return build_matrix(ids, columns, rows, cols, values)


class MatrixCandidate(scoring.Candidate):
    """A candidate whose signature is read from its matrix row when first needed: the
    near-duplicate check looks at a few candidates per list, and 100,000 lists of 30
    candidates would not fit in 2 GB as dicts."""

    def __init__(self, doc, matrix, row, similarity):
        self.doc, self.matrix, self.row, self.similarity = doc, matrix, row, similarity
        self._signature = None

    @property
    def signature(self):
        if self._signature is None:
            matrix = self.matrix
            begin, end = matrix.indptr[self.row], matrix.indptr[self.row + 1]
            terms, weights = matrix.indices[begin:end].tolist(), matrix.data[begin:end].tolist()
            self._signature = dict(zip(terms, weights, strict=True))
        return self._signature


def chunk_candidates(matrix, rare_transposed, start, end, pool):
    """For rows start..end: the `pool` best other rows by their rare terms, rescored on
    whole signatures. Yields [(row, cosine)] per source row, best first."""
    partial = (matrix[start:end] @ rare_transposed).tocsr()
    sources, targets = [], []
    for offset in range(end - start):
        begin, stop = partial.indptr[offset], partial.indptr[offset + 1]
        cols, sims = partial.indices[begin:stop], partial.data[begin:stop]
        keep = cols != start + offset
        cols, sims = cols[keep], sims[keep]
        if len(sims) > pool:
            cols = cols[np.argpartition(-sims, pool)[:pool]]
        sources.append(np.full(len(cols), start + offset, dtype=np.int32))
        targets.append(cols)
    sources, targets = np.concatenate(sources), np.concatenate(targets)
    # Cosines of all the chunk's pairs at once: row-wise dot products of two stacked matrices.
    exact = np.asarray(matrix[sources].multiply(matrix[targets]).sum(axis=1)).ravel()
    bounds = np.searchsorted(sources, np.arange(start, end + 1))
    for offset in range(end - start):
        begin, stop = bounds[offset], bounds[offset + 1]
        order = np.argsort(-exact[begin:stop], kind="stable")
        yield list(zip(targets[begin:stop][order].tolist(), exact[begin:stop][order].tolist(),
                       strict=True))  # fmt: skip


def compute_all_lists(state, report, built=None, named=None):
    """Every list, from `built` (SignedMatrix.build()) or the signatures in the database;
    `named`: the names count_frequencies counted, when this run counted them."""
    limit = settings.RELATED_ARTICLES_COUNT
    create_term_index()  # in case a rebuild stopped in the signing phase was run again
    ids, matrix, rare = built if built is not None else load_matrix()
    docs = {}
    topics = defaultdict(set)
    for article_id, topic_id in Article.topics.through.objects.values_list(
        "article_id", "topic_id"
    ):
        topics[article_id].add(topic_id)
    for pk, primary, published_at in indexed_articles().values_list(
        "pk", "primary_topic_id", "published_at"
    ):
        docs[pk] = scoring.Doc(pk, "", "", "", frozenset({primary, *topics[pk]}), primary,
                               published_at)  # fmt: skip
    # The topic's latest and editors' pins fill a block now: live stories only, as at
    # publish time (services.compute_list). A scheduled story enters lists by its text.
    latest = defaultdict(list)
    for pk, primary in (
        Article.objects.published().newest_first().values_list("pk", "primary_topic_id")
    ):
        if len(latest[primary]) <= limit:
            latest[primary].append(pk)
    pinned, excluded = defaultdict(list), defaultdict(set)
    moment = now()
    live = {pk for pk, doc in docs.items() if doc.published_at <= moment}
    for article_id, other_id, kind in RelatedChoice.objects.values_list(
        "article_id", "other_id", "kind"
    ):
        if kind == RelatedChoice.Kind.PIN and other_id in live:
            pinned[article_id].append(other_id)
        elif kind == RelatedChoice.Kind.EXCLUDE:
            excluded[article_id].add(other_id)

    start_row = next((i for i, pk in enumerate(ids) if pk > state.last_article_id), len(ids))
    # Candidates through rare terms only (a common term would pair every article with
    # thousands of others); then exact cosines over whole signatures.
    rare_transposed = (matrix @ sparse.diags(rare.astype(np.float32))).T.tocsc()
    rare_transposed.eliminate_zeros()
    kept = (
        group_stories(state, ids, matrix, rare_transposed, report, named) if start_row == 0 else {}
    )
    story_of, members = story_members()
    progress = Progress(report, len(ids) - start_row, "Computing lists")
    for chunk_start in range(start_row, len(ids), CHUNK):
        chunk_end = min(chunk_start + CHUNK, len(ids))
        if chunk_start in kept:  # the grouping's candidates: no second product
            pools = [
                list(zip(rows.tolist(), values.tolist(), strict=True))
                for rows, values in kept.pop(chunk_start)
            ]
        else:
            pools = chunk_candidates(matrix, rare_transposed, chunk_start, chunk_end, POOL)
        links = []
        for row, pool in zip(range(chunk_start, chunk_end), pools, strict=True):
            source = docs[ids[row]]
            candidates = [MatrixCandidate(docs[ids[c]], matrix, c, s) for c, s in pool[:CANDIDATES]]
            chosen = scoring.choose_related(
                source,
                candidates,
                limit=limit,
                pinned=pinned[source.id],
                excluded=excluded[source.id],
                fallback=latest[source.primary_topic_id],
                story=members.get(story_of.get(source.id), ()),
            )
            links += [
                (source.id, related_id, position, value, reason)
                for position, (related_id, value, reason) in enumerate(chosen)
            ]
        chunk_ids = ids[chunk_start:chunk_end]
        with transaction.atomic():
            RelatedLink.objects.filter(article_id__in=chunk_ids).delete()
            write_links(links)
            state.last_article_id = chunk_ids[-1]
            state.save(update_fields=["last_article_id"])
        progress.advance(len(chunk_ids))
    with transaction.atomic():
        # Lists of articles no longer published or scheduled are dropped.
        RelatedLink.objects.exclude(article_id__in=indexed_articles()).delete()
        state.phase = RelatedIndexState.Phase.IDLE
        state.last_article_id = 0
        state.save(update_fields=["phase", "last_article_id"])
    analyze()


def group_stories(state, ids, matrix, rare_transposed, report, named=None):
    """Group every indexed article into stories again (stories.apply keeps editors'
    decisions): each article's story similarity to its STORY_NEIGHBOURS nearest by text,
    then average-link clustering. `named`: the names the counting pass counted (else, in a
    resumed rebuild, they are read again)."""
    row_of = {pk: row for row, pk in enumerate(ids)}
    idf_of, unseen = scoring.idf_table(
        dict(TermStatistic.objects.values_list("term", "documents")), max(state.documents, 1)
    )
    rows, cols, values = array("i"), array("i"), array("f")
    dates = {row_of[pk]: at for pk, at in indexed_articles().values_list("pk", "published_at")
             if pk in row_of}  # fmt: skip
    if named is None:
        named = CountedTerms()
        progress = Progress(report, len(ids), "Reading names")
        for docs in iterate_docs():
            for doc in docs:
                named.add(doc.id, scoring.entity_counts(doc))
            progress.advance(len(docs))
    for doc_id, terms, weights in named.signatures(idf_of, unseen):
        row = row_of.get(doc_id)
        if row is not None:
            rows.extend(array("i", [row]) * len(terms))
            cols.extend(terms.astype(np.int32).tolist())
            values.extend(weights.astype(np.float32).tolist())
    names = sparse.csr_matrix(
        (np.asarray(values, dtype=np.float32),
         (np.asarray(rows, dtype=np.int32), np.asarray(cols, dtype=np.int32))),
        shape=(len(ids), max(len(named.columns), 1)),
    )  # fmt: skip
    edges = {}
    StoryNeighbour.objects.all().delete()
    # Each chunk's candidates, kept for the lists (compute_all_lists): the sparse products
    # that find them are most of both phases' time. As arrays: about 25 MB at 100,000.
    kept = {}
    progress = Progress(report, len(ids), "Grouping stories")
    for chunk_start in range(0, len(ids), CHUNK):
        chunk_end = min(chunk_start + CHUNK, len(ids))
        pools = list(chunk_candidates(matrix, rare_transposed, chunk_start, chunk_end, POOL))
        kept[chunk_start] = [
            (np.array([c for c, _ in pool[:CANDIDATES]], dtype=np.int32),
             np.array([v for _, v in pool[:CANDIDATES]], dtype=np.float32))
            for pool in pools
        ]  # fmt: skip
        pairs = [
            (row, other, text)
            for row, pool in zip(range(chunk_start, chunk_end), pools, strict=True)
            for other, text in pool[: scoring.STORY_NEIGHBOURS]
            if text > 0
        ]
        if not pairs:
            progress.advance(chunk_end - chunk_start)
            continue
        sources, targets, texts = zip(*pairs, strict=True)
        # The names' cosines of all the chunk's pairs at once (row-wise dot products).
        shared = names[list(sources)].multiply(names[list(targets)]).sum(axis=1)
        neighbours = []
        for (row, other, text), entity in zip(
            pairs, np.asarray(shared).ravel().tolist(), strict=True
        ):
            value = scoring.story_similarity(text, entity, dates.get(row), dates.get(other))
            pair = (min(row, other), max(row, other))
            edges[pair] = max(value, edges.get(pair, 0.0))
            neighbours.append((ids[row], ids[other], text, value))
        write_neighbours(neighbours)
        progress.advance(chunk_end - chunk_start)
    # A pair counts when either is among the other's nearest.
    groups = scoring.cluster_stories(edges)
    stories.apply([{ids[row] for row in group} for group in groups])
    return kept


def write_neighbours(rows):
    """Insert (article id, other id, text, value) rows: the graph a publish groups its
    neighbourhood on (stories.assign)."""
    table = StoryNeighbour._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (article_id, other_id, text, value) VALUES (%s, %s, %s, %s)",
            rows,
        )


def story_members():
    """({article id: story id}, {story id: frozenset of its live articles' ids}): a
    scheduled article's list, too, takes its story's live articles first."""
    story_of = dict(StoryMember.objects.values_list("article_id", "story_id"))
    members = defaultdict(set)
    for article_id, story_id in StoryMember.objects.live().values_list("article_id", "story_id"):
        members[story_id].add(article_id)
    return story_of, {story_id: frozenset(ids) for story_id, ids in members.items()}


def analyze():
    """Fresh planner statistics for every table, so that one publish's queries start from
    the article's own rows (without them SQLite may start from every article). About a
    second at 100,000 articles; PostgreSQL samples each table."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def rebuild(report, *, restart=False):
    """Rebuild everything, or carry on with an interrupted rebuild. Returns the phases run."""
    if connection.vendor == "sqlite":
        # The term index takes 10 million rows at 100,000 articles, inserted in article
        # order, so its term B-tree is written all over: with SQLite's default 2 MB page
        # cache every insert reads pages back. 256 MB for this connection.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")
    state, counted, named, signed = RelatedIndexState.get(), None, None, None
    if restart or state.phase == RelatedIndexState.Phase.IDLE:
        state, counted, named = count_frequencies(report)
    if state.phase == RelatedIndexState.Phase.SIGNATURES:
        signed = sign_all(state, report, counted)
    built = signed.build() if signed is not None else None
    del counted, signed  # the matrix has its own copy of the rows
    compute_all_lists(state, report, built, named)
