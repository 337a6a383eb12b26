import re
from datetime import UTC, datetime, timedelta
from unittest.mock import patch

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import now

from dateline.articles.models import Article
from dateline.articles.services import publish_article, record_update, unpublish_article
from dateline.newsroom.tests.base import clock_at
from dateline.related import scoring, services
from dateline.related.models import (
    ArticleTerm,
    RelatedChoice,
    RelatedIndexState,
    RelatedLink,
    TermStatistic,
)
from dateline.related.rebuild import rebuild
from dateline.test import BaseTestCase

PIPELINE = (
    "<p>Engineers inspected the Ardak gas pipeline after the sabotage attempt at the pumping "
    "station. Pipeline operators said gas flows to Valdoria resumed and the pumping station "
    "was guarded. The pipeline consortium estimated repair costs.</p>"
)
HARBOUR = (
    "<p>Fishermen in Lunet harbour watched the new seawall hold back king tides. The seawall "
    "protects the harbour district, and the harbour master praised the seawall builders.</p>"
)


class RelatedTestCase(BaseTestCase):
    def publish(self, headline, body, **fields):
        with self.captureOnCommitCallbacks(execute=True):
            return self.make_article(headline, body=body, **fields)

    def block(self, article):
        html = self.client.get(article.get_absolute_url()).content.decode()
        start = html.find('<aside class="related"')
        return html[start : html.find("</aside>", start)] if start >= 0 else ""

    def related_ids(self, article):
        return list(RelatedLink.objects.filter(article=article).values_list("related", flat=True))


class RelatedBlockTestCase(RelatedTestCase):
    def test_it_shows_kicker_title_updated_line_and_excerpt(self):
        older = self.publish(
            "Pipeline sabotage attempt foiled at Ardak pumping station",
            PIPELINE,
            dek="Security forces found explosives near a compressor east of Ardak and arrested "
            "three people on Tuesday night, officials in the capital said.",
            published_at=datetime(2019, 3, 6, 10, 0, tzinfo=UTC),
            updated_at=datetime(2019, 3, 7, 6, 37, tzinfo=UTC),
        )
        article = self.publish("Pipeline repairs begin at Ardak pumping station", PIPELINE)

        block = self.block(article)

        self.assertIn('<h2 id="related-title" class="section-title">You May Also Like</h2>', block)
        self.assertIn('<a href="/news/world/">World</a>', block)
        self.assertIn(f'<a href="{older.get_absolute_url()}">{older.headline}</a>', block)
        self.assertIn("This post was last updated on", block)
        self.assertIn("March 7th, 2019 at 06:37 am", block)
        excerpt = re.search(r'<p class="excerpt">([^<]*)</p>', block).group(1)
        self.assertTrue(excerpt.endswith("..."))
        self.assertLessEqual(len(excerpt.split()), 21)
        self.assertTrue(excerpt.startswith("Security forces found explosives"))

    def test_it_leaves_out_the_article_itself_drafts_and_future_stories(self):
        article = self.publish("Pipeline repairs begin", PIPELINE)
        with self.captureOnCommitCallbacks(execute=True):
            self.make_article("Pipeline draft", body=PIPELINE, status=Article.Status.DRAFT)
        self.publish("Pipeline tomorrow", PIPELINE, published_at=now() + timedelta(days=1))
        live = self.publish("Pipeline guarded", PIPELINE + "<p>Extra guards arrived.</p>")

        block = self.block(article)

        self.assertIn("Pipeline guarded", block)
        self.assertNotIn("Pipeline draft", block)
        self.assertNotIn("Pipeline tomorrow", block)
        self.assertNotIn(f'href="{article.get_absolute_url()}"', block)
        self.assertIn(live.pk, self.related_ids(article))

    def test_it_prefers_the_story_it_is_about(self):
        harbour = self.publish("Lunet seawall holds king tides", HARBOUR)
        pipeline = self.publish("Ardak pipeline sabotage foiled", PIPELINE)
        article = self.publish("Ardak pipeline repairs start", PIPELINE)
        self.assertEqual(self.related_ids(article)[0], pipeline.pk)
        self.assertIn(harbour.pk, self.related_ids(article))  # only as a topic fallback
        reason = RelatedLink.objects.get(article=article, related=harbour).reason
        self.assertEqual(reason, "latest-in-topic")

    def test_serving_the_block_is_one_query(self):
        for n in range(4):
            self.publish(f"Pipeline story {n}", PIPELINE + f"<p>Detail {n}.</p>")
        article = Article.objects.latest("pk")
        with CaptureQueriesContext(connection) as queries:
            list(RelatedLink.objects.for_block(article))
        self.assertEqual(len(queries), 1)


class IncrementalUpdateTestCase(RelatedTestCase):
    def test_publishing_puts_the_new_story_into_existing_lists(self):
        first = self.publish("Ardak pipeline sabotage foiled", PIPELINE)
        self.publish("Lunet seawall holds", HARBOUR)
        before = self.related_ids(first)

        newer = self.publish("Ardak pipeline repairs begin", PIPELINE + "<p>Welders came.</p>")

        self.assertNotIn(newer.pk, before)
        self.assertEqual(self.related_ids(first)[0], newer.pk)

    def test_unpublishing_removes_the_story_from_every_list(self):
        first = self.publish("Ardak pipeline sabotage foiled", PIPELINE)
        second = self.publish("Ardak pipeline repairs begin", PIPELINE + "<p>Welders.</p>")
        self.assertIn(second.pk, self.related_ids(first))

        with self.captureOnCommitCallbacks(execute=True):
            unpublish_article(second)

        self.assertNotIn(second.pk, self.related_ids(first))
        self.assertFalse(RelatedLink.objects.filter(article=second).exists())
        self.assertNotIn("Ardak pipeline repairs begin", self.block(first))

    def test_an_update_recomputes_the_list(self):
        article = self.publish("Lunet seawall holds", HARBOUR)
        pipeline = self.publish("Ardak pipeline sabotage foiled", PIPELINE)
        article.body = PIPELINE
        article.save()
        with self.captureOnCommitCallbacks(execute=True):
            record_update(article)
        self.assertEqual(self.related_ids(article)[0], pipeline.pk)
        self.assertEqual(
            RelatedLink.objects.get(article=article, related=pipeline).reason, "similar"
        )


class LargeSiteTestCase(RelatedTestCase):
    """On a large site candidates come only through rarer terms (a word in thousands of
    articles would pair each story with all of them), then are scored on whole signatures.
    Patched here so that a term in more than half of five articles counts as common."""

    def signature(self, article):
        return dict(ArticleTerm.objects.filter(article=article).values_list("term", "weight"))

    @patch.object(scoring, "CANDIDATE_TERM_MIN_ARTICLES", 0)
    @patch.object(scoring, "CANDIDATE_TERM_SHARE", 0.5)
    def test_stories_sharing_only_common_words_are_not_candidates(self):
        council = "<p>The city council voted on the budget.</p>"
        first = self.publish("Ardak pipeline sabotage foiled", PIPELINE + council)
        second = self.publish("Ardak pipeline repairs begin", PIPELINE + "<p>Welders.</p>")
        for number in range(3):
            self.publish(f"Lunet seawall {number}", HARBOUR + council)

        candidates = dict(services.similar_articles(first.pk))

        self.assertEqual(list(candidates), [second.pk])
        self.assertAlmostEqual(
            candidates[second.pk],
            scoring.similarity(self.signature(first), self.signature(second)),
            places=6,
        )


class EditorChoicesTestCase(RelatedTestCase):
    def test_pins_come_first_and_excludes_stay_out(self):
        article = self.publish("Ardak pipeline repairs begin", PIPELINE)
        twin = self.publish("Ardak pipeline sabotage foiled", PIPELINE + "<p>Arrests.</p>")
        harbour = self.publish("Lunet seawall holds", HARBOUR)
        RelatedChoice.objects.create(article=article, other=harbour, kind="pin")
        RelatedChoice.objects.create(article=article, other=twin, kind="exclude")

        with self.captureOnCommitCallbacks(execute=True):
            publish_article(article)

        ids = self.related_ids(article)
        self.assertEqual(ids[0], harbour.pk)
        self.assertNotIn(twin.pk, ids)
        self.assertEqual(RelatedLink.objects.get(article=article, related=harbour).reason, "pinned")

    def test_the_admin_offers_pins_and_excludes_on_the_article_form(self):
        article = self.publish("Ardak pipeline repairs begin", PIPELINE)
        self.client.force_login(self.alice)
        r = self.client.get(f"/admin/articles/article/{article.pk}/change/")
        self.assertContains(r, "You May Also Like: pinned and excluded stories")
        self.assertContains(r, "Keep out of the block")


class RebuildTestCase(RelatedTestCase):
    def test_a_rebuild_gives_every_live_article_a_list(self):
        with self.captureOnCommitCallbacks(execute=False):
            a = self.make_article("Ardak pipeline sabotage foiled", body=PIPELINE)
            b = self.make_article("Ardak pipeline repairs begin", body=PIPELINE + "<p>W.</p>")
            c = self.make_article("Lunet seawall holds", body=HARBOUR)
        self.assertFalse(RelatedLink.objects.exists())
        reports = []

        rebuild(lambda *args: reports.append(args))

        self.assertEqual(self.related_ids(a)[0], b.pk)
        self.assertEqual(self.related_ids(b)[0], a.pk)
        self.assertTrue(self.related_ids(c))
        # Names are counted with the terms: no second pass over the articles.
        self.assertEqual({r[0] for r in reports}, {"Counting terms", "Signing articles",
                          "Grouping stories", "Computing lists"})  # fmt: skip

    def test_a_scheduled_story_goes_live_with_its_list_and_shows_nowhere_before(self):
        at = now() + timedelta(hours=6)
        with self.captureOnCommitCallbacks(execute=False):
            foiled = self.make_article("Ardak pipeline sabotage foiled", body=PIPELINE)
            repairs = self.make_article("Ardak pipeline repairs begin", body=PIPELINE + "<p>W.</p>")
            reopens = self.make_article(
                "Ardak pipeline reopens at dawn",
                body=PIPELINE + "<p>Gas flows again.</p>",
                published_at=at,
            )

        rebuild(lambda *args: None)

        self.assertEqual(set(self.related_ids(reopens)), {foiled.pk, repairs.pk})
        for article in (foiled, repairs):
            self.assertIn("Ardak pipeline", self.block(article))
            self.assertNotIn("Ardak pipeline reopens at dawn", self.block(article))
        with clock_at(at + timedelta(minutes=1)):
            block = self.block(reopens)
            for article in (foiled, repairs):
                self.assertIn(f'<a href="{article.get_absolute_url()}">', block)
                self.assertIn(
                    reopens, [link.related for link in RelatedLink.objects.for_block(article)]
                )

    @patch("dateline.related.rebuild.BATCH", 1)
    def test_an_interrupted_rebuild_carries_on_and_a_publish_then_finds_its_story(self):
        with self.captureOnCommitCallbacks(execute=False):
            a = self.make_article("Ardak pipeline sabotage foiled", body=PIPELINE)
            self.make_article("Lunet seawall holds", body=HARBOUR)
            self.make_article("Lunet harbour dredged", body=HARBOUR + "<p>Dredgers.</p>")

        def stop_while_signing(label, done, total, elapsed):
            if label == "Signing articles" and done < total:
                raise KeyboardInterrupt

        with self.assertRaises(KeyboardInterrupt):
            rebuild(stop_while_signing)
        self.assertFalse(RelatedLink.objects.exists())
        rebuild(lambda *args: None)

        self.assertEqual(
            set(ArticleTerm.objects.values_list("article", flat=True)),
            set(Article.objects.values_list("pk", flat=True)),
        )
        self.assertTrue(all(self.related_ids(x) for x in Article.objects.all()))
        newer = self.publish(
            "Welders start Ardak pipeline repairs",
            "<p>Welders from the consortium began replacing the damaged pipeline section near "
            "the Ardak pumping station, where gas flows resumed last week.</p>",
        )
        self.assertEqual(self.related_ids(newer)[0], a.pk)

    def test_lists_from_the_signatures_just_signed_match_lists_read_back(self):
        with self.captureOnCommitCallbacks(execute=False):
            for number, body in enumerate([PIPELINE, HARBOUR, PIPELINE + HARBOUR] * 2):
                self.make_article(f"Story {number}: Ardak, Lunet and the sea", body=body)

        def lists():
            return sorted(
                (link.article_id, link.position, link.related_id, round(link.score, 6))
                for link in RelatedLink.objects.all()
            )

        rebuild(lambda *args: None)  # one run: the lists come from the matrix it signed
        in_one_run = lists()
        RelatedLink.objects.all().delete()
        state = RelatedIndexState.get()
        state.phase = RelatedIndexState.Phase.LISTS  # as if stopped after signing
        state.save()
        rebuild(lambda *args: None)  # resumed: the lists come from the stored signatures
        self.assertEqual(lists(), in_one_run)
        self.assertEqual(len({link[0] for link in in_one_run}), 6)

    @patch.object(scoring, "SIGNATURE_TERMS", 5)  # cut, with ties broken the same way
    def test_a_rebuild_signs_articles_as_a_publish_would(self):
        with self.captureOnCommitCallbacks(execute=False):
            for number, body in enumerate([PIPELINE, HARBOUR, PIPELINE + HARBOUR]):
                self.make_article(f"Story {number}: Ardak, Lunet and the sea", body=body)

        rebuild(lambda *args: None)

        frequencies = dict(TermStatistic.objects.values_list("term", "documents"))
        for article in Article.objects.all():
            expected = scoring.signature(
                scoring.term_counts(services.doc_for(article)), frequencies, 3
            )
            stored = dict(ArticleTerm.objects.filter(article=article).values_list("term", "weight"))
            self.assertEqual(set(stored), set(expected))
            for term, weight in expected.items():
                self.assertAlmostEqual(stored[term], weight, places=9)
