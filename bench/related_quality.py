"""How good "You May Also Like" is on the BBC News dataset, against two baselines.

    .venv/bin/python bench/related_quality.py [--dek empty|first-sentence]

The 2,225 BBC stories (2004-2005, five labels: business, entertainment, politics, sport,
tech) are loaded into a fresh temporary database through Dateline's own models and
services, after dropping the byte-identical duplicates (98 pairs), so that a copy is never
a free hit. Every story gets the same generic topic and author, and a publication date
spread over 2004-2005 in an order that depends on the text alone: the label is never an
input to any method, only the answer key. `rebuild_related`'s `rebuild()` then computes
every list, exactly as in production.

Measured for each story's list of 3:
- precision@3: the share of the 3 related stories with the source's label;
- MRR: 1 / rank of the first related story with the source's label, 0 if none.
The difference between Dateline and each baseline comes with a 95% paired bootstrap
interval over the stories: an interval that includes 0 is no clear win.

Compared with:
- latest in the same topic: the 3 most recent other stories of its primary topic (with one
  generic topic, the latest stories on the site), what a site without relatedness shows;
- BM25 "more like this", as Jetpack (Elasticsearch more_like_this) and YARPP (MySQL full
  text) do it: Okapi BM25 (k1 1.2, b 0.75) over headline + summary + body, the query being
  either the source's 25 strongest terms by tf-idf (Elasticsearch's defaults: term
  frequency >= 2, document frequency >= 5, 30% of the terms must match) or its headline and
  first 50 words. Both use Dateline's tokeniser (same stopwords and plural folding), so
  that only the ranking differs.

The data lives in ../shared/data/news/bbc, or $DATELINE_BBC_DATA; without it this prints
"skipped: ..." and exits 0.
"""

import argparse
import hashlib
import os
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ first on sys.path, where a benchmark's name can shadow
# the standard library (bench/http_speed.py hides the `http` package that Django imports).
sys.path = [p for p in sys.path if Path(p or ".").resolve() != REPO_ROOT / "bench"]
LABELS = ["business", "entertainment", "politics", "sport", "tech"]
LIMIT = 3
K1, B = 1.2, 0.75
MLT_TERMS, MLT_MIN_TF, MLT_MIN_DF, MLT_MINIMUM_SHOULD_MATCH = 25, 2, 5, 0.3
LEAD_WORDS = 50
FIRST_DAY = datetime(2004, 1, 1, 8, 0, tzinfo=UTC)
SPAN = timedelta(days=731)  # to the end of 2005
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def data_dir():
    return Path(os.environ.get("DATELINE_BBC_DATA") or REPO_ROOT.parent / "shared/data/news/bbc")


def read_story(path):
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")  # sport/199.txt has one Latin-1 pound sign
    lines = text.strip().splitlines()
    headline = lines[0].strip()
    paragraphs = [line.strip() for line in lines[1:] if line.strip()]
    return text, headline, paragraphs


def read_dataset(folder):
    """[(label, file name, text, headline, paragraphs)] without duplicates, and how many
    duplicates were dropped (the first in label and file-name order is kept)."""
    stories, seen, dropped = [], set(), 0
    for label in LABELS:
        for path in sorted((folder / label).glob("*.txt")):
            text, headline, paragraphs = read_story(path)
            if text in seen:
                dropped += 1
                continue
            seen.add(text)
            stories.append((label, path.name, text, headline, paragraphs))
    return stories, dropped


def setup_django(var_dir):
    """A throwaway SQLite database in `var_dir`, migrated; tasks do not run on publish (the
    lists come from the rebuild)."""
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        DATELINE_VAR_DIR=var_dir,
        DEBUG="1",
        LOG_LEVEL="WARNING",
        TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
        DJANGO_SETTINGS_MODULE="dateline.settings",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load_stories(stories, dek_mode):
    """Create the stories as published articles; {article id: label}."""
    from django.utils.html import escape

    from dateline.articles.models import Article
    from dateline.articles.services import publish_article, set_authors
    from dateline.authors.models import Author
    from dateline.topics.models import Topic

    topic = Topic.objects.create(name="News", slug="news")
    author = Author.objects.create(display_name="BBC News", slug="bbc-news")
    # Creation order and dates follow a hash of the text, so neither says anything about
    # the label.
    ordered = sorted(stories, key=lambda s: hashlib.sha1(s[2].encode()).hexdigest())
    labels = {}
    for index, (label, _, _, headline, paragraphs) in enumerate(ordered):
        dek = ""
        if dek_mode == "first-sentence":
            first, *rest = SENTENCE_END.split(paragraphs[0], maxsplit=1)
            if len(first) <= 400:
                dek = first
                paragraphs = (rest or []) + paragraphs[1:]
        body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        article = Article.objects.create(
            headline=headline[:200], slug=f"story-{index + 1}", dek=dek, body=body,
            primary_topic=topic,
        )  # fmt: skip
        set_authors(article, [author])
        publish_article(article, at=FIRST_DAY + SPAN * index / len(ordered))
        labels[article.pk] = label
    return labels


def dateline_lists():
    from dateline.related.models import RelatedLink

    lists, reasons = defaultdict(list), Counter()
    for article_id, related_id, reason in RelatedLink.objects.order_by(
        "article_id", "position"
    ).values_list("article_id", "related_id", "reason"):
        lists[article_id].append(related_id)
        reasons[reason] += 1
    return lists, reasons


def latest_lists(ids):
    """The latest other stories of the same primary topic (here: of the whole site)."""
    from dateline.articles.models import Article

    by_topic = defaultdict(list)
    newest_first = Article.objects.published().order_by("-published_at", "-pk")
    for pk, topic_id in newest_first.values_list("pk", "primary_topic"):
        by_topic[topic_id].append(pk)
    topic_of = dict(Article.objects.values_list("pk", "primary_topic"))
    return {
        pk: [other for other in by_topic[topic_of[pk]][: LIMIT + 1] if other != pk][:LIMIT]
        for pk in ids
    }


def bm25_lists(ids):
    """Both BM25 baselines: {"mlt": lists, "lead": lists}."""
    import numpy as np
    from scipy import sparse

    from dateline.articles.models import Article
    from dateline.articles.text import plain_text
    from dateline.related.scoring import tokens

    texts = {
        pk: (headline, " ".join([headline, dek, plain_text(body)]))
        for pk, headline, dek, body in Article.objects.values_list("pk", "headline", "dek", "body")
    }
    docs = [list(tokens(texts[pk][1])) for pk in ids]
    vocabulary = {}
    term_rows, term_cols, term_tfs = [], [], []
    frequencies = Counter()
    for row, doc in enumerate(docs):
        counts = Counter(doc)
        frequencies.update(counts.keys())
        for term, tf in counts.items():
            term_rows.append(row)
            term_cols.append(vocabulary.setdefault(term, len(vocabulary)))
            term_tfs.append(tf)
    n = len(ids)
    lengths = np.array([len(doc) for doc in docs], dtype=np.float64)
    average = lengths.mean()
    df = np.zeros(len(vocabulary))
    for term, count in frequencies.items():
        df[vocabulary[term]] = count
    # Lucene's BM25 idf, never negative.
    idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
    tf = np.array(term_tfs, dtype=np.float64)
    rows_ = np.array(term_rows)
    cols = np.array(term_cols)
    weights = idf[cols] * tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[rows_] / average))
    matrix = sparse.csr_matrix((weights, (rows_, cols)), shape=(n, len(vocabulary)))
    present = sparse.csr_matrix((np.ones_like(weights), (rows_, cols)), shape=matrix.shape)

    # Elasticsearch more_like_this picks terms by tf x (classic Lucene) idf.
    classic_idf = np.log(n / (df + 1)) + 1
    mlt_rows, mlt_cols = [], []
    lead_rows, lead_cols = [], []
    for row, (pk, doc) in enumerate(zip(ids, docs, strict=True)):
        counts = Counter(doc)
        strongest = sorted(
            (
                (-tf * classic_idf[vocabulary[t]], t)
                for t, tf in counts.items()
                if tf >= MLT_MIN_TF and frequencies[t] >= MLT_MIN_DF
            )
        )[:MLT_TERMS]
        for _, term in strongest:
            mlt_rows.append(row)
            mlt_cols.append(vocabulary[term])
        headline, text = texts[pk]
        lead = list(tokens(" ".join(text.split()[: len(headline.split()) + LEAD_WORDS])))
        for term in set(lead):
            lead_rows.append(row)
            lead_cols.append(vocabulary[term])

    results = {}
    for name, q_rows, q_cols, minimum in (
        ("mlt", mlt_rows, mlt_cols, MLT_MINIMUM_SHOULD_MATCH),
        ("lead", lead_rows, lead_cols, 0.0),
    ):
        query = sparse.csr_matrix(
            (np.ones(len(q_rows)), (np.array(q_rows), np.array(q_cols))), shape=matrix.shape
        )
        scores = (query @ matrix.T).toarray()
        matched = (query @ present.T).toarray()
        needed = np.floor(minimum * np.asarray(query.sum(axis=1)).ravel())[:, None]
        scores[matched < np.maximum(needed, 1)] = -1
        np.fill_diagonal(scores, -1)
        lists = {}
        for row, pk in enumerate(ids):
            best = np.argsort(-scores[row], kind="stable")[:LIMIT]
            lists[pk] = [ids[c] for c in best if scores[row, c] > 0]
        results[name] = lists
    return results


def per_story(lists, labels):
    """[(precision@3, reciprocal rank, list shorter than 3)] for each story, in id order."""
    scores = []
    for pk, label in sorted(labels.items()):
        related = lists.get(pk, [])[:LIMIT]
        hits = [labels.get(other) == label for other in related]
        reciprocal = next((1 / rank for rank, hit in enumerate(hits, 1) if hit), 0.0)
        scores.append((sum(hits) / LIMIT, reciprocal, len(related) < LIMIT))
    return scores


def mean(values):
    values = list(values)
    return sum(values) / len(values)


def paired_interval(ours, theirs, resamples=2000):
    """Mean of ours - theirs, story by story, with a 95% bootstrap interval (fixed seed)."""
    import numpy as np

    differences = np.array(ours) - np.array(theirs)
    rng = np.random.default_rng(2006)
    picks = rng.integers(0, len(differences), size=(resamples, len(differences)))
    means = differences[picks].mean(axis=1)
    return differences.mean(), np.percentile(means, 2.5), np.percentile(means, 97.5)


def chance(labels):
    """Expected precision@3 of a list drawn at random from the other stories."""
    counts = Counter(labels.values())
    n = len(labels)
    return sum(c / n * (c - 1) / (n - 1) for c in counts.values())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dek",
        choices=["empty", "first-sentence"],
        default="empty",
        help="the summary of each story: none (default), or its first sentence (then taken "
        "out of the body)",
    )
    args = parser.parse_args(argv)
    folder = data_dir()
    if not all((folder / label).is_dir() for label in LABELS):
        where = os.environ.get("DATELINE_BBC_DATA") or "../shared/data/news/bbc"
        print(f"skipped: {where} not found (DATELINE_BBC_DATA names the folder of label folders)")
        return 0
    stories, dropped = read_dataset(folder)
    per_label = Counter(label for label, *_ in stories)
    print(
        f"BBC News in {folder}: {len(stories) + dropped} stories, {dropped} exact duplicates "
        f"dropped, {len(stories)} measured "
        f"({', '.join(f'{label} {per_label[label]}' for label in LABELS)})"
    )
    print(f"Summary (dek): {args.dek}")

    with tempfile.TemporaryDirectory(prefix="dateline-bbc-") as var_dir:
        setup_django(var_dir)
        from dateline.related import scoring
        from dateline.related.rebuild import rebuild

        started = time.perf_counter()
        labels = load_stories(stories, args.dek)
        print(f"Loaded through Article/Topic/Author in {time.perf_counter() - started:.1f}s")
        started = time.perf_counter()
        rebuild(lambda *progress: None)
        print(f"rebuild() in {time.perf_counter() - started:.1f}s")

        ids = sorted(labels)
        ours, reasons = dateline_lists()
        bm25 = bm25_lists(ids)
        methods = [
            ("Dateline (stored RelatedLink lists)", ours),
            ("Latest in the same topic", latest_lists(ids)),
            (f"BM25 more like this ({MLT_TERMS} tf-idf terms)", bm25["mlt"]),
            (f"BM25 headline + first {LEAD_WORDS} words", bm25["lead"]),
        ]
        print()
        print(f"{'method':<44} {'precision@3':>11} {'MRR':>7} {'lists < 3':>10}")
        results = {}
        for name, lists in methods:
            results[name] = per_story(lists, labels)
            precision, mrr, short = (mean(column) for column in zip(*results[name], strict=True))
            print(f"{name:<44} {precision:11.3f} {mrr:7.3f} {short:10.1%}")
        print(f"{'(chance: 3 random other stories)':<44} {chance(labels):11.3f}")
        print()
        print("Dateline minus each baseline, story by story (95% paired bootstrap interval):")
        ours = results[methods[0][0]]
        beaten, unclear = [], []
        for name, _ in methods[1:]:
            line = f"  {name:<42}"
            for column, measure in ((0, "precision@3"), (1, "MRR")):
                difference, low, high = paired_interval(
                    [s[column] for s in ours], [s[column] for s in results[name]]
                )
                line += f"  {measure} {difference:+.3f} [{low:+.3f}, {high:+.3f}]"
                if difference <= 0:
                    beaten.append(name)
                elif low <= 0:
                    unclear.append(name)
            print(line)
        print()
        total = sum(reasons.values())
        print(
            "Dateline's links: "
            + ", ".join(f"{reason} {count / total:.1%}" for reason, count in reasons.most_common())
        )
        print(
            f"Constants: SIGNATURE_TERMS {scoring.SIGNATURE_TERMS}, FIELD_WEIGHTS "
            f"{scoring.FIELD_WEIGHTS}, MAX_DOCUMENT_FREQUENCY {scoring.MAX_DOCUMENT_FREQUENCY}, "
            f"MIN_SIMILARITY {scoring.MIN_SIMILARITY}, NEAR_DUPLICATE {scoring.NEAR_DUPLICATE}"
        )
        if beaten:
            print(f"Dateline does NOT beat: {'; '.join(sorted(set(beaten)))} (precision@3 or MRR)")
        elif unclear:
            print(
                "Dateline scores above every baseline, but not clearly above: "
                f"{'; '.join(sorted(set(unclear)))} (the interval includes 0)"
            )
        else:
            print("Dateline beats every baseline on precision@3 and MRR, beyond the noise.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
