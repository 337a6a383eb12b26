"""The demo's stories have pictures: maps, charts and illustrations drawn by code when the
demo loads (demo/graphics.py), attached as lead images (demo/pictures.py)."""

import shutil
import tempfile
from io import StringIO

from django.core.management import call_command
from django.test import SimpleTestCase, TestCase, override_settings

from dateline.articles.models import Article
from dateline.demo.pictures import CREDIT, LIBRARY_PICTURES, PICTURES
from dateline.images.models import LeadImage, LibraryImage, LibraryImageUse


class DemoPicturesTestCase(TestCase):
    """The demo loaded once for the class, as `make demo` loads it: work queued for after
    each commit runs (the lead images' renditions), into a media folder of the class's own.
    Two rendition widths instead of three: the renditions take half the time."""

    @classmethod
    def setUpClass(cls):
        media_root = tempfile.mkdtemp(prefix="dateline-demo-media-")
        cls.addClassCleanup(shutil.rmtree, media_root, ignore_errors=True)
        cls.enterClassContext(
            override_settings(MEDIA_ROOT=media_root, IMAGES_RENDITION_WIDTHS=[480, 800])
        )
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        cls.output = cls.load()

    @classmethod
    def load(cls):
        out = StringIO()
        with cls.captureOnCommitCallbacks(execute=True):
            call_command("load_demo", stdout=out)
        return out.getvalue()

    def test_most_stories_get_a_picture_with_alt_text_caption_and_credit(self):
        stories = Article.objects.published().select_related("lead_image")
        pictured = [story.lead_image for story in stories if hasattr(story, "lead_image")]

        self.assertGreaterEqual(len(pictured), 0.7 * stories.count())
        self.assertIn(f"Pictures: {len(pictured)} added, 0 already there.", self.output)
        for lead_image in pictured:
            with self.subTest(story=lead_image.article.slug):
                self.assertGreater(len(lead_image.alt_text), 40)
                self.assertTrue(lead_image.caption)
                self.assertEqual(lead_image.credit, CREDIT)
                self.assertEqual((lead_image.width, lead_image.height), (1200, 675))

    def test_each_picture_has_its_renditions_in_storage(self):
        for lead_image in LeadImage.objects.all():
            with self.subTest(story=lead_image.article_id):
                self.assertTrue(lead_image.is_ready)
                widths = [r["width"] for r in lead_image.webp_renditions]
                self.assertEqual(widths, [480, 800])
                storage = lead_image.image.storage
                for name in lead_image.stored_names():
                    self.assertTrue(storage.exists(name), name)

    def test_running_it_again_adds_no_pictures(self):
        before = {
            (lead_image.article_id, lead_image.image.name) for lead_image in LeadImage.objects.all()
        }

        output = self.load()

        after = {
            (lead_image.article_id, lead_image.image.name) for lead_image in LeadImage.objects.all()
        }
        self.assertEqual(after, before)
        self.assertIn(f"Pictures: 0 added, {len(before)} already there.", output)

    def test_the_front_page_cards_show_the_pictures(self):
        html = self.client.get("/").content.decode()

        self.assertGreaterEqual(html.count('<picture class="card-picture">'), 10)
        lead = LeadImage.objects.filter(article__in=Article.objects.published()).first()
        self.assertIn(f'alt="{lead.alt_text}"', html.replace("&#x27;", "'"))

    def test_a_few_stories_carry_a_chart_from_the_media_library_in_their_body(self):
        uses = LibraryImageUse.objects.select_related("article", "image")
        stories = {use.article for use in uses}

        self.assertIn(
            "Library pictures: 3 added, 0 already there; 4 placed in stories.", self.output
        )
        self.assertEqual(len(stories), 3)
        self.assertEqual(
            sorted(use.article.slug for use in uses if use.image.original_filename
                   == "marivel-copper-royalty.png"),
            ["marivel-congress-passes-copper-royalty-bill",
             "marivel-ferraz-agrarian-union-coalition-deal"],
        )  # fmt: skip
        for image in LibraryImage.objects.all():
            with self.subTest(image=image.original_filename):
                self.assertTrue(image.is_ready)
                self.assertGreater(len(image.alt_text), 40)
                self.assertTrue(image.caption)
                self.assertEqual(image.credit, CREDIT)
        article = Article.objects.get(slug="hadria-record-arrivals-storm-rescues-calvera")
        html = self.client.get(article.get_absolute_url()).content.decode()
        self.assertEqual(html.count('<figure class="body-picture">'), 1)
        self.assertLess(html.index("58,400 sea arrivals"), html.index('class="body-picture"'))

    def test_running_it_again_places_no_chart_twice(self):
        bodies = dict(Article.objects.values_list("slug", "body"))

        output = self.load()

        self.assertIn("Library pictures: 0 added, 3 already there; 0 placed in stories.", output)
        self.assertEqual(dict(Article.objects.values_list("slug", "body")), bodies)
        self.assertEqual(LibraryImage.objects.count(), len(LIBRARY_PICTURES))


class DemoGraphicsTestCase(SimpleTestCase):
    def test_there_are_maps_charts_and_illustrations(self):
        kinds = {picture.kind for picture in PICTURES}
        self.assertLessEqual({"LocatorMap", "BarChart", "BallotBox", "Pylon", "Sea"}, kinds)

    def test_a_picture_is_the_same_on_every_run(self):
        one_of_each = {picture.kind: picture for picture in PICTURES}.values()
        for picture in one_of_each:
            with self.subTest(kind=picture.kind):
                self.assertEqual(picture.draw().tobytes(), picture.draw().tobytes())

    def test_pictures_of_one_kind_differ_from_story_to_story(self):
        ballot_boxes = [picture for picture in PICTURES if picture.kind == "BallotBox"]
        self.assertNotEqual(ballot_boxes[0].draw().tobytes(), ballot_boxes[1].draw().tobytes())

    def test_alt_text_says_what_the_picture_shows(self):
        alt = {picture.slug: picture.alt_text() for picture in PICTURES}

        self.assertEqual(
            alt["marivel-election-result-ferraz-short-of-majority"],
            "Bar chart: Seats won in Marivel's 150-seat Congress (seats). Democratic Renewal, "
            "61; National Action Front, 52; Agrarian Union, 17; Others, 20. A dashed line at "
            "76 marks the majority.",
        )
        self.assertEqual(
            alt["valdoria-assembly-passes-asylum-overhaul"],
            "Map of Valdoria, highlighted in red, with its capital Strelna marked. Norveth lies "
            "to the north, Tarsan lies to the east and Hadria lies to the south-east.",
        )
        self.assertIn("a stone seawall", alt["kessary-lunet-seawall-first-phase-king-tides"])
        for slug, text in alt.items():
            with self.subTest(slug=slug):
                # The admin's limit, and its advice: say what it shows, not "Photo of".
                self.assertLessEqual(len(text), LeadImage._meta.get_field("alt_text").max_length)
                self.assertFalse(text.lower().startswith(("photo", "image", "picture")))
