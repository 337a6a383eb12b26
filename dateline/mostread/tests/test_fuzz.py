"""Property-based test of the beacon (issue 20): whatever address, method and user agent
arrive, the answer is never a server error."""

from hypothesis import given
from hypothesis import strategies as st

from dateline.mostread.tests.base import BROWSER, forget_views_counted_elsewhere
from dateline.test import FuzzTestCase, as_sent, hostile_text


class BeaconFuzzTestCase(FuzzTestCase):
    def setUp(self):
        super().setUp()
        forget_views_counted_elsewhere()
        self.article = self.make_article("Harbour talks resume")

    @given(
        pk=st.one_of(hostile_text(), st.integers(min_value=-1, max_value=2**80).map(str)),
        method=st.sampled_from(["post", "get", "head", "put", "delete", "options"]),
        user_agent=st.one_of(st.just(BROWSER), hostile_text()),
    )
    def test_any_beacon_gets_an_answer_without_a_server_error(self, pk, method, user_agent):
        send = getattr(self.client, method)
        with self.settings(MOST_READ_FLUSH_SECONDS=0):  # every beacon writes, too
            response = send(f"/mostread/view/{as_sent(pk)}/", headers={"User-Agent": user_agent})
        self.assertSafeAnswer(response, pk, user_agent)
