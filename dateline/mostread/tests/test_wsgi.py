"""Beacons answered in front of Django (dateline/mostread/wsgi.py): the same answer and the
same counting as the view; the beacon that is to write the counts, and every other
address, go to Django."""

from dateline.mostread.services import flush_counts
from dateline.mostread.tests.base import BROWSER, MostReadTestCase, views_of
from dateline.mostread.wsgi import BeaconApp


class Django:
    """Stands in for Django's handler: records what reached it."""

    def __init__(self):
        self.paths = []

    def __call__(self, environ, start_response):
        self.paths.append(environ["PATH_INFO"])
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"answered by Django"]


class BeaconAppTestCase(MostReadTestCase):
    def setUp(self):
        super().setUp()
        self.article = self.make_article("Harbour talks resume")
        self.address = f"/mostread/view/{self.article.pk}/"
        self.django = Django()
        self.app = BeaconApp(self.django)

    def call(self, path, method="POST", user_agent=BROWSER, **environ):
        environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "SCRIPT_NAME": "",
                   "HTTP_USER_AGENT": user_agent, **environ}  # fmt: skip
        started = []
        body = b"".join(self.app(environ, lambda status, headers: started.append(status)))
        return started[0], body

    def test_a_beacon_is_answered_and_counted_without_django(self):
        self.assertEqual(self.call(self.address), ("204 No Content", b""))

        self.assertEqual(self.django.paths, [])
        self.assertEqual(flush_counts(), 1)
        self.assertEqual(views_of(self.article), 1)

    def test_a_robot_a_get_and_another_sites_beacon_are_answered_and_not_counted(self):
        for answer in (
            self.call(self.address, user_agent="Mozilla/5.0 (compatible; Googlebot/2.1)"),
            self.call(self.address, method="GET"),
            self.call(self.address, HTTP_SEC_FETCH_SITE="cross-site"),
        ):
            self.assertEqual(answer, ("204 No Content", b""))

        self.assertEqual(self.django.paths, [])
        self.assertEqual(flush_counts(), 0)

    def test_every_other_address_goes_to_django(self):
        others = [
            "/mostread/view/abc/",
            f"/mostread/view/{self.article.pk}",
            "/mostread/view/١٢/",  # digits, but not the ones the address takes
            f"/mostread/view/{self.article.pk}/more/",
            self.article.get_absolute_url(),
        ]
        for path in others:
            self.assertEqual(self.call(path)[0], "404 Not Found")

        self.assertEqual(self.django.paths, others)
        self.assertEqual(flush_counts(), 0)

    def test_the_beacon_that_finds_the_flush_due_goes_to_django_to_write(self):
        with self.settings(MOST_READ_FLUSH_SECONDS=0):
            self.call(self.address)

        self.assertEqual(self.django.paths, [self.address])
