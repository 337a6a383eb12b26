"""Full-text search behind one entry point: `backend()` picks SQLite FTS5 or PostgreSQL
full-text search from the database in use, with a plain icontains query elsewhere
(Wagtail's search/backends/database does the same)."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, connections, router, transaction
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import now

from dateline.articles.models import Article
from dateline.articles.more_text import more_text
from dateline.articles.text import plain_text

# Reader input becomes a list of plain words: quotes, operators and symbols never reach
# the database's query syntax. Past this many words a query says nothing more.
MAX_TERMS = 32
WORD_RE = re.compile(r"\w+", re.UNICODE)
START, STOP = "\x02", "\x03"  # snippet markers no text contains; swapped for <mark> after escaping


def query_terms(text):
    return [w for w in WORD_RE.findall(text or "") if w.strip("_")][:MAX_TERMS]


def reading_database():
    """Where reads of articles go: a read replica for anonymous readers, when one is set up
    (dateline/ops/replica.py). Writes to the index stay on the primary."""
    return router.db_for_read(Article)


def candidate_cap():
    """How many of the newest matches are ranked (SEARCH_CANDIDATES): enough for relevance
    among recent stories, and a bound on the work a very common word can cause. One number
    for every back-end, so results do not depend on the database."""
    return settings.SEARCH_CANDIDATES


def highlight(snippet):
    return mark_safe(escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>"))


@dataclass
class Filters:
    topic_id: int | None = None
    since: object = None  # datetime, inclusive
    until: object = None  # datetime, exclusive


@dataclass
class Hit:
    article_id: int
    snippet: str


@dataclass
class Results:
    total: int
    hits: list
    capped: bool  # more matches than candidate_cap(): only the newest were ranked

    def __iter__(self):  # total, hits = backend().search(...)
        return iter((self.total, self.hits))


def document_of(article):
    return document(
        article.headline,
        article.dek,
        article.body,
        [article.primary_topic.name, *(t.name for t in article.topics.all())],
        [a.display_name for a in article.byline_authors],
        more_text([article.pk]).get(article.pk, ""),
    )


def document(headline, dek, body, topic_names, author_names, more=""):
    """What the index holds for an article: `body` is its HTML, `topic_names` the primary
    topic's first, then the others by name; `author_names` in byline order; `more`, the
    text features add (articles/text.py: live entries), as plain text."""
    return {
        "headline": headline,
        "dek": dek,
        "body": f"{plain_text(body)} {more}".strip(),
        "topics": " ".join(dict.fromkeys(topic_names)),
        "authors": " ".join(author_names),
    }


def article_filter_sql(filters, alias="a"):
    sql = [f"{alias}.status = %s", f"{alias}.published_at <= %s"]
    params = [Article.Status.PUBLISHED, now()]
    if filters.topic_id:
        through = Article.topics.through._meta.db_table
        sql.append(
            f"({alias}.primary_topic_id = %s OR EXISTS (SELECT 1 FROM {through} t "
            f"WHERE t.article_id = {alias}.id AND t.topic_id = %s))"
        )
        params += [filters.topic_id, filters.topic_id]
    if filters.since:
        sql.append(f"{alias}.published_at >= %s")
        params.append(filters.since)
    if filters.until:
        sql.append(f"{alias}.published_at < %s")
        params.append(filters.until)
    return " AND ".join(sql), params


class SqliteBackend:
    # bm25 weights for headline, dek, body, topics, authors.
    WEIGHTS = "10.0, 4.0, 1.0, 3.0, 3.0"

    def index(self, article):
        self.index_many([article])

    def index_many(self, articles):
        self.index_documents((article.pk, document_of(article)) for article in articles)

    def index_documents(self, documents):
        """Index (article id, document()) pairs, replacing what the index held for them."""
        rows = [
            [pk, doc["headline"], doc["dek"], doc["body"], doc["topics"], doc["authors"]]
            for pk, doc in documents
        ]
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_index WHERE rowid = %s", [r[:1] for r in rows])
            cursor.executemany(
                "INSERT INTO search_index (rowid, headline, dek, body, topics, authors) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                rows,
            )

    def remove(self, article_id):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_index WHERE rowid = %s", [article_id])

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_index")

    def match(self, terms):
        *head, last = terms
        return " ".join([*(f'"{t}"' for t in head), f'"{last}"*'])

    def search(self, terms, filters, offset, limit):
        where, params = article_filter_sql(filters)
        articles = Article._meta.db_table
        match = self.match(terms)
        cap = candidate_cap()
        with connections[reading_database()].cursor() as cursor:
            # One pass over the full-text index: the newest `cap` + 1 matches that
            # pass the filters, each with its bm25 score (a word in most articles would
            # otherwise make every search score them all; rowid follows publication
            # order). Counting and ranking those few happen here, not in three more
            # evaluations of the MATCH. CROSS JOIN keeps SQLite from starting at articles.
            cursor.execute(
                f"SELECT a.id, bm25(search_index, {self.WEIGHTS}), a.published_at "
                f"FROM search_index CROSS JOIN {articles} a ON a.id = search_index.rowid "
                f"WHERE search_index MATCH %s AND {where} "
                f"ORDER BY search_index.rowid DESC LIMIT %s",
                [match, *params, cap + 1],
            )
            rows = cursor.fetchall()
            capped = len(rows) > cap
            rows = rows[:cap]
            # Best bm25 first (lower is better; rounded so that near-ties go to the newer
            # story), then the newest: two stable sorts.
            ranked = sorted(rows, key=lambda row: (row[2], row[0]), reverse=True)
            ranked.sort(key=lambda row: round(row[1], 2))
            ids = [row[0] for row in ranked[offset : offset + limit]]
            snippets = {}
            if ids:
                marks = ", ".join(["%s"] * len(ids))
                # The rowid range bounds FTS5's walk of the doclist; the unary + keeps the
                # IN list out of FTS5's hands (it took it as one lookup per id, each walking
                # the doclist: 40-65 ms for a common word at 100,000 articles, now 5-8).
                cursor.execute(
                    f"SELECT rowid, snippet(search_index, 2, '{START}', '{STOP}', '…', 30) "
                    f"FROM search_index WHERE search_index MATCH %s "
                    f"AND rowid BETWEEN %s AND %s AND +rowid IN ({marks})",
                    [match, min(ids), max(ids), *ids],
                )
                snippets = dict(cursor.fetchall())
        return Results(len(rows), [Hit(pk, snippets.get(pk, "")) for pk in ids], capped)


class PostgresBackend:
    CONFIG = "english"
    QUERY = "to_tsquery(%s::regconfig, %s)"
    # Testing one article's tsvector costs about this many times what the GIN index path
    # spends on one match, mostly in reading the tsvector out of TOAST: both ways take the
    # same time for a word in 25,000 of 100,000 articles (EXPLAIN ANALYZE, issue #6).
    TEST_COST = 6

    def index(self, article):
        self.index_many([article])

    def index_many(self, articles):
        self.index_documents((article.pk, document_of(article)) for article in articles)

    def index_documents(self, documents):
        """Index (article id, document()) pairs, replacing what the index held for them."""
        rows = [
            [pk, doc["body"],
             self.CONFIG, doc["headline"], self.CONFIG, doc["topics"] + " " + doc["authors"],
             self.CONFIG, doc["dek"], self.CONFIG, doc["body"]]
            for pk, doc in documents
        ]  # fmt: skip
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_index (article_id, body, document) "
                "VALUES (%s, %s, "
                " setweight(to_tsvector(%s::regconfig, %s), 'A') ||"
                " setweight(to_tsvector(%s::regconfig, %s), 'B') ||"
                " setweight(to_tsvector(%s::regconfig, %s), 'B') ||"
                " setweight(to_tsvector(%s::regconfig, %s), 'D')) "
                "ON CONFLICT (article_id) DO UPDATE SET body = EXCLUDED.body,"
                " document = EXCLUDED.document",
                rows,
            )

    def remove(self, article_id):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_index WHERE article_id = %s", [article_id])

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_index")

    def tsquery(self, terms):
        *head, last = terms
        return " & ".join([*head, f"{last}:*"])

    def newest_first(self, cursor, tsquery):
        """Whether the newest candidate_cap() matches are found sooner by testing articles
        newest first than through the GIN index, judging by the planner's statistics.

        Newest first tests about cap * articles / matches tsvectors; the index path
        visits every match. The planner leaves out reading the tsvectors from TOAST, so on
        its own it walks newest first far too often: for "reach welcome" (2,355 of 100,000
        articles) it tested 43,000 tsvectors in 380 ms, where the index path takes 13 ms.
        """
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'search_index'::regclass")
        articles = cursor.fetchone()[0]  # -1 until the table is first analyzed
        cursor.execute(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM search_index WHERE document @@ {self.QUERY}",
            [self.CONFIG, tsquery],
        )
        matches = cursor.fetchone()[0][0]["Plan"]["Plan Rows"]
        return articles > 0 and matches * matches > self.TEST_COST * candidate_cap() * articles

    def candidates(self, newest_first, where=None):
        """SQL for the newest candidate_cap() + 1 matches' article_id and document; with
        `where` (a date or topic filter, on alias a), among the articles it lets through:
        the newest matches overall may all be filtered out. Without, the index alone (it
        holds live articles only), which keeps the join out of the hot path."""
        articles = Article._meta.db_table
        limit = int(candidate_cap()) + 1
        matching = (
            f"SELECT i.article_id, i.document FROM search_index i WHERE i.document @@ {self.QUERY}"
        )
        if where:
            matching = (
                f"SELECT i.article_id, i.document FROM search_index i "
                f"JOIN {articles} a ON a.id = i.article_id WHERE i.document @@ {self.QUERY} "
                f"AND {where}"
            )
        if newest_first:
            # The planner walks the primary key backwards and stops at enough matches.
            return f"{matching} ORDER BY i.article_id DESC LIMIT {limit}"
        # Every match through the GIN index, then the newest of them. MATERIALIZED keeps
        # ORDER BY and LIMIT outside, so the planner can't walk the primary key instead.
        return (
            f"WITH matches AS MATERIALIZED ({matching}) SELECT * FROM matches "
            f"ORDER BY article_id DESC LIMIT {limit}"
        )

    def search(self, terms, filters, offset, limit):
        where, params = article_filter_sql(filters)
        articles = Article._meta.db_table
        words = [self.CONFIG, self.tsquery(terms)]
        options = f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15, MaxFragments=2"
        database = reading_database()
        cap = candidate_cap()
        with transaction.atomic(using=database), connections[database].cursor() as cursor:
            # A scan of the whole table reads every tsvector out of TOAST, which the planner
            # doesn't count: at 10,000 articles it chose one over the GIN index (cost 219
            # against 274) and took 32 ms instead of 2. SET LOCAL lasts to the end of the
            # transaction: this block's, or a caller's that encloses it.
            cursor.execute("SET LOCAL enable_seqscan = off")
            # Rank only the newest candidate_cap() matches (see SqliteBackend.search).
            filtered = bool(filters.topic_id or filters.since or filters.until)
            candidates = self.candidates(
                self.newest_first(cursor, words[1]), where if filtered else None
            )
            base = f"FROM ({candidates}) s JOIN {articles} a ON a.id = s.article_id"
            if not filtered:
                base += f" WHERE {where}"  # live articles only (the same parameters)
            # count(*) OVER () counts every candidate before LIMIT: one statement ranks,
            # counts and highlights the page. The candidates are one more than the cap, to
            # tell "more than" from "exactly"; only the newest `cap` are ranked, as on
            # SQLite (the extra one used to be ranked too, and shown: issue 22).
            page = (
                f"SELECT c.id, c.published_at, c.total, "
                f"round(ts_rank_cd(c.document, {self.QUERY})::numeric, 3) AS rank "
                f"FROM (SELECT a.id, a.published_at, s.document, count(*) OVER () AS total, "
                f"row_number() OVER (ORDER BY a.id DESC) AS newest {base}) c "
                f"WHERE c.newest <= {int(cap)} "
                f"ORDER BY rank DESC, c.published_at DESC, c.id DESC LIMIT %s OFFSET %s"
            )
            cursor.execute(
                f"SELECT p.id, p.total, ts_headline(%s::regconfig, i.body, {self.QUERY}, %s) "
                f"FROM ({page}) p JOIN search_index i ON i.article_id = p.id "
                f"ORDER BY p.rank DESC, p.published_at DESC, p.id DESC",
                [self.CONFIG, *words, options, *words, *words, *params, limit, offset],
            )
            rows = cursor.fetchall()
            if rows:
                total = rows[0][1]
            elif offset:  # past the last page
                cursor.execute(f"SELECT COUNT(*) {base}", [*words, *params])
                total = cursor.fetchone()[0]
            else:
                total = 0
        return Results(min(total, cap), [Hit(pk, snippet) for pk, _, snippet in rows], total > cap)


class ContainsBackend:
    """What WordPress does: every word somewhere in the text. Slow, but works anywhere."""

    def index(self, article):
        pass

    def index_many(self, articles):
        pass

    def index_documents(self, documents):
        pass

    def remove(self, article_id):
        pass

    def clear(self):
        pass

    def search(self, terms, filters, offset, limit):
        queryset = Article.objects.published()
        for term in terms:
            queryset = queryset.filter(
                Q(headline__icontains=term) | Q(dek__icontains=term) | Q(body__icontains=term)
            )
        if filters.topic_id:
            queryset = queryset.filter(
                Q(primary_topic_id=filters.topic_id) | Q(topics=filters.topic_id)
            ).distinct()
        if filters.since:
            queryset = queryset.filter(published_at__gte=filters.since)
        if filters.until:
            queryset = queryset.filter(published_at__lt=filters.until)
        total = queryset.count()
        rows = queryset.newest_first().values_list("pk", "dek")[offset : offset + limit]
        return Results(total, [Hit(pk, dek) for pk, dek in rows], False)


def backend():
    return {"sqlite": SqliteBackend, "postgresql": PostgresBackend}.get(
        connection.vendor, ContainsBackend
    )()
