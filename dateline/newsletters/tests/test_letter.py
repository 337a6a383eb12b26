"""What a subscriber's mail client gets: HTML with its CSS inlined that reads on a phone,
a plain-text alternative, absolute links, nothing that tracks; and what an editor sees
before sending: a preview in the browser and a test to themselves."""

import re

from django.urls import reverse
from lxml import html as lxml_html

from dateline.newsletters import services
from dateline.newsletters.models import Delivery, Issue
from dateline.newsletters.tests.base import NewsletterTestCase, text_of
from dateline.test import make_staff


def html_part(message):
    for part in message.walk():
        if part.get_content_type() == "text/html":
            return part.get_payload(decode=True).decode()
    return None


class LetterTestCase(NewsletterTestCase):
    def setUp(self):
        super().setUp()
        self.reader = self.subscribe("reader@example.org")
        self.story = self.make_article("Grain ships leave port")
        self.issue = services.compose_issue(self.daily)

    def send(self):
        services.queue_issue(self.issue)
        services.send_pending(self.issue)
        return self.mailbox.to("reader@example.org")[0]

    def test_the_html_has_its_css_inlined_and_fits_a_phone(self):
        message = self.send()
        html = html_part(message)
        doc = lxml_html.fromstring(html)
        self.assertEqual(doc.xpath("//style"), [])  # many clients drop <style>
        letter = doc.xpath("//div[contains(@style, 'max-width')]")[0]
        self.assertIn("max-width: 600px", letter.get("style"))  # fluid: a 360 px screen fits
        self.assertTrue(doc.xpath("//meta[@name='viewport']"))
        link = doc.xpath(f"//a[text()='{self.story.headline}']")[0]
        self.assertIn("color", link.get("style"))
        self.assertIn("Grain ships leave port", text_of(message))  # the plain alternative

    def test_links_are_absolute_and_nothing_tracks_the_reader(self):
        html = html_part(self.send())
        doc = lxml_html.fromstring(html)
        hrefs = doc.xpath("//a/@href")
        self.assertIn("https://news.example.org" + self.story.get_absolute_url(), hrefs)
        for href in hrefs:
            self.assertTrue(href.startswith("https://news.example.org/"), href)
        for src in doc.xpath("//img/@src"):
            self.assertTrue(src.startswith("https://news.example.org/"), src)
        self.assertNotRegex(html, r"(?i)utm_|pixel|track")

    def test_the_unsubscribe_links_in_the_html_are_the_readers_own(self):
        message = self.send()
        html = html_part(message)
        unsubscribe = re.search(r"<([^>]+)>", message["List-Unsubscribe"]).group(1)
        self.assertIn(f'href="{unsubscribe}"', html)


class EditorsCheckTestCase(NewsletterTestCase):
    def setUp(self):
        super().setUp()
        self.subscribe("reader@example.org")
        self.issue = Issue.objects.create(
            newsletter=self.daily,
            subject="Morning: the ceasefire holds",
            body_text="The ceasefire held overnight.",
            body_html="<p>The ceasefire <strong>held</strong> overnight.</p>",
        )
        self.editor = make_staff("edna", "Editors")
        self.client.force_login(self.editor)

    def test_an_editor_previews_the_issue_as_readers_will_get_it(self):
        response = self.client.get(reverse("admin:newsletters_issue_preview", args=[self.issue.pk]))
        self.assertContains(response, "<strong")
        self.assertContains(response, "held")
        self.assertContains(response, "max-width: 600px")
        self.assertEqual(self.mailbox.messages, [])

    def test_send_a_test_to_me_reaches_only_the_editor(self):
        change = reverse("admin:newsletters_issue_change", args=[self.issue.pk])
        self.assertContains(self.client.get(change), "Send a test to me")
        response = self.client.post(
            reverse("admin:newsletters_issue_send_test", args=[self.issue.pk]), follow=True
        )
        self.assertContains(response, "on its way to edna@example.org")
        self.assertEqual(self.mailbox.recipients(), ["edna@example.org"])
        self.assertEqual(self.mailbox.messages[0]["Subject"], "[Test] Morning: the ceasefire holds")
        self.assertFalse(Delivery.objects.exists())  # not counted as sent to anyone
        self.issue.refresh_from_db()
        self.assertEqual(self.issue.status, Issue.Status.DRAFT)

    def test_a_subject_or_sender_with_a_line_break_is_refused_with_a_message(self):
        change = reverse("admin:newsletters_issue_change", args=[self.issue.pk])
        response = self.client.post(
            change,
            {
                "newsletter": self.daily.pk,
                "subject": "Morning\r\nBcc: everyone@example.org",
                "body_text": "Text.",
                "body_html": "",
                "send_at": "",
            },
        )
        self.assertContains(response, "Please keep this on one line.")
        self.assertContains(response, "Bcc: everyone@example.org")  # what they typed
        self.issue.refresh_from_db()
        self.assertEqual(self.issue.subject, "Morning: the ceasefire holds")

    def test_the_issue_page_says_what_happened_to_each_address(self):
        services.queue_issue(self.issue)
        services.send_pending(self.issue)
        change = reverse("admin:newsletters_issue_change", args=[self.issue.pk])
        response = self.client.get(change)
        self.assertContains(response, "1 Sent")
        deliveries = self.client.get(
            reverse("admin:newsletters_delivery_changelist") + f"?issue__id__exact={self.issue.pk}"
        )
        self.assertContains(deliveries, "reader@example.org")
