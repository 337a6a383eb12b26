"""Stories: articles on one developing story are grouped as they are published, readers
get "More on this story" and a page per story, and editors' decisions stick."""

from datetime import timedelta

from django.urls import reverse
from django.utils.timezone import now

from dateline.articles.services import unpublish_article
from dateline.related import scoring, stories
from dateline.related.models import (
    RelatedLink,
    Story,
    StoryExclusion,
    StoryMember,
    StoryNeighbour,
)
from dateline.related.rebuild import rebuild
from dateline.related.tests.test_related_block import RelatedTestCase
from dateline.test import make_staff

# Two floods of the same kind, in different places, with different people: two stories.
KESSARIN = (
    "<p>Flood water rose through Kessarin overnight after the Valka river burst its banks. "
    "Mayor Oren Talvik ordered the Kessarin old town evacuated and the Valka bridges closed. "
    "Rescue teams from Strelna reached Kessarin by boat; the Valka crest is expected "
    "tomorrow, Talvik said.</p>"
)
PUERTO = (
    "<p>Flood water covered the port district of Puerto Alvo after the Rio Seco burst its "
    "banks. Prime Minister Lucia Ferraz visited Puerto Alvo shelters and said the Rio Seco "
    "dykes will be rebuilt. Ferraz asked Marivel's army to help clear Puerto Alvo streets.</p>"
)
SEAWALL = (
    "<p>Fishermen in Lunet harbour watched the new seawall hold back king tides. The seawall "
    "protects the harbour district, and the harbour master praised the seawall builders.</p>"
)


class StoriesTestCase(RelatedTestCase):
    def kessarin(self, headline, days_ago=0):
        return self.publish(
            headline, KESSARIN + f"<p>{headline}.</p>",
            published_at=now() - timedelta(days=days_ago, hours=1),
        )  # fmt: skip

    def puerto(self, headline, days_ago=0):
        return self.publish(
            headline, PUERTO + f"<p>{headline}.</p>",
            published_at=now() - timedelta(days=days_ago, hours=1),
        )  # fmt: skip

    def story_of(self, article):
        member = StoryMember.objects.filter(article=article).first()
        return member.story if member else None

    def three_kessarin(self):
        return [
            self.kessarin("Valka floods Kessarin old town", days_ago=3),
            self.kessarin("Kessarin evacuates as the Valka rises", days_ago=2),
            self.kessarin("Talvik: Kessarin bridges stay shut", days_ago=1),
        ]


class GroupingTestCase(StoriesTestCase):
    def test_articles_on_one_event_form_a_story_and_others_stay_out(self):
        first, second, third = self.three_kessarin()
        other = self.publish("Lunet seawall holds", SEAWALL)
        story = self.story_of(first)
        self.assertIsNotNone(story)
        self.assertEqual(self.story_of(second), story)
        self.assertEqual(self.story_of(third), story)
        self.assertIsNone(self.story_of(other))
        self.assertEqual(story.name, "Valka floods Kessarin old town")  # its first headline

    def test_two_events_of_the_same_kind_are_two_stories(self):
        kessarin = self.three_kessarin()
        puerto = [
            self.puerto("Rio Seco floods Puerto Alvo", 2),
            self.puerto("Ferraz visits shelters", 1),
        ]
        self.assertNotEqual(self.story_of(kessarin[0]), self.story_of(puerto[0]))
        self.assertEqual(self.story_of(puerto[0]), self.story_of(puerto[1]))

    def test_an_unpublished_article_leaves_its_story(self):
        first, second, third = self.three_kessarin()
        with self.captureOnCommitCallbacks(execute=True):
            unpublish_article(third)
        self.assertIsNone(self.story_of(third))
        self.assertEqual(self.story_of(first), self.story_of(second))

    def test_a_rebuild_finds_the_same_stories(self):
        first, second, third = self.three_kessarin()
        story = self.story_of(first)
        rebuild(lambda *args: None, restart=True)
        self.assertEqual({self.story_of(a) for a in (first, second, third)}, {story})

    def test_a_new_article_of_a_story_enters_the_lists_of_the_others(self):
        first, second, third = self.three_kessarin()
        for older in (first, second):
            self.assertEqual(self.related_ids(older)[0], third.pk)

    def test_the_related_block_takes_the_story_first(self):
        first, second, third = self.three_kessarin()
        related = list(
            RelatedLink.objects.filter(article=third)
            .order_by("position")
            .values_list("related_id", flat=True)
        )
        self.assertEqual(set(related[:2]), {first.pk, second.pk})

    def test_a_publish_mends_a_wrong_grouping_in_its_neighbourhood(self):
        first, second = self.three_kessarin()[:2]
        stray = self.puerto("Rio Seco floods Puerto Alvo")
        story = self.story_of(first)
        # As an early publish might have left it, with too little to tell the floods apart.
        StoryMember.objects.filter(article=stray).delete()
        StoryMember.objects.create(article=stray, story=story)
        later = self.kessarin("Valka crest passes Kessarin")
        self.assertEqual(self.story_of(later), story)
        self.assertEqual(self.story_of(second), story)
        self.assertNotEqual(self.story_of(stray), story)

    def test_each_article_keeps_its_nearest_and_enters_theirs(self):
        first, second, third = self.three_kessarin()
        nearest_first = set(
            StoryNeighbour.objects.filter(article=first).values_list("other_id", flat=True)
        )
        self.assertEqual(nearest_first, {second.pk, third.pk})  # both came after it


class AverageLinkTestCase(RelatedTestCase):
    def test_groups_merge_while_their_average_similarity_holds(self):
        edges = {(1, 2): 0.5, (2, 3): 0.4, (1, 3): 0.3, (3, 4): 0.25, (5, 6): 0.05}
        groups = scoring.cluster_stories(edges, threshold=0.2)
        # 4 joins {1, 2, 3} only if its average with all three is >= 0.2: 0.25 / 3 is not.
        self.assertEqual(sorted(map(sorted, groups)), [[1, 2, 3]])

    def test_a_long_running_story_keeps_taking_new_articles(self):
        # A story of 40; a new article measured against its 8 nearest, all in the story.
        story = {(a, b): 0.9 for a in range(1, 41) for b in range(a + 1, 41)}
        newcomer = {(member, 100): 0.3 for member in range(1, 9)}
        groups = scoring.cluster_stories(story | newcomer, threshold=0.16)
        # Over all 40 pairs its average would be 0.06; over the pairs it was measured with
        # (at most STORY_PAIRS_PER_MEMBER), 0.24.
        self.assertEqual(groups, [set(range(1, 41)) | {100}])

    def test_names_are_capitalised_words_that_do_not_start_a_sentence(self):
        doc = scoring.Doc(
            id=1, headline="", dek="", body="Rescue teams met Oren Talvik. Water rose."
        )
        self.assertEqual(set(scoring.entity_counts(doc)), {"oren", "talvik"})


class ReaderTestCase(StoriesTestCase):
    def test_more_on_this_story_shows_the_others_in_order_with_the_latest_marked(self):
        first, second, third = self.three_kessarin()
        html = self.client.get(second.get_absolute_url()).content.decode()
        block = html[
            html.index('class="story-block"') : html.index(
                "</aside>", html.index('class="story-block"')
            )
        ]
        self.assertLess(block.index(first.headline), block.index(third.headline))
        self.assertNotIn(second.headline, block)
        self.assertIn("Latest", block[block.index(third.headline) :])
        self.assertIn(self.story_of(first).get_absolute_url(), block)

    def test_the_block_is_one_query_and_leaves_out_what_is_not_due_yet(self):
        first, second, third = self.three_kessarin()
        story = self.story_of(first)
        later = self.make_article(
            "Kessarin rebuilds the Valka bridges", published_at=now() + timedelta(days=1)
        )
        stories.put_in(story, later)
        with self.assertNumQueries(1):
            block = stories.block_for(second)
        self.assertEqual(block["story"], story)
        self.assertEqual([article for article, _ in block["entries"]], [first, third])

    def test_an_article_in_no_story_has_no_block(self):
        other = self.publish("Lunet seawall holds", SEAWALL)
        self.assertNotContains(self.client.get(other.get_absolute_url()), "More on this story")

    def test_the_story_page_lists_every_article_newest_first_with_its_feed(self):
        first, second, third = self.three_kessarin()
        page = self.client.get(self.story_of(first).get_absolute_url())
        text = page.content.decode()
        text = text[text.index('<ol class="article-list') :]
        self.assertLess(text.index(third.headline), text.index(first.headline))
        feed = self.client.get(reverse("feeds:story-rss", args=[self.story_of(first).slug]))
        self.assertContains(feed, first.headline)
        sitemap = self.client.get("/sitemap-stories.xml")
        self.assertContains(sitemap, self.story_of(first).get_absolute_url())

    def test_the_story_feed_drops_an_article_an_editor_takes_out(self):
        first, second, third = self.three_kessarin()
        story = self.story_of(first)
        url = reverse("feeds:story-rss", args=[story.slug])
        before = self.client.get(url)
        self.assertContains(before, second.headline)

        with self.captureOnCommitCallbacks(execute=True):
            stories.take_out(story, second)
        # A feed reader or cache revalidating with its ETag gets the new feed, not a 304.
        again = self.client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
        self.assertEqual(again.status_code, 200)
        self.assertNotContains(again, second.headline)
        self.assertContains(again, third.headline)

        with self.captureOnCommitCallbacks(execute=True):
            stories.rename(story, "The Valka floods")
        renamed = self.client.get(url, HTTP_IF_NONE_MATCH=again["ETag"])
        self.assertContains(renamed, "The Valka floods")
        self.assertEqual(self.client.get(url, HTTP_IF_NONE_MATCH=renamed["ETag"]).status_code, 304)


class EditorsTestCase(StoriesTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(make_staff("edna", "Editors"))

    def test_a_new_name_sticks_through_a_rebuild(self):
        first, *_ = self.three_kessarin()
        story = self.story_of(first)
        stories.rename(story, "The Valka floods")
        rebuild(lambda *args: None, restart=True)
        self.assertEqual(self.story_of(first).name, "The Valka floods")

    def test_an_article_taken_out_stays_out_and_one_put_in_stays_in(self):
        first, second, third = self.three_kessarin()
        other = self.publish("Lunet seawall holds", SEAWALL)
        story = self.story_of(first)
        stories.take_out(story, third)
        stories.put_in(story, other)
        rebuild(lambda *args: None, restart=True)
        self.assertNotEqual(self.story_of(third), story)
        self.assertEqual(self.story_of(other), story)
        self.assertTrue(StoryExclusion.objects.filter(article=third, story=story).exists())

    def test_merging_and_splitting_in_the_admin(self):
        kessarin = self.three_kessarin()
        puerto = [
            self.puerto("Rio Seco floods Puerto Alvo", 2),
            self.puerto("Ferraz visits shelters", 1),
        ]
        a, b = self.story_of(kessarin[0]), self.story_of(puerto[0])
        self.client.post(
            reverse("admin:related_story_changelist"),
            {"action": "merge_selected", "_selected_action": [a.pk, b.pk]},
        )
        merged = self.story_of(puerto[1])
        self.assertEqual(merged, self.story_of(kessarin[0]))
        self.assertEqual(Story.objects.count(), 1)

        leaving = StoryMember.objects.filter(article__in=puerto)
        response = self.client.post(
            reverse("admin:related_storymember_changelist"),
            {"action": "split_off", "_selected_action": [m.pk for m in leaving],
             "name": "The Rio Seco floods"},
        )  # fmt: skip
        self.assertEqual(response.status_code, 302)
        split = self.story_of(puerto[0])
        self.assertEqual(split.name, "The Rio Seco floods")
        self.assertEqual(self.story_of(puerto[1]), split)
        rebuild(lambda *args: None, restart=True)
        self.assertEqual(self.story_of(puerto[0]), split)
        self.assertNotEqual(self.story_of(kessarin[0]), split)

    def test_renaming_in_the_admin_marks_it_the_editors(self):
        first, *_ = self.three_kessarin()
        story = self.story_of(first)
        response = self.client.post(
            reverse("admin:related_story_change", args=[story.pk]),
            {
                "name": "The Valka floods",
                "members-TOTAL_FORMS": "0", "members-INITIAL_FORMS": "0",
                "members-MIN_NUM_FORMS": "0", "members-MAX_NUM_FORMS": "1000",
            },
        )  # fmt: skip
        self.assertEqual(response.status_code, 302)
        story.refresh_from_db()
        self.assertTrue(story.named_by_editor)


class ApiTestCase(StoriesTestCase):
    def test_the_api_gives_an_articles_story_and_the_story_its_timeline(self):
        first, second, third = self.three_kessarin()
        answer = self.client.get(f"/api/v1/articles/{second.pk}/").json()
        story = self.story_of(first)
        self.assertEqual(answer["story"]["slug"], story.slug)
        timeline = self.client.get(answer["story"]["api_url"]).json()
        self.assertEqual([a["id"] for a in timeline["articles"]], [first.pk, second.pk, third.pk])
        other = self.publish("Lunet seawall holds", SEAWALL)
        self.assertIsNone(self.client.get(f"/api/v1/articles/{other.pk}/").json()["story"])
        self.assertEqual(self.client.get("/api/v1/stories/no-such-story/").status_code, 404)
