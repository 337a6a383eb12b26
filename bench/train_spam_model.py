"""Regenerate dateline/spamfilter/default_model.json from the YouTube Spam Collection.

    .venv/bin/python bench/train_spam_model.py

Trains on all five files in ../shared/data/spam (or $DATELINE_SPAM_DATA) and picks the
decision threshold by leave-one-video-out cross-validation over them; copy that value
into SPAM_THRESHOLD in dateline/spamfilter/classifier.py if it changed. Exits 0 with a
message, changing nothing, when the data is absent.
"""

import json
import sys

from dateline.spamfilter.classifier import DEFAULT_MODEL_PATH, SPAM_THRESHOLD, train_model
from dateline.spamfilter.train import (
    cross_validated_threshold,
    data_dir_label,
    read_youtube_csv,
    youtube_csv_paths,
)

SOURCE = (
    "Feature weights learned from the YouTube Spam Collection v1 (UCI), CC BY 4.0: "
    "T. C. Alberto, J. V. Lochter, T. A. Almeida, 'TubeSpam: Comment Spam Filtering on "
    "YouTube', Proc. IEEE ICMLA 2015. No comment text is stored; regenerate with "
    "bench/train_spam_model.py."
)


def main():
    paths = youtube_csv_paths()
    if len(paths) != 5:
        print(f"skipped: {data_dir_label()} not found")
        return 0
    groups = [read_youtube_csv(path) for path in paths]
    model = train_model([example for group in groups for example in group])
    threshold = cross_validated_threshold(groups)

    data = {"source": SOURCE, **model.to_dict()}
    DEFAULT_MODEL_PATH.write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
        encoding="utf-8",
    )
    size = DEFAULT_MODEL_PATH.stat().st_size
    print(
        f"wrote {DEFAULT_MODEL_PATH}: {len(model.weights)} weights,"
        f" {len(model.counts)} features counted, {size / 1024:.0f} KiB"
    )
    print(f"cross-validated threshold: {threshold:.4f} (SPAM_THRESHOLD is {SPAM_THRESHOLD})")
    if abs(threshold - SPAM_THRESHOLD) >= 0.005:
        print("update SPAM_THRESHOLD in dateline/spamfilter/classifier.py to match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
