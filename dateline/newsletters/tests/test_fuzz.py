"""Property-based tests of the newsletter sign-up (issue 20) and the manage page's form:
whatever arrives in their fields, the answer is never a server error, never the reader's
markup made live, and a sign-up sent back with an error keeps the address typed."""

from django.http import QueryDict
from django.test import override_settings
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from dateline.newsletters import tokens
from dateline.newsletters.forms import fill_token
from dateline.newsletters.models import Newsletter, Subscriber
from dateline.newsletters.tests.base import make_newsletters
from dateline.test import HOSTILE, MARKUP, FuzzTestCase, as_sent, hostile_text


@override_settings(NEWSLETTERS_MIN_FILL_SECONDS=0, NEWSLETTERS_SIGNUP_SECONDS=0)
class NewsletterFormsFuzzTestCase(FuzzTestCase):
    def setUp(self):
        super().setUp()
        self.daily, self.alerts = make_newsletters()
        self.retired = Newsletter.objects.create(name="Old", slug="old", is_active=False)

    def send(self, url, fields, *, csrf_checked=False):
        """POST `fields` as a browser encodes a form (a list value is a ticked box each),
        except that a percent sign goes as it is. Returns the answer and the fields as the
        server read them."""
        body = "&".join(
            f"{name}={as_sent(value)}"
            for name, values in fields.items()
            for value in (values if isinstance(values, list) else [values])
        )
        client = self.client_class(enforce_csrf_checks=csrf_checked)
        response = client.post(url, body, content_type="application/x-www-form-urlencoded")
        return response, QueryDict(body)

    def newsletter_ids(self):
        """Ticked boxes: the newsletters on offer, one retired, or hostile values."""
        ids = [str(n.pk) for n in (self.daily, self.alerts, self.retired)]
        return st.lists(st.one_of(st.sampled_from(ids), hostile_text()), max_size=3)

    @given(data=st.data(), csrf_checked=st.booleans())
    def test_any_sign_up_is_answered_safely_and_an_error_keeps_the_address(
        self, data, csrf_checked
    ):
        fields = {
            "email": data.draw(st.one_of(st.just("dana@example.org"), hostile_text())),
            "newsletters": data.draw(self.newsletter_ids()),
            "phone": data.draw(st.one_of(st.just(""), hostile_text())),
            "token": data.draw(st.one_of(st.just(fill_token()), hostile_text())),
        }

        response, typed = self.send("/newsletters/", fields, csrf_checked=csrf_checked)

        self.assertSafeAnswer(response, fields["email"], *fields["newsletters"])
        # Signed up (or told to check the inbox), an error to fix, a failed CSRF check.
        self.assertIn(response.status_code, (200, 400, 403))
        if response.status_code in (400, 403) and typed.get("email"):
            self.assertContains(response, escape(typed["email"]), status_code=response.status_code)

    def test_every_known_hostile_value_in_every_field_is_answered_safely(self):
        for value in HOSTILE + MARKUP:
            with self.subTest(value=value[:50]):
                fields = dict.fromkeys(["email", "newsletters", "phone", "token"], value)
                response, typed = self.send("/newsletters/", fields)

                self.assertSafeAnswer(response, value)
                self.assertEqual(response.status_code, 400)
                if typed["email"]:
                    self.assertContains(response, escape(typed["email"]), status_code=400)

    @given(data=st.data())
    def test_any_choice_on_the_manage_page_is_answered_safely(self, data):
        subscriber = Subscriber.objects.create(email="dana@example.org")
        fields = {"newsletters": data.draw(self.newsletter_ids())}
        if data.draw(st.booleans(), label="leave"):
            fields["leave"] = data.draw(hostile_text())
        url = f"/newsletters/manage/{tokens.make(tokens.MANAGE, subscriber)}/"

        response, _ = self.send(url, fields)

        self.assertSafeAnswer(response, *fields["newsletters"])
        self.assertEqual(response.status_code, 200)
