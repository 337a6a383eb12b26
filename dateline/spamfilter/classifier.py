"""A comment spam classifier in plain Python: tokens in, a spam score out.

The model is a logistic regression over token and character n-gram features, trained
online with AdaGrad (Duchi, Hazan and Singer, JMLR 2011): every example is one gradient
step, so a single moderator decision can be learned on the spot with `model.learn(...)`.
Each feature keeps its own step size, so a token the model has never seen (a new
campaign's domain) moves a lot on its first decision, while "the" barely moves after
thousands.

It sees two kinds of feature. Tokens (`tokenize`): words, word pairs and link tokens,
each worth 1. Character 3- to 5-grams of the whole text, hashed into CHAR_BUCKETS buckets
and each worth 1/sqrt(number of buckets the comment hits), so a long comment's hundreds
of n-grams weigh about as much as a short one's few. The n-grams catch what words miss:
misspellings ("sucscribe", "subscrib"), glued words ("checkout", "sub4sub"), word stems
and parts of links.

We tried multinomial Naive Bayes and a Robinson/chi-squared filter (SpamBayes) too, with
the same tokens. Trained on two of the YouTube files 01-03 and tested on the third, with
the threshold picked by cross-validation on the two (at most 2% of ham flagged), mean F1
was 0.93 for this model, 0.82 for Naive Bayes and 0.81 for the chi-squared filter.
Adding the n-grams raised it from 0.925 to 0.937 (mean of 3 training shuffles). On top of
the n-grams these did no better in the same test, or worse: averaged weights (Polyak), a
passive-aggressive update, Naive Bayes log-count ratios as feature values or as one extra
feature (NBSVM), word triples, word pairs with a gap, first- and last-word tokens, and
averaging the weights of 5 models trained on different shuffles. Files 04 and 05 were kept
out of every choice made here; bench/spam_classifier.py tests on them.

No Django and no ORM here: the comments app turns a comment into `CommentFeatures`.

The packaged default model (default_model.json) was trained on the YouTube Spam
Collection, CC BY 4.0: T. C. Alberto, J. V. Lochter, T. A. Almeida, "TubeSpam: Comment
Spam Filtering on YouTube", Proc. IEEE ICMLA 2015. It holds feature weights, not comments.
"""

import json
import math
import random
import re
import zlib
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_MODEL_PATH = Path(__file__).with_name("default_model.json")
FORMAT = "dateline-spam-logistic-adagrad-2"
# Format 1 had the same layout without the "c:" n-gram features. A model a site taught
# before them still loads and scores as it did; it gains n-gram weights as it learns.
READABLE_FORMATS = {FORMAT, "dateline-spam-logistic-adagrad-1"}

# A comment scoring at or above this is spam. bench/train_spam_model.py picks it by
# leave-one-video-out cross-validation over the five YouTube files: the highest F1 that
# flags at most 2% of ham comments. It prints the value it found; keep the two in step.
SPAM_THRESHOLD = 0.56

# Chosen by the cross-validation on files 01-03 described above. With the n-grams, 0.1
# beat 0.05, 0.07, 0.15, 0.2 and 0.4; L2 of 0.0003 and 0.01 did worse, 0.003 the same;
# 5 or 20 epochs did no better, nor did a learning rate decaying over the epochs.
LEARNING_RATE = 0.1
L2 = 0.001
EPOCHS = 10

# Character n-grams: 3 to 5 characters, across word boundaries, of the lower-cased text
# with runs of a repeated character cut to two, links included. In the same
# cross-validation, n-grams within words only, 2-5, 3-6 and 4-6 characters, leaving links
# out, keeping case, NFKC normalisation and mapping digits to 0 did the same or worse.
# Hashing into 2**14, 2**15 or 2**16 buckets scored as well as keeping every n-gram (2**12
# and 2**13 did worse); the smallest keeps default_model.json near 1 MB (it is rewritten
# to the database with each lesson).
# The hash is CRC-32, not hash(), which Python salts per process.
CHAR_NGRAM_SIZES = range(3, 6)
CHAR_BUCKETS = 2**14
# The n-grams of a comment's first 2,000 characters; the words still cover all of it. That
# keeps a comment of COMMENTS_MAX_LENGTH (3,000 characters) under 5 ms to score, and the
# longest YouTube comment in files 01-03 has 1,077 characters.
CHAR_NGRAM_TEXT_LIMIT = 2000
# Each bucket's feature name, made once: formatting them anew took a third of the time to
# score a long comment.
BUCKET_FEATURES = [f"c:{bucket}" for bucket in range(CHAR_BUCKETS)]

# Links written out, bare domains with a common TLD ("gofundme.com/x") and YouTube paths.
URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+"
    r"|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*"
    r"\.(?:com|net|org|info|biz|io|co|me|tv|ly|be|gl|gd|to|cc|ru|pl|br|uk|de|fr|us|xyz|site"
    r"|online|shop)\b(?:/[^\s<>\"']*)?"
    r"|\bwatch\?v=[\w-]+",
    re.IGNORECASE,
)
WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
# "plzzzzz" and "plzz" are the same word; "soooo good" and "soo good" too.
REPEATS_RE = re.compile(r"(.)\1{2,}")


@dataclass
class CommentFeatures:
    """What the classifier sees of a comment: its body and what the commenter typed."""

    text: str
    name: str = ""
    email: str = ""
    url: str = ""


def tokenize(features: CommentFeatures) -> list[str]:
    """Words, word pairs and link tokens, each once, in order of first appearance.

    Metadata tokens start with "#" and URL words with "u:", so they never collide with a
    word. What made the cut was measured by cross-validation on the YouTube files: word
    pairs and link tokens (count, domains, the words inside a URL) each raised F1; length
    buckets, a shouting (capitals) ratio, emoji and the commenter's name words did not
    (YouTube's ham shouts as often as its spam). The name-link, email and website tokens
    have no training data (YouTube has no such fields); they start at weight 0 and count
    once moderators' decisions teach the model.
    """
    text = features.text or ""
    urls = [url.rstrip(".,;:!?)]}'\"") for url in URL_RE.findall(text)]
    words = [_normalise_word(word) for word in WORD_RE.findall(URL_RE.sub(" ", text).lower())]

    tokens = list(words)
    tokens += [f"{first} {second}" for first, second in pairwise(words)]
    if urls:
        tokens.append("#link")
        tokens.append("#links:" + ("1" if len(urls) == 1 else "2" if len(urls) == 2 else "3+"))
    for url in urls:
        tokens += [f"#domain:{domain}" for domain in _domains(url)]
        tokens += ["u:" + word for word in WORD_RE.findall(url.lower()) if not word.isdigit()]

    name = features.name or ""
    if URL_RE.search(name):
        tokens.append("#name:link")
    email = (features.email or "").strip().lower()
    if "@" in email:
        tokens.append("#email:" + email.rsplit("@", 1)[1])
    if (features.url or "").strip():
        tokens.append("#website")
        tokens += [f"#website:{domain}" for domain in _domains(features.url.strip())]
    return list(dict.fromkeys(tokens))


def char_ngram_buckets(text: str) -> list[int]:
    """The hashed buckets of the text's character 3- to 5-grams, each once."""
    text = REPEATS_RE.sub(r"\1\1", (text or "")[:CHAR_NGRAM_TEXT_LIMIT].lower())
    text = " " + " ".join(text.split()) + " "
    grams = {text[i : i + n] for n in CHAR_NGRAM_SIZES for i in range(len(text) - n + 1)}
    return sorted({zlib.crc32(gram.encode("utf-8")) % CHAR_BUCKETS for gram in grams})


def _normalise_word(word):
    if word.isdigit() and len(word) > 2:
        return "#number"
    return REPEATS_RE.sub(r"\1\1", word)


def _domains(url):
    """["m.facebook.com", "facebook.com"] for "https://m.facebook.com/x"; www. dropped."""
    try:
        host = urlsplit(url if "://" in url else "http://" + url).hostname or ""
    except ValueError:  # e.g. a malformed IPv6 literal
        return []
    host = host.lower().removeprefix("www.")
    if not host:
        return []
    labels = host.split(".")
    if len(labels) > 2:
        return [host, ".".join(labels[-2:])]
    return [host]


class SpamModel:
    """Logistic regression on token presence and n-gram buckets; `learn` is one AdaGrad step.

    `weights` maps a feature to [weight, sum of its squared gradients]; the second number
    sets the feature's step size and is what makes further learning incremental. Features
    are the tokens of `tokenize` and "c:<bucket>" for the character n-gram buckets.
    """

    def __init__(self, weights=None, bias=0.0, bias_gradients=0.0):
        self.weights = weights if weights is not None else {}
        self.bias = bias
        self.bias_gradients = bias_gradients
        # The shared default model is read-only: see load_default_model().
        self.read_only = False

    def score(self, features: CommentFeatures) -> float:
        """Probability-like spam score in 0..1; compare it with SPAM_THRESHOLD."""
        return self._score_inputs(model_inputs(features))

    def learn(self, features: CommentFeatures, is_spam: bool) -> None:
        """Move the model towards a moderator's decision about one comment."""
        if self.read_only:
            raise RuntimeError("The default model is shared: learn on a copy() of it.")
        self._learn_inputs(model_inputs(features), is_spam)

    def copy(self) -> "SpamModel":
        """An independent model to learn on top of, e.g. a site's decisions on the default."""
        return SpamModel.from_dict(self.to_dict())

    def to_dict(self) -> dict:
        return {
            "format": FORMAT,
            "bias": self.bias,
            "bias_gradients": self.bias_gradients,
            "weights": self.weights,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "SpamModel":
        if data.get("format") not in READABLE_FORMATS:
            raise ValueError(f"Not a Dateline spam model: format {data.get('format')!r}")
        return cls(
            weights={token: [float(w), float(g)] for token, (w, g) in data["weights"].items()},
            bias=float(data["bias"]),
            bias_gradients=float(data["bias_gradients"]),
        )

    def _score_inputs(self, inputs):
        z = self.bias
        for feature, value in inputs:
            entry = self.weights.get(feature)
            if entry is not None:
                z += entry[0] * value
        # exp() overflows past ~709; a score this far out is 0 or 1 in any case.
        z = max(-30.0, min(30.0, z))
        return 1.0 / (1.0 + math.exp(-z))

    def _learn_inputs(self, inputs, is_spam):
        error = self._score_inputs(inputs) - (1.0 if is_spam else 0.0)
        for feature, value in inputs:
            entry = self.weights.setdefault(feature, [0.0, 0.0])
            gradient = error * value + L2 * entry[0]
            entry[1] += gradient * gradient
            if entry[1]:
                entry[0] -= LEARNING_RATE * gradient / math.sqrt(entry[1])
        self.bias_gradients += error * error
        if self.bias_gradients:
            self.bias -= LEARNING_RATE * error / math.sqrt(self.bias_gradients)


def model_inputs(features: CommentFeatures) -> list[tuple[str, float]]:
    """(feature, value) pairs: each token worth 1, the n-gram buckets 1/sqrt(how many).

    Without that scaling a 500-character comment's n-grams would outvote its words; with
    it, cross-validation on files 01-03 preferred them at this weight to half or double.
    """
    inputs = [(token, 1.0) for token in tokenize(features)]
    buckets = char_ngram_buckets(features.text)
    if buckets:
        value = 1.0 / math.sqrt(len(buckets))
        inputs += [(BUCKET_FEATURES[bucket], value) for bucket in buckets]
    return inputs


def train_model(examples, *, epochs=EPOCHS, seed=0) -> SpamModel:
    """A model trained from scratch on (CommentFeatures, is_spam) pairs.

    Several shuffled passes over the data; the fixed seed makes the result repeatable.
    Weights are rounded (4 decimals, accumulators to 4 significant digits) and features
    whose weight rounds to 0 are dropped, so the packaged JSON stays small; that moves a
    score by less than 0.001.
    """
    prepared = [(model_inputs(features), bool(is_spam)) for features, is_spam in examples]
    rng = random.Random(seed)
    model = SpamModel()
    for _ in range(epochs):
        rng.shuffle(prepared)
        for inputs, is_spam in prepared:
            model._learn_inputs(inputs, is_spam)
    model.weights = {
        feature: [round(w, 4), float(f"{g:.4g}")]
        for feature, (w, g) in model.weights.items()
        if round(w, 4)
    }
    return model


@cache
def load_default_model() -> SpamModel:
    """The packaged default model, read once per process and shared by every caller.

    It is read-only, so one request can't change another's scores: to learn moderators'
    decisions, `model = load_default_model().copy()` and learn on that.
    """
    model = SpamModel.from_dict(json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8")))
    model.read_only = True
    return model
