from datetime import UTC, datetime, timedelta

from django.test import SimpleTestCase

from dateline.related import scoring
from dateline.related.scoring import Candidate, Doc

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def doc(pk, headline="", body="", topics=(1,), days_ago=0):
    return Doc(
        id=pk, headline=headline, dek="", body=body, topic_ids=frozenset(topics),
        primary_topic_id=topics[0] if topics else None,
        published_at=NOW - timedelta(days=days_ago),
    )  # fmt: skip


def sig(*terms):
    weight = 1 / len(terms) ** 0.5
    return dict.fromkeys(terms, weight)


class TokensTestCase(SimpleTestCase):
    def test_it_drops_stopwords_and_short_words_and_folds_plurals(self):
        self.assertEqual(
            list(scoring.tokens("The talks in Strelna are about pipelines, not ports")),
            ["talk", "strelna", "pipeline", "port"],
        )

    def test_headline_words_count_more_than_body_words(self):
        counts = scoring.term_counts(doc(1, headline="Pipeline", body="harbour"))
        self.assertGreater(counts["pipeline"], counts["harbour"])


class SignatureTestCase(SimpleTestCase):
    def test_it_keeps_the_strongest_terms_normalised(self):
        counts = {"pipeline": 5.0, "gas": 3.0, "the": 50.0, "rare": 1.0}
        frequencies = {"pipeline": 2, "gas": 10, "the": 99, "rare": 1}
        signature = scoring.signature(counts, frequencies, documents=100, size=2)

        # "the" is in more than half the articles: no weight; "rare" is weaker than "gas".
        self.assertEqual(set(signature), {"pipeline", "gas"})
        self.assertGreater(signature["pipeline"], signature["gas"])
        self.assertAlmostEqual(sum(w * w for w in signature.values()), 1.0)

    def test_sublinear_tf_tempers_repetition(self):
        frequencies = {"gas": 1, "grid": 1}
        signature = scoring.signature({"gas": 100.0, "grid": 1.0}, frequencies, documents=10)
        self.assertLess(signature["gas"] / signature["grid"], 10)

    def test_a_rebuild_signs_an_article_as_a_publish_does(self):
        counts = scoring.term_counts(doc(1, "Ferry fares rise", "Ferry fares and port fees."))
        frequencies = {"ferry": 3, "fare": 40, "port": 80, "rise": 20}

        self.assertEqual(
            scoring.weigh(counts, *scoring.idf_table(frequencies, 100)),
            scoring.signature(counts, frequencies, 100),
        )


class ScoreTestCase(SimpleTestCase):
    def test_a_fresh_story_beats_an_equally_similar_old_one(self):
        source = doc(1)
        fresh, old = doc(2, days_ago=3), doc(3, days_ago=700)
        self.assertGreater(scoring.score(source, fresh, 0.5), scoring.score(source, old, 0.5))

    def test_shared_topics_raise_the_score(self):
        source = doc(1, topics=(1, 2))
        same = doc(2, topics=(1, 2))
        other = doc(3, topics=(3,))
        self.assertGreater(scoring.score(source, same, 0.5), scoring.score(source, other, 0.5))

    def test_text_similarity_dominates(self):
        source = doc(1)
        self.assertGreater(
            scoring.score(source, doc(2, days_ago=300, topics=(9,)), 0.6),
            scoring.score(source, doc(3, days_ago=0), 0.2),
        )


class ChooseRelatedTestCase(SimpleTestCase):
    def choose(self, candidates, **kwargs):
        kwargs.setdefault("limit", 3)
        return [pk for pk, _, _ in scoring.choose_related(doc(1), candidates, **kwargs)]

    def test_it_ranks_by_score_and_stops_at_the_limit(self):
        candidates = [Candidate(doc(pk), sig(f"t{pk}"), sim) for pk, sim in
                      [(2, 0.2), (3, 0.5), (4, 0.3), (5, 0.4)]]  # fmt: skip
        self.assertEqual(self.choose(candidates), [3, 5, 4])

    def test_it_never_includes_the_article_itself_or_near_duplicates_of_it(self):
        candidates = [
            Candidate(doc(1), sig("a"), 0.99),
            Candidate(doc(2), sig("b"), 0.95),  # the same story again
            Candidate(doc(3), sig("c"), 0.4),
        ]
        self.assertEqual(self.choose(candidates), [3])

    def test_it_never_shows_two_near_duplicates_of_each_other(self):
        twin = sig("pipeline", "sabotage", "ardak")
        candidates = [
            Candidate(doc(2), twin, 0.5),
            Candidate(doc(3), dict(twin), 0.45),
            Candidate(doc(4), sig("harbour"), 0.3),
        ]
        self.assertEqual(self.choose(candidates), [2, 4])

    def test_pins_come_first_and_excludes_never_appear(self):
        candidates = [Candidate(doc(pk), sig(f"t{pk}"), 0.5 - pk / 100) for pk in (2, 3, 4)]
        chosen = self.choose(candidates, pinned=[9], excluded={2})
        self.assertEqual(chosen, [9, 3, 4])

    def test_it_falls_back_to_the_latest_in_the_topic(self):
        candidates = [Candidate(doc(2), sig("a"), 0.5), Candidate(doc(3), sig("b"), 0.01)]
        result = scoring.choose_related(doc(1), candidates, limit=3, fallback=[1, 7, 2, 8])
        self.assertEqual(
            [(pk, reason) for pk, _, reason in result],
            [(2, "similar"), (7, "latest-in-topic"), (8, "latest-in-topic")],
        )
