"""How well Dateline follows a developing story, on ECB+ (news grouped by real-world story).

    .venv/bin/python bench/story_quality.py

../shared/data/news/ecbplus-dev (or $DATELINE_ECBPLUS_DATA): 496 articles in 21 topic
folders, each folder two different real events of the same kind (two earthquakes, two
celebrities entering rehab): 42 stories. Same story = same folder and same `ecb`/`ecbplus`
suffix. The articles are loaded into a fresh temporary database through Dateline's own
models and services (headline: the first sentence; in `*ecbplus.xml`, the first after the
source address), published, and `rebuild_related`'s `rebuild()` groups them into stories and
computes every related list, exactly as in production; before that, each article is grouped
as it is published, in date order (services.refresh_related, what the publish task runs),
and those stories are measured too. The corpus has no dates, so it runs
twice: with each story's articles dated within four days of each other (as real coverage
is), and with random dates over two years, so that recency cannot do the text's work.

Measured:
- the related block's top 3 (story first, then topical neighbours): precision at 3 for the
  same story, against a plain TF-IDF cosine over the same articles (Dateline's tokeniser,
  log tf x idf, top 3 by cosine) and BM25 "more like this" (25 query terms, minimum term
  frequency 2, minimum document frequency 5, as bench/related_quality.py computes it);
- "More on this story" (what the article page shows: up to 5 other articles of its story,
  those nearest in time): the precision of the 3 nearest (or fewer, in a smaller story),
  over the articles that show it, and how many do;
- story clustering: B-cubed precision, recall and F1 (an article in no story counts as a
  story of its own).
Targets: precision at 3 >= 0.975 for both, beating both baselines; B-cubed F1 >= 0.90.
Without the data it prints "skipped: ..." and exits 0.
"""

import math
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path = [p for p in sys.path if Path(p or ".").resolve() != REPO_ROOT / "bench"]
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "bench"))
import related_quality  # noqa: E402 - BM25 "more like this" and the Django set-up

LIMIT = 3
SHOWN = 5
FIRST_DAY = datetime(2024, 1, 1, 8, 0, tzinfo=UTC)


def data_dir():
    found = os.environ.get("DATELINE_ECBPLUS_DATA")
    return Path(found) if found else REPO_ROOT.parent / "shared/data/news/ecbplus-dev"


def read_corpus(folder):
    """[(file name, story label, sentences)], in folder and file order."""
    articles = []
    folders = (p for p in (folder / "ECB+").iterdir() if p.is_dir())
    topics = sorted(folders, key=lambda p: int(p.name))
    for topic in topics:
        for path in sorted(topic.glob("*.xml")):
            sentences = defaultdict(list)
            for token in ElementTree.parse(path).getroot().iter("token"):
                sentences[int(token.get("sentence"))].append(token.text or "")
            plus = path.name.endswith("ecbplus.xml")
            text = [
                re.sub(r"\s+([.,;:!?')])", r"\1", " ".join(words)).replace("( ", "(")
                for number, words in sorted(sentences.items())
                if not (plus and number == 0)  # the source address
            ]
            articles.append((path.name, (topic.name, "ecbplus" if plus else "ecb"), text))
    return articles


def dates_for(articles, mode):
    rng = random.Random(2014)
    if mode == "random":
        return [FIRST_DAY + timedelta(days=rng.uniform(0, 730)) for _ in articles]
    centres = {label: FIRST_DAY + timedelta(days=rng.uniform(0, 730)) for _, label, _ in articles}
    return [centres[label] + timedelta(hours=rng.uniform(0, 96)) for _, label, _ in articles]


def load(articles, dates):
    """The articles as published stories, in an order that says nothing of their story;
    {article id: story label}."""
    from django.utils.html import escape

    from dateline.articles.models import Article
    from dateline.articles.services import publish_article, set_authors
    from dateline.authors.models import Author
    from dateline.topics.models import Topic

    topic = Topic.objects.create(name="News", slug="news")
    author = Author.objects.create(display_name="Wire", slug="wire")
    order = list(range(len(articles)))
    random.Random(7).shuffle(order)
    labels = {}
    for index in order:
        name, label, sentences = articles[index]
        headline, *rest = sentences
        article = Article.objects.create(
            headline=headline[:200], slug=f"a-{index}", primary_topic=topic,
            body="".join(f"<p>{escape(s)}</p>" for s in rest),
        )  # fmt: skip
        set_authors(article, [author])
        publish_article(article, at=dates[index])
        labels[article.pk] = label
    return labels


def tfidf_lists(ids):
    """Top 3 by a plain TF-IDF cosine (log tf x idf) over headline and body."""
    from dateline.articles.models import Article
    from dateline.articles.text import plain_text
    from dateline.related.scoring import tokens

    counts = {
        pk: Counter(tokens(f"{headline} {plain_text(body)}"))
        for pk, headline, body in Article.objects.values_list("pk", "headline", "body")
    }
    frequencies = Counter()
    for found in counts.values():
        frequencies.update(found.keys())
    n = len(counts)
    vectors = {}
    for pk, found in counts.items():
        vector = {t: (1 + math.log(c)) * math.log(n / frequencies[t]) for t, c in found.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors[pk] = {t: v / norm for t, v in vector.items()}
    lists = {}
    for pk in ids:
        mine = vectors[pk]
        scored = sorted(
            ((sum(w * vectors[o].get(t, 0.0) for t, w in mine.items()), o) for o in ids if o != pk),
            reverse=True,
        )
        lists[pk] = [o for _, o in scored[:LIMIT]]
    return lists


def dateline_lists():
    from dateline.related.models import RelatedLink

    lists = defaultdict(list)
    rows = RelatedLink.objects.order_by("article_id", "position")
    for article_id, related_id in rows.values_list("article_id", "related_id"):
        lists[article_id].append(related_id)
    return lists


def story_blocks():
    """{article id: what its "More on this story" shows (stories.block_for: up to 5 other
    articles of its story, those nearest in time), the nearest first}."""
    from dateline.articles.models import Article
    from dateline.related import stories
    from dateline.related.models import StoryMember

    story_of = dict(StoryMember.objects.values_list("article_id", "story_id"))
    blocks = {}
    for article in Article.objects.filter(pk__in=list(story_of)):
        block = stories.block_for(article)
        if block is None:
            continue
        moment = article.published_at
        shown = [other for other, _ in block["entries"]]
        shown.sort(key=lambda other: abs((other.published_at - moment).total_seconds()))
        blocks[article.pk] = [other.pk for other in shown]
    return blocks, story_of


def precision(lists, labels):
    return sum(
        sum(labels[o] == labels[pk] for o in lists.get(pk, [])[:LIMIT]) / LIMIT for pk in labels
    ) / len(labels)


def shown_precision(blocks, labels):
    """Precision of what a block shows (its first 3, or fewer when its story is smaller),
    over the articles that show one; and the share of articles that do."""
    shown = {pk: block for pk, block in blocks.items() if block}
    if not shown:
        return 0.0, 0.0
    value = sum(
        sum(labels[o] == labels[pk] for o in block[:LIMIT]) / min(LIMIT, len(block))
        for pk, block in shown.items()
    ) / len(shown)
    return value, len(shown) / len(labels)


def bcubed(story_of, labels):
    clusters = defaultdict(set)
    for pk in labels:
        clusters[story_of.get(pk, ("alone", pk))].add(pk)
    gold = defaultdict(set)
    for pk, label in labels.items():
        gold[label].add(pk)
    p = r = 0.0
    for pk, label in labels.items():
        mine = clusters[story_of.get(pk, ("alone", pk))]
        shared = len(mine & gold[label])
        p += shared / len(mine)
        r += shared / len(gold[label])
    p, r = p / len(labels), r / len(labels)
    return p, r, 2 * p * r / (p + r)


def publish_in_order(labels):
    """What a newsroom's site shows before any rebuild: each article grouped when it is
    published (services.refresh_related, as the publish task runs it), in date order.
    The stories and "More on this story" as they stand after the last one."""
    from dateline.articles.models import Article
    from dateline.related import services

    for article in Article.objects.order_by("published_at", "pk"):
        services.refresh_related(article)
    blocks, story_of = story_blocks()
    p, r, f = bcubed(story_of, labels)
    return {
        "p": p, "r": r, "f": f, "stories": len(set(story_of.values())),
        "more": shown_precision(blocks, labels)[0],
    }  # fmt: skip


def run(articles, mode):
    from dateline.related import scoring
    from dateline.related.rebuild import rebuild

    labels = load(articles, dates_for(articles, mode))
    started = time.perf_counter()
    published = publish_in_order(labels)
    publishing = time.perf_counter() - started
    started = time.perf_counter()
    rebuild(lambda *progress: None)
    seconds = time.perf_counter() - started
    ids = sorted(labels)
    blocks, story_of = story_blocks()
    figures = {
        "related block (story first)": precision(dateline_lists(), labels),
        "More on this story": shown_precision(blocks, labels)[0],
        "TF-IDF cosine": precision(tfidf_lists(ids), labels),
        f"BM25 more like this ({related_quality.MLT_TERMS} terms)": precision(
            related_quality.bm25_lists(ids)["mlt"], labels
        ),
    }
    p, r, f = bcubed(story_of, labels)
    stories = len(set(story_of.values()))
    coverage = shown_precision(blocks, labels)[1]
    spread = "each story within 4 days" if mode == "close" else "random over 2 years"
    print(f"\nDates: {mode} ({spread}); rebuild() {seconds:.1f} s")
    for name, value in figures.items():
        print(f"  {name:<36} precision@3 same story {value:.3f}")
    print(
        f"  stories: {stories} found for 42 real ones; {len(labels) - len(story_of)} articles in "
        f"none; B-cubed precision {p:.3f}, recall {r:.3f}, F1 {f:.3f}; "
        f"{coverage:.0%} of the articles show More on this story"
    )
    print(
        f"  at publish time ({publishing / len(labels) * 1000:.0f} ms an article): "
        f"{published['stories']} stories; B-cubed precision {published['p']:.3f}, recall "
        f"{published['r']:.3f}, F1 {published['f']:.3f}; More on this story precision@3 "
        f"{published['more']:.3f}"
    )
    ours = min(figures["related block (story first)"], figures["More on this story"])
    baseline = max(v for k, v in figures.items() if k.startswith(("TF-IDF", "BM25")))
    for label, met in (
        ("precision@3 >= 0.975 (block and More on this story)", ours >= 0.975),
        ("beats both baselines", ours > baseline),
        ("B-cubed F1 >= 0.90", f >= 0.90),
        ("at publish time: More on this story >= 0.975", published["more"] >= 0.975),
        ("at publish time: B-cubed F1 >= 0.90", published["f"] >= 0.90),
    ):
        print(f"  {'met' if met else 'MISSED'}: {label}")
    print(
        f"  constants: STORY_THRESHOLD {scoring.STORY_THRESHOLD}, STORY_ENTITY_WEIGHT "
        f"{scoring.STORY_ENTITY_WEIGHT}, STORY_NEIGHBOURS {scoring.STORY_NEIGHBOURS}, "
        f"STORY_CLOSE_DAYS {scoring.STORY_CLOSE_DAYS} (x{scoring.STORY_CLOSE_BONUS})"
    )


def main():
    import argparse
    import subprocess

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dates", choices=["close", "random", "both"], default="both")
    args = parser.parse_args()
    folder = data_dir()
    if not (folder / "ECB+").is_dir():
        print(f"skipped: {folder}/ECB+ not found (DATELINE_ECBPLUS_DATA names the folder)")
        return 0
    if args.dates == "both":  # each in a process (and a database) of its own
        for mode in ("close", "random"):
            done = subprocess.run([sys.executable, __file__, "--dates", mode], check=False)
            if done.returncode:
                return done.returncode
        return 0
    articles = read_corpus(folder)
    print(
        f"ECB+ development half in {folder}: {len(articles)} articles, "
        f"{len({label for _, label, _ in articles})} stories",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="dateline-ecb-") as var_dir:
        related_quality.setup_django(var_dir)
        run(articles, args.dates)
    return 0


if __name__ == "__main__":
    sys.exit(main())
