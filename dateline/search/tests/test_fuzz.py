"""Property-based tests of search (issue 20): whatever the words, topic, dates and page
asked for, the answer is never a server error, never the reader's markup made live, and
the form on the results page shows what was typed."""

from django.http import QueryDict
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from dateline.test import HOSTILE, MARKUP, FuzzTestCase, as_sent, hostile_text

FIELDS = ["q", "topic", "since", "until", "page"]


class SearchFuzzTestCase(FuzzTestCase):
    def setUp(self):
        super().setUp()
        with self.captureOnCommitCallbacks(execute=True):  # indexed as after a publish
            self.make_article("Seawall pact signed", body="<p>The seawall will be built.</p>")
            self.make_article("Seawall talks resume", topic=self.make_topic("Science"))

    def search(self, fields):
        """Search as the form asks (a percent sign goes as it is). Returns the answer and
        the fields as the server read them."""
        query = "&".join(f"{name}={as_sent(value)}" for name, value in fields.items())
        return self.client.get(f"/search/?{query}"), QueryDict(query)

    def assertShowsWhatWasTyped(self, response, typed):
        # The words are shown cut to 500 characters (results.html); the dates as typed.
        if len(typed.get("q", "")) <= 500:
            self.assertContains(response, f'value="{escape(typed.get("q", ""))}"')
        for name in ("since", "until"):
            if typed.get(name):
                self.assertContains(response, f'value="{escape(typed[name])}"')

    @given(data=st.data())
    def test_any_search_is_answered_safely_and_shows_what_was_typed(self, data):
        plausible = {
            "q": st.sampled_from(["seawall", "seawall pact", "SEAWALL"]),
            "topic": st.sampled_from(["world", "science"]),
            "since": st.dates().map(str),
            "until": st.dates().map(str),
            "page": st.sampled_from(["1", "2"]),
        }
        fields = {
            name: data.draw(st.one_of(value, hostile_text()), label=name)
            for name, value in plausible.items()
            if data.draw(st.booleans(), label=f"with {name}")
        }

        response, typed = self.search(fields)

        self.assertSafeAnswer(response, *fields.values())
        if response.status_code == 200 and fields:
            self.assertShowsWhatWasTyped(response, typed)

    def test_every_known_hostile_value_in_every_field_is_answered_safely(self):
        for value in HOSTILE + MARKUP:
            with self.subTest(value=value[:50]):
                response, typed = self.search(dict.fromkeys(FIELDS, value))

                self.assertSafeAnswer(response, value)
                if response.status_code == 200:
                    self.assertShowsWhatWasTyped(response, typed)
                # Then in one field at a time of a search that runs: one invalid field
                # would turn the others off.
                for fields in (
                    {"q": "seawall", "since": value, "until": value},
                    {"q": "seawall", "topic": value},
                    {"q": "seawall", "page": value},
                    {"q": value},
                ):
                    response, _ = self.search(fields)
                    self.assertSafeAnswer(response, value)
