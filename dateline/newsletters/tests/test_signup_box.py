"""The sign-up box at the foot of article and topic pages."""

from dateline.newsletters.forms import fill_token
from dateline.newsletters.models import Newsletter, Subscriber
from dateline.newsletters.tests.base import NewsletterTestCase


class SignUpBoxTestCase(NewsletterTestCase):
    def setUp(self):
        super().setUp()
        self.story = self.make_article("Harbour talks resume")

    def test_article_and_topic_pages_offer_the_newsletters(self):
        for url in (self.story.get_absolute_url(), self.world.get_absolute_url()):
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertContains(r, "Get the news by e-mail")
                self.assertContains(r, 'id="newsletter_email"')  # not the comment form's id
                self.assertContains(r, "The Daily Briefing")
                # A page every reader shares: the token is fetched when the form is used.
                self.assertContains(r, 'name="csrfmiddlewaretoken" value="" data-csrf-url=')

    def test_the_box_goes_when_no_newsletter_is_offered_and_comes_back_at_once(self):
        self.client.get(self.story.get_absolute_url())  # stores the page's parts
        Newsletter.objects.update(is_active=False)
        for newsletter in Newsletter.objects.all():
            newsletter.save()  # as the admin saves it
        self.assertNotContains(self.client.get(self.story.get_absolute_url()), "newsletter-box")
        self.daily.is_active = True
        self.daily.save()
        self.assertContains(self.client.get(self.story.get_absolute_url()), "newsletter-box")

    def test_the_box_signs_up_like_the_newsletters_page(self):
        data = {"email": "robin@example.org", "newsletters": [self.daily.pk], "token": fill_token()}
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post("/newsletters/", data, HTTP_REFERER=self.story.get_absolute_url())
        self.assertContains(r, "Check your inbox")
        subscriber = Subscriber.objects.get()
        self.assertEqual(subscriber.signup_page, self.story.get_absolute_url())
        self.assertEqual(len(self.mailbox.to("robin@example.org")), 1)

    def test_without_a_token_the_form_comes_back_with_what_was_typed(self):
        client = self.client_class(enforce_csrf_checks=True)
        data = {"email": "robin@example.org", "newsletters": [self.daily.pk], "token": fill_token()}
        r = client.post("/newsletters/", data)
        self.assertContains(r, "press Subscribe once more", status_code=403)
        self.assertContains(r, 'value="robin@example.org"', status_code=403)
        self.assertFalse(Subscriber.objects.exists())
