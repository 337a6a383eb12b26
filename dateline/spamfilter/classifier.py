"""A comment spam classifier in plain Python: tokens in, a spam score out.

The model is a logistic regression over token and character n-gram features, trained
online with AdaGrad (Duchi, Hazan and Singer, JMLR 2011): every example is one gradient
step, so a single moderator decision can be learned on the spot with `model.learn(...)`,
a longer step than a training pass takes (LESSON_LEARNING_RATE). Each feature keeps its
own step size, so a token the model has never seen (a new campaign's domain) moves a lot
on its first decision, while "the" barely moves after thousands.

It sees two kinds of feature. Tokens (`tokenize`): words, word pairs and link tokens,
each worth 1. Character 3- to 5-grams of the whole text, hashed into CHAR_BUCKETS buckets
and each worth 1/sqrt(number of buckets the comment hits), so a long comment's hundreds
of n-grams weigh about as much as a short one's few. The n-grams catch what words miss:
misspellings ("sucscribe", "subscrib"), glued words ("checkout", "sub4sub"), word stems
and parts of links. In an earlier form of the cross-validation below they raised F1 from
0.925 to 0.937.

Before the regression sees a feature, its value is multiplied by the feature's naive
Bayes log-count ratio: log(share of spam comments that contain it / share of ham comments
that contain it), from counts the model keeps and updates with every decision. This is
NBSVM (Wang and Manning, "Baselines and Bigrams", ACL 2012) with a logistic regression in
place of the SVM: a word seen in many spam comments and no ham starts out strong, one
that both kinds use ("the", "song") is scaled to near 0, and the regression only has to
learn how far to trust each ratio. See `SpamModel.ratio`.

How the design was chosen (issue #3): leave one video out over the YouTube files 01, 02
and 03 (train on two, score the third), pooling the three held-out videos' scores and
taking the best F1 that flags at most 2% of ham, averaged over 6 training shuffles. Files
04 and 05 were kept out of every choice; bench/spam_classifier.py tests on them.

    plain logistic regression, 10 epochs (format 2)       F1 0.941  AUC 0.973
    plain, 20 epochs                                      F1 0.940  AUC 0.974
    multinomial NB ratios (smoothing 1), 10 epochs        F1 0.942  AUC 0.975
    document-frequency NB ratios (smoothing 0.25), 20     F1 0.949  AUC 0.977

The gain is about one standard error (in a bootstrap over the comments it is above 0 in 9
resamplings of 10): likely, not certain. In the same test these were within 0.002 of the
F1 they were added to, or worse: averaged weights (Polyak), a learning rate decaying over
the epochs, L2 normalisation of the whole feature vector or of each kind, log term
frequencies, binary n-gram values, n-grams within words only or of 2-6 characters, word
triples, the commenter's name as words or n-grams, a k-nearest-neighbour vote, separate
models for words and n-grams, and an ensemble with multinomial Naive Bayes. Earlier, in a
similar test (each fold's threshold chosen on its two training videos): multinomial
Naive Bayes alone (0.82), a Robinson/chi-squared filter (SpamBayes, 0.81), a
passive-aggressive update, word pairs with a gap, first- and last-word tokens, the Naive
Bayes log-odds as one extra feature, and averaging 5 models trained on different
shuffles. With the three videos' comments shuffled together (5-fold cross-validation) F1
reaches 0.97; across videos it stops near 0.95 because each video's annotators called
different things spam (only 03 calls "like this comment if..." spam), and no feature
learns a rule its training videos do not show.

No Django and no ORM here: the comments app turns a comment into `CommentFeatures`.

The packaged default model (default_model.json) was trained on the YouTube Spam
Collection, CC BY 4.0: T. C. Alberto, J. V. Lochter, T. A. Almeida, "TubeSpam: Comment
Spam Filtering on YouTube", Proc. IEEE ICMLA 2015. It holds feature weights and counts of
how many spam and ham comments had each feature, not comments.
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
FORMAT = "dateline-spam-nb-logistic-3"
# Formats 1 and 2 are plain logistic regressions: no naive Bayes counts, so every feature
# is worth its raw value (format 1 also had no "c:" n-gram features). A model a site
# taught before issue #3 still loads, scores and learns as it did, and is saved as format
# 2; its weights were learned on raw values and would be wrong on scaled ones.
PLAIN_FORMAT = "dateline-spam-logistic-adagrad-2"
READABLE_FORMATS = {FORMAT, PLAIN_FORMAT, "dateline-spam-logistic-adagrad-1"}

# A comment scoring at or above this is spam. bench/train_spam_model.py picks it by
# leave-one-video-out cross-validation over the five YouTube files: the highest F1 that
# flags at most 2% of ham comments. It prints the value it found; keep the two in step.
SPAM_THRESHOLD = 0.61

# Chosen by the cross-validation on files 01-03 described above. Without the naive Bayes
# scaling, 0.1 beat 0.05, 0.07, 0.15, 0.2 and 0.4; L2 of 0.0003 and 0.01 did worse, 0.003
# the same. With it (tried at 10 epochs), 0.05 and 0.2, and L2 of 0.0003 and 0.003, did no
# better. 20 epochs tied 10, 15 and 30 on F1 but was steadier: with 5, 10 or 15, one
# training shuffle in six picked a far too high threshold when the threshold was chosen on
# a single training video. A learning rate decaying over the epochs did worse.
LEARNING_RATE = 0.1
L2 = 0.001
EPOCHS = 20
# A moderator's decision (`SpamModel.learn`) steps three times as far as a training pass.
# The packaged model's step sizes have shrunk over 20 passes of its 2,000 comments, so at
# the training rate a site's own decisions hardly moved it, and a site's moderators know
# its community better than YouTube's annotators (bench/spam_first_days.py measures it).
# Three approvals of readers' "subscribe" teach it what one site means by the word
# (spamfilter/tests); at the training rate they did not.
LESSON_LEARNING_RATE = 0.3
# Added to each count in the naive Bayes ratios, so a feature seen in one spam comment and
# no ham gets a finite ratio (log 5 when spam and ham are as many). In the same
# cross-validation 0.05, 0.1, 0.25 and 0.5 did about as well; 1 and 2 did worse.
NB_SMOOTHING = 0.25

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
    """Logistic regression on NB-scaled features; `learn` is one AdaGrad step.

    `weights` maps a feature to [weight, sum of its squared gradients]; the second number
    sets the feature's step size and is what makes further learning incremental.
    `counts` maps a feature to [spam comments with it, ham comments with it], out of
    `spam_comments` and `ham_comments` learned from; it is None for a plain model saved
    before issue #3, which scores features at their raw value. Features are the tokens of
    `tokenize` and "c:<bucket>" for the character n-gram buckets.
    """

    def __init__(
        self,
        weights=None,
        bias=0.0,
        bias_gradients=0.0,
        counts=None,
        spam_comments=0,
        ham_comments=0,
        *,
        plain=False,
    ):
        self.weights = weights if weights is not None else {}
        self.bias = bias
        self.bias_gradients = bias_gradients
        self.counts = None if plain else (counts if counts is not None else {})
        self.spam_comments = spam_comments
        self.ham_comments = ham_comments
        # The shared default model is read-only: see load_default_model().
        self.read_only = False
        # Each feature's weight times its ratio, made on the first score after a change:
        # working out the ratios anew for every score made a 3,000-character comment (3,400
        # features) take 5.5 ms instead of 3.
        self._scaled_weights = None

    def score(self, features: CommentFeatures) -> float:
        """Probability-like spam score in 0..1; compare it with SPAM_THRESHOLD."""
        if self._scaled_weights is None:
            self._scaled_weights = {
                feature: entry[0] * self.ratio(feature) for feature, entry in self.weights.items()
            }
        z = self.bias
        for feature, value in model_inputs(features):
            weight = self._scaled_weights.get(feature)
            if weight is not None:
                z += weight * value
        return _sigmoid(z)

    def learn(self, features: CommentFeatures, is_spam: bool) -> None:
        """Move the model towards a moderator's decision about one comment."""
        if self.read_only:
            raise RuntimeError("The default model is shared: learn on a copy() of it.")
        inputs = model_inputs(features)
        self._count(inputs, is_spam)
        self._learn_inputs(self._scaled(inputs), is_spam, rate=LESSON_LEARNING_RATE)

    def ratio(self, feature: str) -> float:
        """The feature's naive Bayes log-count ratio: > 0 if spam has it more often.

        log(P(feature | spam) / P(feature | ham)), each the share of that class's comments
        that have the feature, smoothed by NB_SMOOTHING. 1 for a plain model.
        """
        if self.counts is None:
            return 1.0
        in_spam, in_ham = self.counts.get(feature, (0, 0))
        return math.log(
            (in_spam + NB_SMOOTHING)
            * (self.ham_comments + 2 * NB_SMOOTHING)
            / ((in_ham + NB_SMOOTHING) * (self.spam_comments + 2 * NB_SMOOTHING))
        )

    def copy(self) -> "SpamModel":
        """An independent model to learn on top of, e.g. a site's decisions on the default."""
        return SpamModel.from_dict(self.to_dict())

    def to_dict(self) -> dict:
        data = {
            "format": FORMAT,
            "bias": self.bias,
            "bias_gradients": self.bias_gradients,
            "weights": self.weights,
        }
        if self.counts is None:
            return {**data, "format": PLAIN_FORMAT}
        return {
            **data,
            "counts": self.counts,
            "spam_comments": self.spam_comments,
            "ham_comments": self.ham_comments,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "SpamModel":
        if data.get("format") not in READABLE_FORMATS:
            raise ValueError(f"Not a Dateline spam model: format {data.get('format')!r}")
        weights = {token: [float(w), float(g)] for token, (w, g) in data["weights"].items()}
        bias, bias_gradients = float(data["bias"]), float(data["bias_gradients"])
        if data["format"] != FORMAT:
            return cls(weights, bias, bias_gradients, plain=True)
        return cls(
            weights,
            bias,
            bias_gradients,
            counts={token: [int(s), int(h)] for token, (s, h) in data["counts"].items()},
            spam_comments=int(data["spam_comments"]),
            ham_comments=int(data["ham_comments"]),
        )

    def _count(self, inputs, is_spam):
        if self.counts is None:
            return
        column = 0 if is_spam else 1
        for feature, _ in inputs:
            self.counts.setdefault(feature, [0, 0])[column] += 1
        if is_spam:
            self.spam_comments += 1
        else:
            self.ham_comments += 1

    def _scaled(self, inputs):
        if self.counts is None:
            return inputs
        return [(feature, value * self.ratio(feature)) for feature, value in inputs]

    def _score_inputs(self, inputs):
        """The score of inputs already scaled by `_scaled`."""
        z = self.bias
        for feature, value in inputs:
            entry = self.weights.get(feature)
            if entry is not None:
                z += entry[0] * value
        return _sigmoid(z)

    def _learn_inputs(self, inputs, is_spam, *, rate=LEARNING_RATE):
        self._scaled_weights = None
        error = self._score_inputs(inputs) - (1.0 if is_spam else 0.0)
        for feature, value in inputs:
            entry = self.weights.setdefault(feature, [0.0, 0.0])
            gradient = error * value + L2 * entry[0]
            entry[1] += gradient * gradient
            if entry[1]:
                entry[0] -= rate * gradient / math.sqrt(entry[1])
        self.bias_gradients += error * error
        if self.bias_gradients:
            self.bias -= rate * error / math.sqrt(self.bias_gradients)


def _sigmoid(z):
    # exp() overflows past ~709; a score this far out is 0 or 1 in any case.
    z = max(-30.0, min(30.0, z))
    return 1.0 / (1.0 + math.exp(-z))


def model_inputs(features: CommentFeatures) -> list[tuple[str, float]]:
    """(feature, value) pairs: each token worth 1, the n-gram buckets 1/sqrt(how many).

    These are the raw values; SpamModel multiplies each by the feature's ratio. Without the
    1/sqrt scaling a 500-character comment's n-grams would outvote its words; with
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

    The naive Bayes counts come from all the examples first, then several shuffled passes
    of AdaGrad learn the weights; the fixed seed makes the result repeatable. Weights are
    rounded (4 decimals, accumulators to 4 significant digits) and features whose weight
    rounds to 0 are dropped, so the packaged JSON stays small; that moves a score by less
    than 0.001. Every feature's counts are kept: dropping those would make a feature that
    spam and ham share look new, and one moderator decision would then make it look like
    pure spam or pure ham.
    """
    model = SpamModel()
    examples = [(model_inputs(features), bool(is_spam)) for features, is_spam in examples]
    for inputs, is_spam in examples:
        model._count(inputs, is_spam)
    prepared = [(model._scaled(inputs), is_spam) for inputs, is_spam in examples]
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(prepared)
        for inputs, is_spam in prepared:
            model._learn_inputs(inputs, is_spam)
    model.weights = {
        feature: [round(w, 4), float(f"{g:.4g}")]
        for feature, (w, g) in model.weights.items()
        if round(w, 4)
    }
    model._scaled_weights = None
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
