from datetime import UTC, datetime

from django.test import SimpleTestCase, override_settings

from dateline.articles.templatetags.dateline_dates import iso_datetime, long_date, long_datetime


class LongDatetimeTestCase(SimpleTestCase):
    def test_it_matches_the_reference_format(self):
        value = datetime(2019, 3, 7, 6, 37, tzinfo=UTC)
        self.assertEqual(long_datetime(value), "March 7th, 2019 at 06:37 am")

    def test_it_writes_afternoons_with_pm(self):
        value = datetime(2019, 9, 12, 13, 28, tzinfo=UTC)
        self.assertEqual(long_datetime(value), "September 12th, 2019 at 01:28 pm")

    def test_it_writes_midnight_and_noon_as_twelve(self):
        self.assertEqual(
            long_datetime(datetime(2020, 1, 1, 0, 5, tzinfo=UTC)), "January 1st, 2020 at 12:05 am"
        )
        self.assertEqual(
            long_datetime(datetime(2020, 1, 2, 12, 0, tzinfo=UTC)), "January 2nd, 2020 at 12:00 pm"
        )

    def test_it_uses_english_ordinals(self):
        days = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th"}
        days |= {21: "21st", 22: "22nd", 23: "23rd", 31: "31st"}
        for day, expected in days.items():
            self.assertEqual(
                long_date(datetime(2019, 1, day, tzinfo=UTC)), f"January {expected}, 2019"
            )

    @override_settings(TIME_ZONE="America/New_York")
    def test_it_shows_the_newsroom_time_zone(self):
        value = datetime(2019, 3, 7, 6, 37, tzinfo=UTC)
        self.assertEqual(long_datetime(value), "March 7th, 2019 at 01:37 am")

    def test_it_renders_nothing_for_no_date(self):
        self.assertEqual(long_datetime(None), "")
        self.assertEqual(long_date(None), "")
        self.assertEqual(iso_datetime(None), "")

    @override_settings(TIME_ZONE="Europe/Berlin")
    def test_machine_readable_times_carry_the_newsroom_offset(self):
        value = datetime(2019, 3, 7, 6, 37, 5, tzinfo=UTC)
        self.assertEqual(iso_datetime(value), "2019-03-07T07:37:05+01:00")


class ExcerptTestCase(SimpleTestCase):
    def test_it_cuts_at_a_word_boundary_and_ends_in_dots(self):
        from dateline.articles.text import make_excerpt

        text = "One two three, four five six seven eight nine ten " * 3
        excerpt = make_excerpt(text)
        self.assertTrue(excerpt.endswith("..."))
        self.assertEqual(len(excerpt[:-3].split()), 20)
        self.assertFalse(excerpt[:-3].endswith(","))

    def test_long_web_addresses_never_overflow_the_field(self):
        from dateline.articles.text import make_excerpt

        excerpt = make_excerpt(" ".join(["https://example.org/" + "x" * 90] * 20))
        self.assertLessEqual(len(excerpt), 400)
        self.assertTrue(excerpt.endswith("..."))

    def test_an_excerpt_from_the_body_reads_as_text(self):
        from dateline.articles.text import make_excerpt, plain_text

        body = (
            '<p>Ferry<br>fares</p><p>rise <a href="/a" title="a > b">again</a> &amp; '
            "again</p><!-- <p>hidden</p> --><p>&lt;soon&gt;</p>"
        )
        self.assertEqual(plain_text(body), "Ferry fares rise again & again <soon>")
        self.assertEqual(make_excerpt(plain_text(body)), "Ferry fares rise again & again <soon>...")
