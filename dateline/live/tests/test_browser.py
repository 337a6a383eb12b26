"""In a real browser: a reader has the live page open, an editor posts an update from the
newsroom in another browser, and the reader's page offers "1 new update" and shows it."""

from django.test import override_settings

from dateline.articles.models import Article
from dateline.articles.services import publish_article, set_authors
from dateline.authors.models import Author
from dateline.live import services
from dateline.live.models import Entry
from dateline.test import BrowserTestCase, make_staff
from dateline.topics.models import Topic


@override_settings(LIVE_POLL_SECONDS=1, LIVE_ENTRIES_PER_PAGE=3)
class LiveInBrowserTestCase(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.editor = make_staff("edna", "Editors")
        topic = Topic.objects.create(name="World", slug="world")
        self.article = Article.objects.create(
            headline="Ceasefire talks in Strelna", slug="talks", body="<p>Background.</p>",
            primary_topic=topic,
        )  # fmt: skip
        set_authors(self.article, [Author.objects.create(display_name="Edna", slug="edna")])
        publish_article(self.article)
        services.start_coverage(self.article)
        self.first = services.post_entry(self.article, "<p>Delegations arrive.</p>", by=None)
        self.url = self.live_server_url + self.article.get_absolute_url()

    def test_a_new_update_waits_behind_a_button_then_shows(self):
        reader = self.open_page()
        reader.goto(self.url)
        reader.get_by_text("Delegations arrive.").wait_for()

        editor = self.open_page()
        self.log_in(editor, "edna")
        editor.goto(f"{self.live_server_url}/admin/articles/article/{self.article.pk}/live/")
        editor.get_by_label("Update").fill("Talks begin behind closed doors.")
        editor.get_by_label("Update").press("Control+Enter")
        editor.get_by_text("Posted: readers see it within seconds.").wait_for()

        button = reader.get_by_role("button", name="1 new update")
        button.wait_for()  # within a poll or two, no reload
        self.assertEqual(reader.locator(".live-announce").text_content(), "1 new update")
        self.assertEqual(reader.get_by_text("Talks begin behind closed doors.").count(), 0)
        button.click()
        reader.get_by_text("Talks begin behind closed doors.").wait_for()
        entries = reader.locator(".live-entries [data-entry]")
        self.assertIn("Talks begin", entries.first.text_content())  # newest on top
        self.assertTrue(button.is_hidden())
        self.assertEqual(reader.problems + editor.problems, [])

    def test_an_old_link_to_an_entry_finds_the_page_it_moved_to(self):
        for n in range(4):
            services.post_entry(self.article, f"<p>Update {n}.</p>", by=None)
        reader = self.open_page()
        reader.goto(f"{self.url}#entry-{self.first.pk}")  # now on page 2
        reader.wait_for_url(f"**?updates=2#entry-{self.first.pk}")
        self.assertTrue(reader.locator(f"#entry-{self.first.pk}").is_visible())
        self.assertEqual(reader.problems, [])

    def test_an_update_taken_down_goes_from_the_open_page(self):
        reader = self.open_page()
        reader.goto(self.url)
        reader.get_by_text("Delegations arrive.").wait_for()
        services.delete_entry(Entry.objects.get(pk=self.first.pk), reason="Wrong", by=None)
        reader.get_by_text("Delegations arrive.").wait_for(state="detached")
        self.assertEqual(reader.problems, [])
