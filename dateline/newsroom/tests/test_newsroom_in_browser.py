"""The newsroom in a real browser, under the production settings (DEBUG off, the
Content-Security-Policy on): every page each role is offered loads without a console
error, a blocked script, a failed request or an HTTP error, and a story goes from an
author's draft in the body editor to the reader's page."""

import re
from urllib.parse import urlsplit

from dateline.articles.models import Article
from dateline.articles.sanitize import sanitize_html
from dateline.articles.services import publish_article, revision, set_authors
from dateline.authors.models import Author
from dateline.comments.models import BlockedTerm, Comment
from dateline.newsroom import roles
from dateline.test import BrowserTestCase, expect, make_staff
from dateline.topics.models import Topic

# Not pages: the log-out form's target, the admin's script catalogue, autocomplete answers.
NOT_PAGES = ("/admin/logout/", "/admin/jsi18n/", "/admin/autocomplete/")

# What each role's menu must at least lead to (numbers in addresses read as <id>).
EXPECTED = {
    roles.AUTHORS: [
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        "/admin/articles/article/<id>/change/",
        "/admin/articles/article/<id>/history/",
    ],
    roles.EDITORS: [
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        "/admin/articles/article/<id>/change/",
        "/admin/articles/article/<id>/history/",
        "/admin/articles/article/<id>/history/<id>/",
        "/admin/articles/article/recover/",
        "/admin/topics/topic/<id>/change/",
        "/admin/authors/author/<id>/change/",
        "/admin/privacy/",
        "/admin/articles/article/<id>/live/",
        "/admin/live/entry/",
        "/admin/related/story/",
        "/admin/related/storymember/",
        "/admin/newsletters/issue/",
        "/admin/newsletters/delivery/",
    ],
    roles.MODERATORS: [
        "/admin/comments/comment/",
        "/admin/comments/comment/<id>/change/",
        "/admin/comments/blockedterm/<id>/change/",
        "/admin/privacy/",
    ],
    roles.ADMINISTRATORS: [
        "/admin/auth/user/<id>/change/",
        "/admin/auth/group/<id>/change/",
        "/admin/articles/article/<id>/change/",
        "/admin/privacy/",
    ],
}
# What a role's menu must not lead to: a page the role may not open.
NOT_OFFERED = {roles.AUTHORS: ["/admin/privacy/"]}


class NewsroomInBrowserTestCase(BrowserTestCase):
    def setUp(self):
        self.world = Topic.objects.create(name="World", slug="world")
        self.users = {
            roles.AUTHORS: make_staff("dana", roles.AUTHORS),
            roles.EDITORS: make_staff("eli", roles.EDITORS),
            roles.MODERATORS: make_staff("mo", roles.MODERATORS),
            roles.ADMINISTRATORS: make_staff("ada", roles.ADMINISTRATORS),
        }
        self.dana = Author.objects.create(
            user=self.users[roles.AUTHORS], display_name="Dana Writer", slug="dana-writer"
        )
        self.eli = Author.objects.create(
            user=self.users[roles.EDITORS], display_name="Eli Editor", slug="eli-editor"
        )
        published = self.make_article("Harbour talks resume", [self.eli])
        publish_article(published, by=self.users[roles.EDITORS])
        self.make_article("Ferry strike enters its second week", [self.dana])
        for status in (Comment.Status.APPROVED, Comment.Status.PENDING):
            Comment.objects.create(
                article=published,
                body=f"A {status} comment about the harbour.",
                author_name="Robin Reader",
                author_email="robin@example.org",
                status=status,
            )
        BlockedTerm.objects.create(kind=BlockedTerm.Kind.WORD, value="casino")

    def make_article(self, headline, authors):
        with revision("Drafted"):  # so that its history has a revision to open
            article = Article.objects.create(
                headline=headline,
                slug=re.sub(r"\W+", "-", headline.lower()),
                body="<p>Negotiators met again on Monday.</p>",
                primary_topic=self.world,
            )
        set_authors(article, authors)
        return article

    def crawl(self, page):
        """Open every newsroom page a link leads to from the home page, one of each kind
        (the first article's change form stands for all of them), and return the kinds."""
        netloc = urlsplit(self.live_server_url).netloc
        queue, opened = ["/admin/"], []
        while queue:
            path = queue.pop(0)
            kind = re.sub(r"/\d+/", "/<id>/", path)
            if kind in opened:
                continue
            opened.append(kind)
            page.goto(self.live_server_url + path)
            self.assert_body_editor_started(page)
            for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
                url = urlsplit(href)
                if (
                    url.netloc == netloc
                    and not url.query
                    and url.path.startswith("/admin/")
                    and not url.path.startswith(NOT_PAGES)
                ):
                    queue.append(url.path)
        return opened

    def assert_body_editor_started(self, page):
        for editor in page.locator(".prose-editor:has(textarea)").all():
            self.assertEqual(
                editor.locator(".ProseMirror[contenteditable]").count(),
                1,
                f"{page.url}: no body editor",
            )

    def test_every_page_each_role_is_offered_opens_without_an_error(self):
        for role, user in self.users.items():
            with self.subTest(role=role):
                page = self.open_page()
                self.log_in(page, user.username)
                opened = self.crawl(page)
                self.assertEqual(page.problems, [])
                for kind in EXPECTED[role]:
                    self.assertIn(kind, opened)
                for kind in NOT_OFFERED.get(role, []):
                    self.assertNotIn(kind, opened)

    def test_a_story_goes_from_the_authors_draft_to_the_readers_page(self):
        author = self.open_page()
        self.log_in(author, "dana")
        author.goto(self.live_server_url + "/admin/articles/article/add/")
        author.fill("#id_headline", "Dockworkers vote on new contract")
        author.fill("#id_dek", "The ballot closes on Friday.")
        editor = author.locator(".prose-editor .ProseMirror[contenteditable=true]")
        editor.click()
        author.keyboard.type("What the deal offers")
        self.choose_block_type(author, "heading2")
        author.keyboard.press("End")
        author.keyboard.press("Enter")
        author.keyboard.type("The union calls it ")
        self.toolbar(author, "bold").click()
        author.keyboard.type("historic")
        self.toolbar(author, "bold").click()
        author.keyboard.type(". Read the ")
        self.insert_link(author, "full text", "https://example.org/contract")
        self.choose_primary_topic(author, "World")
        author.click("input[name=_continue]")
        author.wait_for_selector(".messagelist .success")

        author.select_option("#id_status", Article.Status.REVIEW)
        author.click("input[name=_save]")
        author.wait_for_selector(".messagelist .success")
        self.assertEqual(author.problems, [])
        article = Article.objects.get(headline="Dockworkers vote on new contract")
        self.assertEqual(article.status, Article.Status.REVIEW)

        editor_page = self.open_page()
        self.log_in(editor_page, "eli")
        editor_page.goto(self.live_server_url + f"/admin/articles/article/{article.pk}/change/")
        self.assert_body_editor_started(editor_page)
        editor_page.select_option("#id_status", Article.Status.PUBLISHED)
        editor_page.click("input[name=_save]")
        editor_page.wait_for_selector(".messagelist .success")
        self.assertEqual(editor_page.problems, [])

        article.refresh_from_db()
        reader = self.open_page()
        reader.goto(self.live_server_url + article.get_absolute_url())
        story = reader.locator("article")
        self.assertEqual(story.locator("h2", has_text="What the deal offers").count(), 1)
        self.assertEqual(story.locator("strong", has_text="historic").count(), 1)
        link = story.locator("a", has_text="full text")
        self.assertEqual(link.get_attribute("href"), "https://example.org/contract")
        self.assertEqual(reader.problems, [])

    def test_every_toolbar_feature_survives_the_sanitiser_unchanged(self):
        page = self.open_page()
        self.log_in(page, "eli")
        page.goto(self.live_server_url + "/admin/articles/article/add/")
        page.locator(".prose-editor .ProseMirror[contenteditable=true]").click()
        keys = page.keyboard

        keys.type("A heading")
        self.choose_block_type(page, "heading3")
        keys.press("End")
        keys.press("Enter")
        keys.type("Plain, ")
        for mark in ("bold", "italic", "underline", "strike", "subscript", "superscript"):
            self.toolbar(page, mark).click()
            keys.type(mark)
            self.toolbar(page, mark).click()
            keys.type(" ")
        keys.press("Enter")
        for kind in ("bulletList", "orderedList", "blockquote"):
            self.toolbar(page, kind).click()
            keys.type(f"In a {kind}")
            keys.press("Enter")
            keys.press("Enter")
        self.toolbar(page, "horizontalRule").click()
        self.toolbar(page, "table").click()
        page.fill("dialog[open] input[name=rows]", "2")
        page.fill("dialog[open] input[name=cols]", "2")
        page.select_option("dialog[open] select[name=withHeaderRow]", "Yes")
        page.click("dialog[open] button[type=submit]")
        keys.type("Header cell")
        keys.press("Tab")
        keys.type("Second header")
        keys.press("Tab")
        keys.type("Body cell, see ")
        self.insert_link(page, "a link", "https://example.org/a?b=c&d=e")

        written = page.input_value("#id_body")
        for tag in (
            "<h3>", "<strong>", "<em>", "<u>", "<s>", "<sub>", "<sup>", '<a href="', "<ul>",
            "<ol>", "<li>", "<blockquote>", "<hr>", "<table>", "<th>", "<td>",
        ):  # fmt: skip
            self.assertIn(tag, written)
        self.assertEqual(sanitize_html(written), written)
        self.assertEqual(page.problems, [])

    def test_the_article_list_reads_one_line_a_story_at_1280_pixels(self):
        headline = "Ministers of the northern coastal states meet again " * 3
        article = self.make_article(headline.strip(), [self.eli, self.dana])
        page = self.open_page()  # 1280 px wide
        self.log_in(page, "eli")
        page.goto(self.live_server_url + "/admin/articles/article/")

        for column in ("headline_cell", "state", "primary_topic", "byline", "published", "updated"):
            box = page.locator(f"#result_list th.column-{column}").bounding_box()
            self.assertLessEqual(box["x"] + box["width"], 1280, column)
        cell = page.locator("#result_list tr", has_text="Ministers").locator(".truncate").first
        self.assertEqual(cell.get_attribute("title"), article.headline)  # whole, on hover
        header_height = page.locator("#result_list th.column-state").bounding_box()["height"]
        self.assertLess(cell.bounding_box()["height"], header_height * 1.5)  # one line
        self.assertEqual(page.problems, [])

    # The body editor's toolbar, as a writer uses it.
    def toolbar(self, page, name):
        return page.locator(f".prose-menubar button[data-name={name}]")

    def choose_block_type(self, page, name):
        page.locator(".prose-menubar__selected").first.click()
        page.locator(f".prose-menubar__option[data-name={name}]").click()

    def insert_link(self, page, text, href):
        text_area = page.locator(".ProseMirror[contenteditable=true]")
        page.keyboard.type(text)
        # On a busy machine the editor may still be taking the keys in: select once it has.
        expect(text_area).to_contain_text(text)
        link = text_area.locator("a", has_text=text)
        # Now and then (about one run in eight from a fresh start) the editor takes one
        # character less than was selected, and the link goes to "ull text" of "full text":
        # then the text is selected again and linked again, as a writer would, and the
        # link covers it whole.
        for attempt in range(3):
            expect(text_area).to_be_focused()
            page.keyboard.press("End")
            page.keyboard.down("Shift")
            for _ in text:
                page.keyboard.press("ArrowLeft")
            page.keyboard.up("Shift")
            # The button is live once the editor has the selection.
            expect(self.toolbar(page, "link")).not_to_have_class(re.compile("disabled"))
            self.toolbar(page, "link").click()
            page.fill("dialog[open] input[name=href]", href)
            page.click("dialog[open] button[type=submit]")
            # Typing on at once races the editor, which gives the text its focus and
            # selection back a moment later; so a link is the last thing a test writes.
            try:
                expect(link).to_have_attribute("href", href, timeout=3_000)
                return
            except AssertionError:
                if attempt == 2:
                    raise

    def choose_primary_topic(self, page, name):
        page.locator(".field-primary_topic .select2-selection").click()
        page.locator(".select2-container--open .select2-search__field").fill(name[:3])
        page.locator(".select2-results__option", has_text=name).click()
