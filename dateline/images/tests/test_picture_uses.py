"""The library knows which stories show each image (LibraryImageUse), whoever saves a body:
the list an editor reads before deleting one, and what stops the deletion."""

import reversion
from django.db import connection
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext

from dateline.articles.services import publish_article
from dateline.images.body_pictures import figure_markup
from dateline.images.models import LibraryImage
from dateline.images.tests.base import ImagesTestCase


def stories_using(image):
    return sorted(use.article.headline for use in image.uses.select_related("article"))


class PictureUsesTestCase(ImagesTestCase):
    def setUp(self):
        super().setUp()
        self.chart = self.add_to_library("chart.png")
        self.map = self.add_to_library("map.png")

    def test_a_story_saved_with_pictures_is_listed_under_each(self):
        self.place_in_body(self.article, self.chart, self.map)
        other = self.place_in_body(self.make_article("Harvest losses"), self.chart)

        self.assertEqual(stories_using(self.chart), ["Harvest losses", "Talks resume in Strelna"])
        self.assertEqual(stories_using(self.map), ["Talks resume in Strelna"])
        self.assertEqual(self.chart.shown_in(), [self.article.pk, other.pk])

    def test_a_new_story_written_with_a_picture_is_listed(self):
        article = self.make_article("Harvest losses", body=figure_markup(self.chart))
        self.assertEqual(stories_using(self.chart), [article.headline])

    def test_a_picture_taken_out_of_the_body_no_longer_lists_the_story(self):
        self.place_in_body(self.article, self.chart, self.map)

        self.place_in_body(self.article, self.map)

        self.assertEqual(stories_using(self.chart), [])
        self.assertEqual(stories_using(self.map), ["Talks resume in Strelna"])

    def test_a_deleted_story_no_longer_uses_its_pictures(self):
        self.place_in_body(self.article, self.chart)
        self.article.delete()
        self.assertEqual(stories_using(self.chart), [])

    def test_a_figure_naming_no_image_is_not_recorded(self):
        gone = figure_markup(self.chart).replace(f'"{self.chart.pk}"', '"999999"')
        self.article.body = gone
        self.article.save()
        self.assertFalse(self.article.library_image_uses.exists())

    def test_an_image_in_use_cannot_be_deleted(self):
        self.place_in_body(self.article, self.chart)

        with self.assertRaises(ProtectedError):
            self.chart.delete()
        self.assertTrue(LibraryImage.objects.filter(pk=self.chart.pk).exists())

    def test_a_save_that_leaves_the_body_alone_does_not_look(self):
        article = self.make_article("A draft", status="draft")

        with CaptureQueriesContext(connection) as queries:
            publish_article(article)  # saves the status and time only

        self.assertEqual([q["sql"] for q in queries if "images_library" in q["sql"]], [])

    def test_restoring_an_older_revision_lists_its_pictures_again(self):
        self.place_in_body(self.article, self.chart)
        self.place_in_body(self.article, self.map)
        self.assertEqual(stories_using(self.chart), [])

        older = reversion.models.Version.objects.get_for_object(self.article)[1]
        older.revision.revert()

        self.assertEqual(stories_using(self.chart), ["Talks resume in Strelna"])
        self.assertEqual(stories_using(self.map), [])
