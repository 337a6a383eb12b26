"""Schemathesis against the published OpenAPI schema (issue 20): requests made from the
schema, valid and invalid, sent to the site's WSGI application in this process. Every
answer must be one the schema describes (status, content type, body), and none a 5xx."""

from functools import cache

import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from dateline.comments.models import Comment
from dateline.related.models import Story, StoryMember
from dateline.test import FuzzTestCase


@cache
def published_schema():
    return schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


def cases(mode):
    """Requests for every operation of the schema, each operation as likely as the next.
    Deferred: the schema is read from the site when the first test runs, not at import."""
    return st.deferred(
        lambda: st.sampled_from(
            [result.ok() for result in published_schema().get_all_operations()]
        ).flatmap(lambda operation: operation.as_strategy(generation_mode=mode))
    )


class ApiSchemaFuzzTestCase(FuzzTestCase):
    def setUp(self):
        super().setUp()
        # Something behind every kind of address: an article with an approved comment, in
        # a story, by an author, in a topic.
        article = self.make_article("Talks resume in Strelna")
        Comment.objects.create(
            article=article, body="Good piece.", author_name="Dana Reader",
            author_email="dana@example.org", status=Comment.Status.APPROVED,
        )  # fmt: skip
        story = Story.objects.create(name="Strelna talks", slug="strelna-talks")
        StoryMember.objects.create(article=article, story=story)
        # A WSGI server closes the request's database connections when it ends; Django's
        # test client keeps them, and so must we: they hold this test's transaction.
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
            self.addCleanup(signal.connect, close_old_connections)

    @given(case=cases(GenerationMode.POSITIVE))
    def test_valid_requests_get_the_answers_the_schema_promises(self, case):
        # Not "every valid request is accepted": a well-formed parameter that names nothing
        # (?topic=atlantis) or contradicts another (published_before earlier than
        # published_after) is a 400 that says so, which no schema can express.
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    @given(case=cases(GenerationMode.NEGATIVE))
    def test_invalid_requests_get_the_answers_the_schema_promises(self, case):
        case.call_and_validate()
