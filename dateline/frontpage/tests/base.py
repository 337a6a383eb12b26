from datetime import timedelta
from html.parser import HTMLParser

from django.utils.timezone import now

from dateline.test import BaseTestCase


class Zones(HTMLParser):
    """The home page's zones as a reader sees them: {"Lead": [headline], "Top stories":
    [headlines], "<topic name>": [headlines]}, in page order."""

    def __init__(self):
        super().__init__()
        self.zones, self.zone, self.in_heading, self.in_title = {}, None, False, False

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "h2":
            self.in_heading = True
        elif tag == "article" and "card-lead" in classes:
            self.zone = "Lead"
        elif tag == "ul" and self.zone == "Lead":
            self.zone = "Top stories"
        elif tag == "h3" and "card-title" in classes:
            self.in_title = True

    def handle_endtag(self, tag):
        self.in_heading = self.in_heading and tag != "h2"
        self.in_title = self.in_title and tag != "h3"

    def handle_data(self, data):
        if self.in_heading and data.strip():
            self.zone = data.strip()
        elif self.in_title and data.strip():
            self.zones.setdefault(self.zone, []).append(data.strip())


def zones(response):
    parser = Zones()
    parser.feed(response.content.decode())
    return parser.zones


class FrontPageTestCase(BaseTestCase):
    """World (a main topic) comes from the cast; Climate is the second main topic."""

    def setUp(self):
        super().setUp()
        self.climate = self.make_topic("Climate", on_home_page=True, position=1)
        self.world.position = 0
        self.world.save()

    def story(self, headline, hours_ago, **fields):
        return self.make_article(
            headline, published_at=now() - timedelta(hours=hours_ago), **fields
        )

    def stories(self, count, *, prefix="Story", hours_from=1, **fields):
        """`count` stories, newest first: "Story 1" an hour old, "Story 2" two hours..."""
        return [
            self.story(f"{prefix} {n}", hours_from + n - 1, **fields) for n in range(1, count + 1)
        ]

    def home(self):
        """The home page as an anonymous reader gets it (the page cache's, where it is on)."""
        with self.captureOnCommitCallbacks(execute=True):
            return self.client_class().get("/")

    def change(self, write, *args, **kwargs):
        """A write, committed: what it announces reaches the page cache."""
        with self.captureOnCommitCallbacks(execute=True):
            return write(*args, **kwargs)
