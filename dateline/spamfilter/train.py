"""Training and measuring the spam classifier on the YouTube Spam Collection.

The data is CC BY 4.0: T. C. Alberto, J. V. Lochter, T. A. Almeida, "TubeSpam: Comment
Spam Filtering on YouTube", Proc. IEEE ICMLA 2015. It is never copied into this
repository; it lives beside it in ../shared/data/spam (or wherever DATELINE_SPAM_DATA
points). bench/train_spam_model.py and bench/spam_classifier.py use these functions.
"""

import csv
import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

from dateline.spamfilter.classifier import CommentFeatures, train_model

REPO_ROOT = Path(__file__).resolve().parents[2]
# YouTube's own markup in CONTENT: line breaks, auto-linked URLs, "+name" profile links.
# What the commenter typed is the text between the tags; text they typed that looks like
# a tag is escaped (&lt;script&gt;) and survives as text.
TAG_RE = re.compile(r"<[^>]*>")


def spam_data_dir() -> Path:
    return Path(os.environ.get("DATELINE_SPAM_DATA") or REPO_ROOT.parent / "shared/data/spam")


def data_dir_label() -> str:
    """The data folder as a person would write it, for "skipped: ... not found"."""
    return os.environ.get("DATELINE_SPAM_DATA") or "../shared/data/spam"


def youtube_csv_paths(folder=None) -> list[Path]:
    """The collection's five files, Youtube01-Psy.csv to Youtube05-Shakira.csv, in order."""
    return sorted(Path(folder or spam_data_dir()).glob("Youtube0*.csv"))


def read_youtube_csv(path) -> list[tuple[CommentFeatures, bool]]:
    """(features, is_spam) for each row: CONTENT as plain text, AUTHOR as the name."""
    with open(path, newline="", encoding="utf-8") as f:
        return [
            (
                CommentFeatures(text=_plain_text(row["CONTENT"]), name=row["AUTHOR"]),
                row["CLASS"] == "1",
            )
            for row in csv.DictReader(f)
        ]


def read_youtube_csv_in_date_order(path) -> list[tuple[CommentFeatures, bool]]:
    """`read_youtube_csv`, oldest comment first, as a site would have received them.

    Files 01 and 02 list their comments oldest first, 03 to 05 newest first. In 04 no spam
    comment has a DATE (every dated one is ham), so a sort by date would put all the spam at
    one end: the order is the file's, reversed when its dated rows run newest first, and a
    row without a date keeps its place between its neighbours.
    """
    examples = read_youtube_csv(path)
    with open(path, newline="", encoding="utf-8") as f:
        dates = [row["DATE"] for row in csv.DictReader(f) if row["DATE"]]
    if dates == sorted(dates):
        return examples
    if dates == sorted(dates, reverse=True):
        return examples[::-1]
    raise ValueError(f"{path}: the comments are in neither date order")


def _plain_text(content):
    text = html.unescape(TAG_RE.sub("", content.replace("<br />", "\n")))
    # YouTube's export ends most comments, spam and ham alike, with a byte order mark.
    return text.replace("\ufeff", "").strip()


def train_from_youtube_csv(paths):
    """A model trained on every comment in these YouTube CSV files."""
    return train_model([example for path in paths for example in read_youtube_csv(path)])


@dataclass
class Measurement:
    precision: float
    recall: float
    f1: float
    false_positive_rate: float  # share of ham scored as spam
    accuracy: float


def measure(scored, threshold) -> Measurement:
    """Quality of (score, is_spam) pairs when a score >= threshold means spam."""
    tp = sum(1 for score, is_spam in scored if score >= threshold and is_spam)
    fp = sum(1 for score, is_spam in scored if score >= threshold and not is_spam)
    fn = sum(1 for score, is_spam in scored if score < threshold and is_spam)
    tn = len(scored) - tp - fp - fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Measurement(
        precision=precision,
        recall=recall,
        f1=f1,
        false_positive_rate=fp / (fp + tn) if fp + tn else 0.0,
        accuracy=(tp + tn) / len(scored) if scored else 0.0,
    )


def choose_threshold(scored, *, max_false_positive_rate=0.02) -> float:
    """The threshold with the best F1 among those flagging at most that share of ham.

    Each candidate sits midway between two neighbouring scores, never on a comment's
    exact score. With no acceptable candidate it returns 1.0 (nothing is spam).
    """
    ordered = sorted(scored, key=lambda pair: pair[0], reverse=True)
    spam = sum(1 for _, is_spam in ordered if is_spam)
    ham = len(ordered) - spam
    best_f1, best = 0.0, 1.0
    tp = fp = 0
    for i, (score, is_spam) in enumerate(ordered):
        tp, fp = (tp + 1, fp) if is_spam else (tp, fp + 1)
        below = ordered[i + 1][0] if i + 1 < len(ordered) else 0.0
        if below == score:
            continue  # no threshold separates equal scores
        f1 = 2 * tp / (2 * tp + fp + (spam - tp))
        if (fp <= max_false_positive_rate * ham) and f1 > best_f1:
            best_f1, best = f1, (score + below) / 2
    return best


def cross_validated_scores(groups) -> list[tuple[float, bool]]:
    """Leave one group out: train on the others, score it; (score, is_spam) for them all.

    Each group is one video's comments, so every comment is scored by a model that has not
    seen its video, as the model will be used. Only the groups passed in are read.
    """
    scored = []
    for held_out, group in enumerate(groups):
        rest = [example for i, other in enumerate(groups) if i != held_out for example in other]
        model = train_model(rest)
        scored += [(model.score(features), is_spam) for features, is_spam in group]
    return scored


def cross_validated_threshold(groups, *, max_false_positive_rate=0.02) -> float:
    """The threshold `choose_threshold` picks on the `cross_validated_scores` of groups."""
    return choose_threshold(
        cross_validated_scores(groups), max_false_positive_rate=max_false_positive_rate
    )
