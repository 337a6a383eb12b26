from contextlib import contextmanager
from unittest import mock

from dateline.authors.models import Author
from dateline.newsroom import roles
from dateline.test import BaseTestCase, make_staff


class NewsroomTestCase(BaseTestCase):
    """Adds Dan, an author, and Erin, another author, to the cast."""

    def setUp(self):
        super().setUp()
        self.dan = self.make_staff("dan", roles.AUTHORS)
        self.dan_author = Author.objects.create(user=self.dan, display_name="Dan", slug="dan")
        self.erin = self.make_staff("erin", roles.AUTHORS)
        self.erin_author = Author.objects.create(user=self.erin, display_name="Erin", slug="erin")

    def make_staff(self, username, role):
        return make_staff(username, role)


@contextmanager
def clock_at(moment):
    """Move the clock that decides what readers see (no job is needed when it moves)."""
    with (
        mock.patch("dateline.articles.models.now", return_value=moment),
        mock.patch("dateline.articles.page_query.now", return_value=moment),
        mock.patch("dateline.related.models.now", return_value=moment),
    ):
        yield
