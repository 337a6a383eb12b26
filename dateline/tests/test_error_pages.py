from django.test import RequestFactory, SimpleTestCase
from django.views.defaults import server_error

from dateline.test import BaseTestCase


class NotFoundPageTestCase(BaseTestCase):
    def test_it_is_in_the_site_design(self):
        r = self.client.get("/no/such/page/")
        self.assertEqual(r.status_code, 404)
        self.assertContains(r, "We can't find that page", status_code=404)
        self.assertContains(r, 'class="site-name"', status_code=404)
        self.assertContains(r, "Skip to main content", status_code=404)


class ServerErrorPageTestCase(SimpleTestCase):
    def test_it_is_in_the_site_design_without_touching_the_database(self):
        # Django renders 500.html with no context processors: it must stand on its own.
        r = server_error(RequestFactory().get("/"))
        html = r.content.decode()
        self.assertEqual(r.status_code, 500)
        self.assertIn("Something went wrong on our side", html)
        self.assertIn('class="site-name"', html)
        self.assertIn("Dateline", html)
