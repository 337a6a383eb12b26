"""Staff read the e-mail the site sent in the demo's mailbox, with no mail server."""

from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection, send_mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from dateline.mailbox.tests.base import MailboxTestCase

CONSOLE = "django.core.mail.backends.console.EmailBackend"


def policy_of(response):
    """The Content-Security-Policy header as {directive: its sources}."""
    directives = (d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";"))
    return {name: sources[0] if sources else "" for name, *sources in directives}


class ReadingMailTestCase(MailboxTestCase):
    def send_issue(self):
        message = EmailMultiAlternatives(
            "Your morning briefing",
            "Talks resume in Strelna.\nRead on: https://news.example.org/news/world/talks/\n",
            "Dateline <newsroom@example.org>",
            ["robin@example.org"],
            headers={"List-Unsubscribe": "<https://news.example.org/newsletters/unsubscribe/x/>"},
        )
        message.attach_alternative(
            '<p style="color:#333">Talks resume in <b>Strelna</b>.</p><script>alert(1)</script>',
            "text/html",
        )
        message.send()
        return self.files()[-1]

    def test_each_message_is_a_file_and_the_newest_is_listed_first(self):
        sent = send_mail("First news", "One.", None, ["robin@example.org"])
        sent += send_mail("Second news", "Two.", None, ["robin@example.org"])
        self.assertEqual(sent, 2)
        self.assertEqual(len(self.files()), 2)
        self.client.force_login(self.alice)
        r = self.client.get("/mailbox/")
        self.assertContains(r, "robin@example.org", count=2)
        self.assertLess(r.content.index(b"Second news"), r.content.index(b"First news"))

    def test_a_batch_sent_in_one_go_gives_each_message_a_file_of_its_own(self):
        batch = [
            EmailMessage("Your morning briefing", "Hi.", None, [f"reader{n}@example.org"])
            for n in range(50)
        ]
        with get_connection() as mail:
            self.assertEqual(mail.send_messages(batch), 50)
        self.assertEqual(len(self.files()), 50)

    def test_the_list_shows_fifty_a_page(self):
        for n in range(51):
            send_mail(f"Message {n:02}", "Hi.", None, ["robin@example.org"])
        self.client.force_login(self.alice)
        first = self.client.get("/mailbox/")
        self.assertContains(first, "Message 50")
        self.assertNotContains(first, "Message 00")
        self.assertContains(first, "51 messages, page 1 of 2")
        self.assertContains(self.client.get("/mailbox/?page=2"), "Message 00")
        self.assertEqual(self.client.get("/mailbox/?page=3").status_code, 404)

    def test_the_list_makes_as_many_queries_for_six_messages_as_for_one(self):
        self.client.force_login(self.alice)
        send_mail("Hello", "Hi.", None, ["robin@example.org"])
        with CaptureQueriesContext(connection) as one:
            self.client.get("/mailbox/")
        for _ in range(5):
            send_mail("Hello", "Hi.", None, ["robin@example.org"])
        with self.assertNumQueries(len(one.captured_queries)):
            self.assertContains(self.client.get("/mailbox/"), "Hello", count=6)

    def test_a_message_still_being_written_is_not_listed(self):
        (self.directory / ".00000000000000000001-1-000000.eml.part").write_bytes(b"Subject: Ha")
        self.client.force_login(self.alice)
        self.assertContains(self.client.get("/mailbox/"), "No e-mail yet")

    def test_the_message_shows_its_headers_its_text_with_live_links_and_its_html_framed(self):
        name = self.send_issue()
        self.client.force_login(self.alice)
        r = self.client.get(f"/mailbox/{name}/")
        self.assertContains(r, "Your morning briefing")
        self.assertContains(r, "Dateline &lt;newsroom@example.org&gt;")
        self.assertContains(r, "List-Unsubscribe")
        self.assertContains(r, "&lt;https://news.example.org/newsletters/unsubscribe/x/&gt;")
        self.assertContains(r, '<a href="https://news.example.org/news/world/talks/"')
        self.assertContains(r, f'sandbox src="/mailbox/{name}/html/"')
        # The page itself keeps the site's policy: no inline style, no inline script.
        self.assertEqual(policy_of(r)["style-src"], "'self'")
        self.assertEqual(policy_of(r)["script-src"], "'self'")

    def test_a_text_only_message_has_no_html_frame(self):
        send_mail("Hello", "Hi.", None, ["robin@example.org"])
        self.client.force_login(self.alice)
        r = self.client.get(f"/mailbox/{self.files()[0]}/")
        self.assertNotContains(r, "<iframe")
        self.assertEqual(self.client.get(f"/mailbox/{self.files()[0]}/html/").status_code, 404)

    def test_the_html_part_keeps_its_styles_but_runs_no_script(self):
        name = self.send_issue()
        self.client.force_login(self.alice)
        r = self.client.get(f"/mailbox/{name}/html/")
        self.assertContains(r, '<p style="color:#333">Talks resume in <b>Strelna</b>.</p>')
        policy = policy_of(r)
        self.assertEqual(policy["default-src"], "'none'")  # scripts too: no script-src
        self.assertNotIn("script-src", policy)
        self.assertEqual(policy["style-src"], "'unsafe-inline'")
        self.assertEqual(policy["frame-ancestors"], "'self'")
        self.assertEqual(r["X-Frame-Options"], "SAMEORIGIN")

    def test_staff_find_the_mailbox_in_the_newsroom_header(self):
        self.client.force_login(self.alice)
        self.assertContains(self.client.get("/admin/"), '<a href="/mailbox/">Mailbox</a>')
        with override_settings(EMAIL_BACKEND=CONSOLE):
            self.assertNotContains(self.client.get("/admin/"), "/mailbox/")

    def test_anonymous_visitors_are_sent_to_log_in(self):
        name = self.send_issue()
        for url in ["/mailbox/", f"/mailbox/{name}/", f"/mailbox/{name}/html/"]:
            self.assertRedirects(self.client.get(url), f"/admin/login/?next={url}")

    def test_readers_without_staff_status_are_refused(self):
        name = self.send_issue()
        self.client.force_login(self.bob)
        for url in ["/mailbox/", f"/mailbox/{name}/", f"/mailbox/{name}/html/"]:
            r = self.client.get(url, follow=True)
            self.assertContains(r, "not authorized to access this page")
            self.assertNotContains(r, "Strelna")

    def test_a_name_that_is_not_a_message_is_404(self):
        (self.directory / "notes.txt").write_text("Not a message.")
        self.client.force_login(self.alice)
        for name in [
            "notes.txt",
            "00000000000000000001-1-000000.eml",  # the shape of a name, but no such message
            "..%2F..%2Fsettings.py",
            "..",
        ]:
            self.assertEqual(self.client.get(f"/mailbox/{name}/").status_code, 404, name)
            self.assertEqual(self.client.get(f"/mailbox/{name}/html/").status_code, 404, name)

    @override_settings(EMAIL_BACKEND=CONSOLE)
    def test_when_mail_goes_elsewhere_there_is_no_mailbox(self):
        self.assertEqual(self.client.get("/mailbox/").status_code, 404)
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get("/mailbox/").status_code, 404)

    def test_a_failure_to_write_is_silent_only_when_asked(self):
        blocked = self.directory / "a-file-not-a-directory"
        blocked.write_text("")
        with override_settings(MAILBOX_DIR=blocked):
            self.assertEqual(
                send_mail("Hello", "Hi.", None, ["robin@example.org"], fail_silently=True), 0
            )
            with self.assertRaises(OSError):
                send_mail("Hello", "Hi.", None, ["robin@example.org"])
