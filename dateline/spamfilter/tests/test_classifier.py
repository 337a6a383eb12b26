import json
import math
import time

import pytest

from dateline.spamfilter.classifier import (
    CHAR_BUCKETS,
    SPAM_THRESHOLD,
    CommentFeatures,
    SpamModel,
    char_ngram_buckets,
    load_default_model,
    tokenize,
    train_model,
)
from dateline.spamfilter.train import (
    choose_threshold,
    cross_validated_threshold,
    measure,
    read_youtube_csv,
    read_youtube_csv_in_date_order,
    youtube_csv_paths,
)

SPAM = CommentFeatures(
    "Check out my channel and subscribe, I sub back!! http://bit.ly/free-gift-cards-now",
    name="Promo Kid",
)
READER = CommentFeatures(
    "The ambassador's remarks suggest the sanctions will stay until the border talks resume. "
    "I doubt the coalition can hold that line through the winter.",
    name="Bob",
    email="bob@example.org",
)
CAMPAIGN = "Cheap watches at the harbour market, genuine brands, ask for Viktor"


def test_it_tokenizes_words_and_word_pairs():
    tokens = tokenize(CommentFeatures("Sooooo GOOD, so good. Over 1500 views"))
    assert tokens[:3] == ["soo", "good", "so"]
    assert "soo good" in tokens
    assert "#number" in tokens  # numbers of three digits or more are one token
    assert len(tokens) == len(set(tokens))


def test_it_tokenizes_links():
    tokens = tokenize(
        CommentFeatures("Vote here: https://www.m.example.com/vote?ref=42 and gofundme.com/help!")
    )
    assert "#link" in tokens
    assert "#links:2" in tokens
    assert "#domain:m.example.com" in tokens
    assert "#domain:example.com" in tokens
    assert "#domain:gofundme.com" in tokens
    assert "u:vote" in tokens and "u:ref" in tokens and "u:help" in tokens
    assert "u:42" not in tokens
    assert "gofundme" not in tokens  # words inside a link are only u: tokens
    assert "vote here" in tokens


def test_it_counts_many_links_in_one_bucket():
    text = " ".join(f"http://spam{i}.example.net/" for i in range(5))
    assert "#links:3+" in tokenize(CommentFeatures(text))


def test_it_tokenizes_commenter_metadata():
    tokens = tokenize(
        CommentFeatures(
            "Nice article",
            name="Best Loans www.loans.example.com",
            email="Someone@Mail.Example.NET",
            url="https://www.shop.example.com/deals",
        )
    )
    assert "#name:link" in tokens
    assert "#email:mail.example.net" in tokens
    assert "#website" in tokens
    assert "#website:shop.example.com" in tokens
    assert "#website:example.com" in tokens
    assert not any(token.startswith("#") for token in tokenize(CommentFeatures("Nice article")))


def test_it_hashes_character_ngrams_into_buckets():
    buckets = char_ngram_buckets("Subscribe to my channel")
    assert buckets == char_ngram_buckets("  SUBSCRIBE to my   channel")  # case and spacing
    assert char_ngram_buckets("sooooo good") == char_ngram_buckets("soo good")  # runs cut to 2
    assert len(buckets) == len(set(buckets))
    assert all(0 <= bucket < CHAR_BUCKETS for bucket in buckets)
    # A misspelling shares many of its n-grams with the word, where word tokens share none.
    shared = set(char_ngram_buckets("sucscribe")) & set(char_ngram_buckets("subscribe"))
    assert len(shared) >= 5
    assert char_ngram_buckets("") == []


def test_it_learns_a_phrase_as_spam():
    model = load_default_model().copy()
    similar = CommentFeatures("Genuine brands at the harbour market, cheap watches")
    before = model.score(similar)
    model.learn(CommentFeatures(CAMPAIGN), is_spam=True)
    assert model.score(similar) > before + 0.2


def test_it_learns_not_spam():
    model = load_default_model().copy()
    comment = CommentFeatures("Please share this article, the sanctions cost everyone money")
    before = model.score(comment)
    model.learn(comment, is_spam=False)
    assert model.score(comment) < before


def test_three_decisions_teach_it_that_subscribing_to_the_paper_is_ordinary_talk():
    # The YouTube model holds "subscribe" as spam; a news site's readers subscribe to papers.
    model = load_default_model().copy()
    readers = [
        "I subscribe to the paper edition and this article is the reason why.",
        "Subscribe to the ministry's bulletin if you want the treaty text, it is free.",
        "I subscribed last year for the Strelna coverage and I do not regret it.",
    ]
    another = CommentFeatures("I will subscribe to the weekend edition for this.")
    assert model.score(another) > 0.9
    for text in readers:
        model.learn(CommentFeatures(text), is_spam=False)
    assert model.score(another) < 0.5
    assert model.score(CommentFeatures("Please subscribe to my channel")) > 0.99


def test_it_keeps_the_default_model_read_only():
    with pytest.raises(RuntimeError):
        load_default_model().learn(SPAM, is_spam=True)
    copy = load_default_model().copy()
    copy.learn(CommentFeatures(CAMPAIGN), is_spam=True)
    assert load_default_model().score(CommentFeatures(CAMPAIGN)) < copy.score(
        CommentFeatures(CAMPAIGN)
    )


def test_it_round_trips_through_json():
    model = load_default_model().copy()
    model.learn(CommentFeatures(CAMPAIGN), is_spam=True)
    model.learn(READER, is_spam=False)
    restored = SpamModel.from_dict(json.loads(json.dumps(model.to_dict())))
    for features in (SPAM, READER, CommentFeatures(CAMPAIGN), CommentFeatures("")):
        assert restored.score(features) == model.score(features)


@pytest.mark.parametrize(
    "saved_format", ["dateline-spam-logistic-adagrad-1", "dateline-spam-logistic-adagrad-2"]
)
def test_it_reads_a_model_saved_before_naive_bayes_counts(saved_format):
    # A site's model taught before issue #3 has no counts: it scores and learns as it did.
    data = {
        "format": saved_format,
        "bias": -1.0,
        "bias_gradients": 10.0,
        "weights": {"subscribe": [3.0, 1.0]},
    }
    model = SpamModel.from_dict(data)
    assert model.score(CommentFeatures("subscribe")) == pytest.approx(1 / (1 + math.exp(-2)))
    model.learn(CommentFeatures("subscribe"), is_spam=True)
    assert model.score(CommentFeatures("subscribe")) > 1 / (1 + math.exp(-2))
    saved = model.to_dict()
    assert saved["format"] == "dateline-spam-logistic-adagrad-2"
    assert "counts" not in saved


def test_it_weighs_a_feature_by_how_much_more_often_spam_has_it():
    examples = [(CommentFeatures(f"subscribe to my channel {w}"), True) for w in "abc"]
    examples += [(CommentFeatures(f"my favourite song {w}"), False) for w in "abc"]
    model = train_model(examples)
    assert model.ratio("subscribe") > 1
    assert model.ratio("song") < -1
    assert model.ratio("my") == pytest.approx(0)  # in every comment, spam or not

    before = model.ratio("harbour")
    model.learn(CommentFeatures(CAMPAIGN), is_spam=True)
    assert model.ratio("harbour") > before + 1


def test_it_rejects_a_dict_that_is_not_a_model():
    with pytest.raises(ValueError):
        SpamModel.from_dict({"weights": {}})


def test_it_trains_a_model_from_examples():
    examples = [(CommentFeatures(f"subscribe to my channel {i}"), True) for i in range(5)]
    examples += [(CommentFeatures(f"great speech by the minister {i}"), False) for i in range(5)]
    model = train_model(examples)
    assert model.score(CommentFeatures("subscribe to my channel")) > 0.8
    assert model.score(CommentFeatures("the minister gave a great speech")) < 0.2


def test_default_model_flags_obvious_spam():
    assert load_default_model().score(SPAM) >= SPAM_THRESHOLD


def test_default_model_passes_a_reader_comment():
    assert load_default_model().score(READER) < SPAM_THRESHOLD


def test_it_scores_a_comment_in_under_5_ms():
    model = load_default_model()
    started = time.perf_counter()
    for _ in range(100):
        model.score(SPAM)
        model.score(READER)
    assert (time.perf_counter() - started) / 200 < 0.005


def test_it_reads_youtube_csv(tmp_path):
    # Rows written for this test in the collection's format, not copied from it.
    path = tmp_path / "Youtube09-Test.csv"
    path.write_text(
        "COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\n"
        'a1,Ann Example,2015-01-01T00:00:00,"Don&#39;t miss <a href=""http://x.example.com"">'
        'http://x.example.com</a><br />line two &lt;b&gt;\ufeff",1\n'
        "a2,Ben,,Lovely song,0\n",
        encoding="utf-8",
    )
    (spam, is_spam), (ham, is_ham_spam) = read_youtube_csv(path)
    assert spam == CommentFeatures(
        text="Don't miss http://x.example.com\nline two <b>", name="Ann Example"
    )
    assert is_spam is True
    assert ham.text == "Lovely song" and ham.name == "Ben" and is_ham_spam is False


def test_it_reads_a_newest_first_file_oldest_first(tmp_path):
    # Rows written for this test; like file 04, the spam rows have no date.
    path = tmp_path / "Youtube09-Test.csv"
    path.write_text(
        "COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\n"
        "c3,Cy,2015-03-01T00:00:00,Third,0\n"
        "c2,Di,,Second,1\n"
        "c1,Ed,2015-01-01T00:00:00,First,0\n",
        encoding="utf-8",
    )
    texts = [features.text for features, _ in read_youtube_csv_in_date_order(path)]
    assert texts == ["First", "Second", "Third"]


def test_it_chooses_the_best_threshold_within_the_false_positive_budget():
    scored = [(0.9, True), (0.8, True), (0.7, False), (0.6, True), (0.2, False), (0.1, False)]
    assert choose_threshold(scored, max_false_positive_rate=0.0) == pytest.approx(0.75)
    assert choose_threshold(scored, max_false_positive_rate=0.34) == pytest.approx(0.4)
    result = measure(scored, 0.4)
    assert (result.precision, result.recall) == (0.75, 1.0)
    assert result.false_positive_rate == pytest.approx(1 / 3)


@pytest.mark.skipif(
    len(youtube_csv_paths()) != 5,
    reason="the YouTube Spam Collection is not in ../shared/data/spam",
)
def test_it_catches_spam_on_videos_it_was_not_trained_on():
    groups = [read_youtube_csv(path) for path in youtube_csv_paths()]
    training, test = groups[:3], groups[3] + groups[4]
    threshold = cross_validated_threshold(training)
    model = train_model([example for group in training for example in group])
    result = measure([(model.score(features), is_spam) for features, is_spam in test], threshold)
    assert result.f1 > 0.90
    assert result.false_positive_rate <= 0.03
