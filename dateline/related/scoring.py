"""Relatedness, as pure functions: no ORM, no I/O. Everything here is tested on its own.

An article's *signature* is its strongest terms: field-weighted (headline and dek count
more than the body), sublinear term frequency (1 + log tf) times smoothed IDF, the top
`SIGNATURE_TERMS` kept and L2-normalised. Text similarity is the dot product of two
signatures (their cosine). The final score blends that with shared topics and with
recency, so a fresh story beats an equally similar old one.
"""

import heapq
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

# Tuned on the BBC News dataset (bench/related_quality.py); see the README.
SIGNATURE_TERMS = 100
FIELD_WEIGHTS = {"headline": 3.0, "dek": 2.0, "body": 1.0}
# Terms in more than this share of all articles say nothing about a story (once there are
# enough articles for the share to mean something).
MAX_DOCUMENT_FREQUENCY = 0.5
MIN_DOCUMENTS_FOR_CUTOFF = 50
# Score = similarity x (1 + TOPIC_WEIGHT x topic overlap) x recency factor.
TOPIC_WEIGHT = 0.5
RECENCY_WEIGHT = 0.3
RECENCY_HALF_LIFE_DAYS = 120
# Below this similarity a candidate is not related; the block falls back to the topic.
MIN_SIMILARITY = 0.02
# Candidates are found through rare terms only: those in at most this share of articles
# (and never fewer than CANDIDATE_TERM_MIN_ARTICLES, so a small site uses every term). The
# CANDIDATE_POOL best by that partial overlap are then scored on their whole signatures.
# At 100,000 articles a common term would pair every article with thousands of others.
CANDIDATE_TERM_SHARE = 0.02
CANDIDATE_TERM_MIN_ARTICLES = 500
CANDIDATE_POOL = 200
# Two stories this similar are the same story: never both in one block.
NEAR_DUPLICATE = 0.8

TOKEN_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)?", re.UNICODE)
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does
    doesn't doing don't down during each few for from further had hadn't has hasn't have haven't
    having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll
    i'm i've if in into is isn't it it's its itself let's me more most mustn't my myself no nor
    not of off on once only or other ought our ours ourselves out over own said same say says
    shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs
    them themselves then there there's these they they'd they'll they're they've this those
    through to too under until up very was wasn't we we'd we'll we're we've were weren't what
    what's when when's where where's which while who who's whom why why's will with won't would
    wouldn't you you'd you'll you're you've your yours yourself yourselves mr mrs ms one two
    new year years told also just like many much make made may might must now per still yet
    """.split()  # noqa: SIM905 - a word list reads better as text
)


@dataclass
class Doc:
    """What relatedness needs to know about an article."""

    id: int
    headline: str
    dek: str
    body: str  # plain text
    topic_ids: frozenset = field(default_factory=frozenset)  # primary and further topics
    primary_topic_id: int | None = None
    published_at: datetime | None = None


def term(token):
    """The term a lower-case token counts as, or None for a stopword or a scrap."""
    if (len(token) < 3 and not token.isdigit()) or len(token) > 64:
        return None
    if token in STOPWORDS:
        return None
    # A light stemmer: "talks" and "talk" are one term; "press" stays "press".
    if len(token) > 4 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


# token -> term, remembered: a rebuild meets the same few hundred thousand words millions of
# times. Cleared when it grows past TERM_CACHE_SIZE.
_terms = {}
TERM_CACHE_SIZE = 500_000


def tokens(text):
    """The terms of a text, in order."""
    found = TOKEN_RE.findall(text.lower())
    unknown = set(found).difference(_terms)
    if unknown:
        if len(_terms) > TERM_CACHE_SIZE:
            _terms.clear()
            unknown = set(found)
        _terms.update((token, term(token)) for token in unknown)
    return [t for t in map(_terms.__getitem__, found) if t is not None]


def term_counts(doc):
    """Field-weighted term counts of a document."""
    counts = Counter()
    for name, weight in FIELD_WEIGHTS.items():
        found = tokens(getattr(doc, name) or "")
        if weight == 1:
            counts.update(found)  # counted in C: the body is most of the words
        else:
            for token, count in Counter(found).items():
                counts[token] += weight * count
    return counts


def idf(document_frequency, documents):
    """Smoothed inverse document frequency; 0 for terms too common to matter."""
    if documents >= MIN_DOCUMENTS_FOR_CUTOFF and (
        document_frequency / documents > MAX_DOCUMENT_FREQUENCY
    ):
        return 0.0
    return math.log((documents + 1) / (document_frequency + 1)) + 1.0


def idf_table(document_frequencies, documents):
    """{term: idf} for the given document frequencies, and the idf of an unseen term."""
    return (
        {term: idf(frequency, documents) for term, frequency in document_frequencies.items()},
        idf(0, documents),
    )


def signature(counts, document_frequencies, documents, size=None):
    """The `size` strongest terms, weighted by sublinear tf x idf, L2-normalised."""
    table, unseen = idf_table(
        {term: document_frequencies.get(term, 0) for term in counts}, documents
    )
    return weigh(counts, table, unseen, size)


def weigh(counts, idf_of, unseen_idf, size=None):
    """signature() with the idf of every term looked up in a table made once: a rebuild
    signs 100,000 articles against the same statistics."""
    weights = []
    for term, count in counts.items():
        weight = idf_of.get(term, unseen_idf)
        if weight > 0:
            weights.append((-(1.0 + math.log(count)) * weight, term))
    strongest = heapq.nsmallest(size or SIGNATURE_TERMS, weights)
    norm = math.sqrt(sum(w * w for w, _ in strongest)) or 1.0
    return {term: -w / norm for w, term in strongest}


def similarity(a, b):
    """Cosine of two signatures."""
    return sum(a[term] * b[term] for term in a.keys() & b.keys())


def topic_overlap(a_topics, b_topics):
    if not a_topics or not b_topics:
        return 0.0
    return len(a_topics & b_topics) / len(a_topics | b_topics)


def recency_factor(a_date, b_date):
    """1 for stories published together, down towards 1 - RECENCY_WEIGHT for distant ones."""
    if a_date is None or b_date is None:
        return 1.0
    days = abs((a_date - b_date).total_seconds()) / 86400
    return 1.0 - RECENCY_WEIGHT + RECENCY_WEIGHT * 0.5 ** (days / RECENCY_HALF_LIFE_DAYS)


def score(source, candidate, text_similarity):
    """How related `candidate` is to `source`, given their text similarity."""
    return (
        text_similarity
        * (1.0 + TOPIC_WEIGHT * topic_overlap(source.topic_ids, candidate.topic_ids))
        * recency_factor(source.published_at, candidate.published_at)
    )


@dataclass
class Candidate:
    doc: Doc
    signature: dict
    similarity: float


def choose_related(source, candidates, *, limit, pinned=(), excluded=(), fallback=(), story=()):
    """The related list of `source`: [(doc id, score, reason)], best first.

    Pinned ids come first, in the editor's order; then the candidates in the source's
    `story` (ids of the other articles of its developing story), then the others; excluded
    ids never appear; a candidate that is the source again (a near-duplicate of it) or a
    near-duplicate of one already chosen is skipped. When too few candidates pass
    MIN_SIMILARITY, the `fallback` ids (the latest stories of the same primary topic) fill
    the list.
    """
    excluded = set(excluded) | {source.id}
    chosen = [(doc_id, 1.0, "pinned") for doc_id in pinned if doc_id not in excluded][:limit]
    taken = {doc_id for doc_id, _, _ in chosen}
    chosen_signatures = []
    ranked = sorted(
        (
            (score(source, c.doc, c.similarity), c)
            for c in candidates
            if c.similarity >= MIN_SIMILARITY and c.doc.id not in excluded
        ),
        key=lambda item: (item[1].doc.id not in story, -item[0], -item[1].doc.id),
    )
    for value, candidate in ranked:
        if len(chosen) >= limit:
            break
        if candidate.doc.id in taken:
            continue
        if candidate.similarity >= NEAR_DUPLICATE:
            continue  # the same story again
        if any(similarity(candidate.signature, s) >= NEAR_DUPLICATE for s in chosen_signatures):
            continue
        chosen.append((candidate.doc.id, value, "similar"))
        taken.add(candidate.doc.id)
        chosen_signatures.append(candidate.signature)
    for doc_id in fallback:
        if len(chosen) >= limit:
            break
        if doc_id not in taken and doc_id not in excluded:
            chosen.append((doc_id, 0.0, "latest-in-topic"))
            taken.add(doc_id)
    return chosen


# Stories: the articles that cover one developing story (the same event: the same people,
# places and organisations, close in time, strong text overlap). Tuned on ECB+ (bench/
# story_quality.py), where each folder holds two different events of the same kind.
# Story similarity = (1 - STORY_ENTITY_WEIGHT) x text cosine + STORY_ENTITY_WEIGHT x
# cosine of the names the two articles mention; x STORY_CLOSE_BONUS when they were
# published within STORY_CLOSE_DAYS of each other. Time is only ever a bonus: an archive
# whose dates say nothing (an import) must still group by the text.
STORY_ENTITY_WEIGHT = 0.3
STORY_CLOSE_DAYS = 7
STORY_CLOSE_BONUS = 1.25
# Two groups of articles are one story when their average story similarity (pairs not
# measured count as 0) is at least this.
STORY_THRESHOLD = 0.16
# How many nearest articles (by text) each article's story similarity is measured with.
STORY_NEIGHBOURS = 8
# An article is measured against only its nearest, so the average between two groups is
# taken over at most this many pairs per member of the smaller group: else a long-running
# story of 50 articles could take no new one (its average would fall with every member).
STORY_PAIRS_PER_MEMBER = 12

SENTENCE_RE = re.compile(r"(?<=[.!?])\s+")


def entity_counts(doc):
    """The names a document mentions: capitalised words that do not start a sentence
    (people, places, organisations), as terms; and its numbers (a magnitude, a toll, a
    year), which tell one earthquake from another. The headline counts twice. (Two names
    in a row as one more term did not help on ECB+.)"""
    counts = Counter()
    for text, weight in ((doc.headline, 2), (doc.dek, 1), (doc.body, 1)):
        text = text or ""
        # Only words that do not start with a lower-case letter can count: found by the
        # regular expression, not looked at one by one (a rebuild reads 60 million words).
        for match in NAME_CANDIDATE_RE.finditer(text):
            bare = match.group().strip(NAME_PUNCTUATION)
            found = None
            if bare[:1].isupper() and not starts_sentence(text, match.start()):
                found = term(bare.lower())
            elif bare[:1].isdigit() and len(bare) >= 2:
                found = bare
            if found:
                counts[found] += weight
    return counts


NAME_PUNCTUATION = ".,;:!?'\"()[]“”‘’`"
NAME_CANDIDATE_RE = re.compile(r"(?<!\S)[.,;:!?'\"()\[\]“”‘’`]*[^\s.,;:!?'\"()\[\]“”‘’`a-z]\S*")


def starts_sentence(text, start):
    """Whether the word at `start` is the first of its sentence: the first of the text,
    or the first after a full stop, question or exclamation mark and white space."""
    before = start - 1
    while before >= 0 and text[before].isspace():
        before -= 1
    return before < 0 or (before < start - 1 and text[before] in ".!?")


def story_similarity(text_similarity, entity_similarity, a_date=None, b_date=None):
    value = (1 - STORY_ENTITY_WEIGHT) * text_similarity + STORY_ENTITY_WEIGHT * entity_similarity
    close = a_date is not None and b_date is not None
    if close and abs((a_date - b_date).total_seconds()) <= STORY_CLOSE_DAYS * 86400:
        value *= STORY_CLOSE_BONUS
    return value


def story_pairs(size, other_size):
    """How many pairs the average similarity of two groups is taken over."""
    return min(size * other_size, STORY_PAIRS_PER_MEMBER * min(size, other_size))


def cluster_stories(edges, threshold=None):
    """Average-link clustering over a sparse graph: `edges` maps (a, b) with a < b to their
    story similarity; pairs not in it count as 0. Groups merge, best first, while their
    average similarity (over story_pairs) is at least `threshold`. Returns the groups of
    two or more, each a set of the nodes in it."""
    threshold = STORY_THRESHOLD if threshold is None else threshold
    sums = {}
    for (a, b), value in edges.items():
        sums.setdefault(a, {})[b] = value
        sums.setdefault(b, {})[a] = value
    size = dict.fromkeys(sums, 1)
    members = {node: {node} for node in sums}
    heap = [(-value, a, b) for (a, b), value in edges.items() if value >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        average = sums[a].get(b, 0.0) / story_pairs(size[a], size[b])
        if abs(average + negative) > 1e-12:
            continue  # a stale entry: the pair's average changed since
        # b joins a.
        members[a] |= members.pop(b)
        size[a] += size.pop(b)
        for other, value in sums.pop(b).items():
            if other == a:
                continue
            sums[a][other] = sums[a].get(other, 0.0) + value
            sums[other].pop(b, None)
            sums[other][a] = sums[a][other]
        sums[a].pop(b, None)
        for other, value in sums[a].items():
            average = value / story_pairs(size[a], size[other])
            if average >= threshold:
                heapq.heappush(heap, (-average, min(a, other), max(a, other)))
    return [group for group in members.values() if len(group) > 1]
