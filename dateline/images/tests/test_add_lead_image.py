"""`services.add_lead_image`: a lead image from a file that is not an upload (the demo's
pictures), held to the admin's rules and given the admin's renditions."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from dateline.images.models import LeadImage
from dateline.images.services import add_lead_image
from dateline.images.tests.base import ImagesTestCase, image_bytes


class AddLeadImageTestCase(ImagesTestCase):
    def add(self, data, name="map-of-valdoria.png", **fields):
        fields = {"alt_text": "Map of Valdoria", "credit": "Dateline graphic", **fields}
        with self.captureOnCommitCallbacks(execute=True):
            return add_lead_image(self.article, ContentFile(data, name=name), **fields)

    def test_it_saves_the_picture_and_makes_its_renditions(self):
        self.add(image_bytes(1200, 675, image_format="PNG"), caption="Valdoria and its neighbours.")

        lead_image = LeadImage.objects.get(article=self.article)
        self.assertEqual((lead_image.width, lead_image.height), (1200, 675))
        self.assertEqual(lead_image.caption, "Valdoria and its neighbours.")
        self.assertTrue(lead_image.is_ready)
        self.assertEqual([r["width"] for r in lead_image.webp_renditions], [480, 800, 1200])
        self.assertEqual(self.stored_files(), set(lead_image.stored_names()))
        self.assertTrue(lead_image.image.name.endswith("/map-of-valdoria.png"))

    def test_it_refuses_a_picture_the_admin_would_refuse(self):
        with self.assertRaises(ValidationError) as refused:
            self.add(image_bytes(300, 200, image_format="PNG"))
        self.assertEqual(refused.exception.code, "too_narrow")
        self.assertFalse(LeadImage.objects.exists())
        self.assertEqual(self.stored_files(), set())

    def test_it_refuses_alt_text_longer_than_the_admin_allows(self):
        with self.assertRaises(ValidationError) as refused:
            self.add(image_bytes(800, 450, image_format="PNG"), alt_text="A map " * 50)
        self.assertIn("alt_text", refused.exception.message_dict)
        self.assertEqual(self.stored_files(), set())

    def test_it_refuses_a_second_lead_image_for_the_same_story(self):
        self.add(image_bytes(800, 450, image_format="PNG"))
        before = self.stored_files()

        with self.assertRaises(ValidationError):
            self.add(image_bytes(900, 500, image_format="PNG"), name="another.png")

        self.assertEqual(LeadImage.objects.filter(article=self.article).count(), 1)
        self.assertEqual(self.stored_files(), before)
