"""How well the comment spam classifier does on videos it was not trained on.

    .venv/bin/python bench/spam_classifier.py

The YouTube Spam Collection has five files, one per video. The main split trains on 01,
02, 03 and tests on 04, 05; every one of the 10 ways to train on three and test on two
follows, with the mean, so the figure is not one lucky split. For each split the decision
threshold is chosen by leave-one-video-out cross-validation on its three training files
alone (best F1 with at most 2% of ham flagged); the test files are only scored. The main
split's "CV" line is that cross-validation's own result at the threshold it picked: the
figure the classifier's design choices were made on (dateline/spamfilter/classifier.py),
since files 04 and 05 must not steer them.

The data lives in ../shared/data/spam, or $DATELINE_SPAM_DATA; without it this prints
"skipped: ..." and exits 0. Target: F1 >= 0.95, false-positive rate <= 2%, < 5 ms/comment.
"""

import itertools
import statistics
import sys
import time

from dateline.spamfilter.classifier import train_model
from dateline.spamfilter.train import (
    choose_threshold,
    cross_validated_scores,
    data_dir_label,
    measure,
    read_youtube_csv,
    spam_data_dir,
    youtube_csv_paths,
)

MAIN_SPLIT = (0, 1, 2)  # train on Youtube01-03, test on Youtube04-05
MAX_FALSE_POSITIVE_RATE = 0.02


def run_split(groups, train):
    training = [groups[i] for i in train]
    cv_scored = cross_validated_scores(training)
    threshold = choose_threshold(cv_scored, max_false_positive_rate=MAX_FALSE_POSITIVE_RATE)
    model = train_model([example for group in training for example in group])
    test = [example for i, group in enumerate(groups) if i not in train for example in group]

    scored, timings = [], []
    for features, is_spam in test:
        started = time.perf_counter()
        score = model.score(features)
        timings.append(time.perf_counter() - started)
        scored.append((score, is_spam))
    timings.sort()
    return {
        "threshold": threshold,
        "cv_result": measure(cv_scored, threshold),
        "result": measure(scored, threshold),
        "ham": sum(1 for _, is_spam in test if not is_spam),
        "mean_ms": statistics.fmean(timings) * 1000,
        "p95_ms": timings[int(0.95 * (len(timings) - 1))] * 1000,
    }


def file_numbers(indexes):
    return " ".join(f"{i + 1:02d}" for i in indexes)


def main():
    folder = spam_data_dir()
    paths = youtube_csv_paths(folder)
    if len(paths) != 5:
        print(f"skipped: {data_dir_label()} not found")
        return 0
    groups = [read_youtube_csv(path) for path in paths]
    print(f"YouTube Spam Collection in {folder}: {sum(map(len, groups))} comments")
    for i, path in enumerate(paths):
        spam = sum(1 for _, is_spam in groups[i] if is_spam)
        print(f"  {i + 1:02d} {path.name}: {len(groups[i])} comments, {spam} spam")

    splits = list(itertools.combinations(range(5), 3))
    runs = {train: run_split(groups, train) for train in splits}

    main_run = runs[MAIN_SPLIT]
    r = main_run["result"]
    test = tuple(i for i in range(5) if i not in MAIN_SPLIT)
    print()
    print(f"Main split: train on {file_numbers(MAIN_SPLIT)}, test on {file_numbers(test)}")
    cv = main_run["cv_result"]
    print(
        f"  CV, one training video left out   precision {cv.precision:.3f}, recall"
        f" {cv.recall:.3f}, F1 {cv.f1:.3f}, FP rate {cv.false_positive_rate:.1%}"
    )
    print(f"  threshold (CV on training files)  {main_run['threshold']:.3f}")
    print(f"  precision                         {r.precision:.3f}")
    print(f"  recall                            {r.recall:.3f}")
    print(f"  F1                                {r.f1:.3f}")
    flagged = round(r.false_positive_rate * main_run["ham"])
    print(
        f"  false-positive rate (ham as spam) {r.false_positive_rate:.1%}"
        f" ({flagged} of {main_run['ham']} ham)"
    )
    print(f"  accuracy                          {r.accuracy:.3f}")
    print(
        f"  time to score one comment         mean {main_run['mean_ms']:.3f} ms,"
        f" p95 {main_run['p95_ms']:.3f} ms"
    )

    print()
    print("All 10 splits (train on 3 files, test on the other 2):")
    print("  train     test   threshold  precision  recall  F1     FP rate  accuracy  ms mean/p95")
    for train, run in runs.items():
        r = run["result"]
        test = tuple(i for i in range(5) if i not in train)
        print(
            f"  {file_numbers(train)}  {file_numbers(test)}  {run['threshold']:9.3f}"
            f"  {r.precision:9.3f}  {r.recall:6.3f}  {r.f1:.3f}  {r.false_positive_rate:7.1%}"
            f"  {r.accuracy:8.3f}  {run['mean_ms']:.3f}/{run['p95_ms']:.3f}"
        )

    def mean(name):
        return statistics.fmean(getattr(run["result"], name) for run in runs.values())

    mean_ms = statistics.fmean(run["mean_ms"] for run in runs.values())
    p95_ms = statistics.fmean(run["p95_ms"] for run in runs.values())
    threshold = statistics.fmean(run["threshold"] for run in runs.values())
    print(
        f"  mean             {threshold:9.3f}  {mean('precision'):9.3f}  {mean('recall'):6.3f}"
        f"  {mean('f1'):.3f}  {mean('false_positive_rate'):7.1%}  {mean('accuracy'):8.3f}"
        f"  {mean_ms:.3f}/{p95_ms:.3f}"
    )

    r = main_run["result"]
    met = r.f1 >= 0.95 and r.false_positive_rate <= MAX_FALSE_POSITIVE_RATE
    met = met and main_run["p95_ms"] < 5
    print()
    print(
        f"Target on the main split (F1 >= 0.95, FP rate <= 2%, < 5 ms): "
        f"{'met' if met else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
