"""Property-based tests of the reader pages (issue 20): whatever a reader or a robot puts in
the address, its path or its query, no page fails with a server error, and none sends back
markup it was given as live markup."""

import re

from django.core import signing
from django.urls import URLResolver, get_resolver
from django.utils.timezone import now
from hypothesis import given
from hypothesis import strategies as st

from dateline.comments import cookies
from dateline.comments.models import Comment
from dateline.live import services as live_services
from dateline.newsletters.models import Issue, Newsletter
from dateline.related.models import Story, StoryMember
from dateline.test import (
    HOSTILE,
    MARKUP,
    FuzzTestCase,
    as_sent,
    hostile_query,
    hostile_text,
)

# Every query parameter a reader page reads: a listing's page, the page of comments, the
# comment replied to, the held comment, the page of live updates, the comments opened, a
# WordPress short link.
PARAMETERS = ["page", "cpage", "replyto", "held", "updates", "comments", "p"]
LISTINGS = [
    "/", "/latest/", "/archive/", "/archive/{year}/", "/archive/{year}/{month}/",
    "/news/world/", "/authors/alice-example/", "/stories/strelna-talks/", "/corrections/",
    "/newsletters/", "/newsletters/daily/", "/newsletters/daily/{issue}/", "/feeds/rss/",
    "/sitemap.xml", "/live/{article}/updates.json",
]  # fmt: skip


def routes():
    """Every address the site answers outside the newsroom's admin, with "{}" for each part
    the pattern takes from the path: "news/{}/{}/" for news/<slug:topic_slug>/<slug:slug>/."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif not route.startswith("admin/"):
                # A path() pattern's <converter:name>, a re_path()'s group or ".*".
                route = re.sub(r"<[^>]*>|\(\?P<\w+>[^)]*\)|\.\*", "{}", route)
                found.append(route.replace("^", "").replace("$", ""))

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


class ReaderPagesFuzzTestCase(FuzzTestCase):
    def setUp(self):
        super().setUp()
        self.article = self.make_article("Talks resume in Strelna")
        self.approved = Comment.objects.create(
            article=self.article, body="Good piece.", author_name="Dana Reader",
            author_email="dana@example.org", status=Comment.Status.APPROVED,
        )  # fmt: skip
        self.held = Comment.objects.create(
            article=self.article, body="Held back.", author_name="Erin Example",
            author_email="erin@example.org", status=Comment.Status.PENDING,
        )  # fmt: skip
        live_services.start_coverage(self.article)
        with self.captureOnCommitCallbacks(execute=True):
            live_services.post_entry(self.article, "<p>Talks began.</p>", by=self.alice)
        story = Story.objects.create(name="Strelna talks", slug="strelna-talks")
        StoryMember.objects.create(article=self.article, story=story)
        daily = Newsletter.objects.create(name="The Daily Briefing", slug="daily")
        self.issue = Issue.objects.create(
            newsletter=daily, subject="Monday", body_text="Talks resume.",
            status=Issue.Status.SENT, sent_at=now(),
        )  # fmt: skip

    def address(self, template):
        published = self.article.published_at
        return template.format(
            year=published.year, month=published.month,
            issue=self.issue.pk, article=self.article.pk,
        )  # fmt: skip

    def part(self, data):
        """A part of a path: something the site has, a well-formed but absurd slug or
        number, or a hostile value."""
        real = [
            "world", "alice-example", "strelna-talks", "daily", self.article.slug,
            str(self.article.pk), str(self.approved.pk), str(self.issue.pk), "2025", "1",
        ]  # fmt: skip
        absurd = st.one_of(
            st.from_regex(r"[-a-zA-Z0-9_]{1,300}", fullmatch=True),
            st.integers(min_value=0, max_value=10**40).map(str),
        )
        return as_sent(data.draw(st.one_of(st.sampled_from(real), absurd, hostile_text())))

    @given(
        query=hostile_query(PARAMETERS),
        with_held_comment=st.booleans(),
    )
    def test_the_article_page_answers_any_query(self, query, with_held_comment):
        if with_held_comment:
            # The reader's browser says they wrote a comment awaiting moderation.
            self.client.cookies[cookies.HELD_COOKIE] = signing.dumps(
                [self.held.pk], salt=cookies.HELD_COOKIE
            )
        response = self.client.get(f"{self.article.get_absolute_url()}?{query}")

        self.assertSafeAnswer(response, query)

    def test_the_article_page_answers_every_known_hostile_value(self):
        # Each value of the list in every parameter at once, with a held comment: the
        # sample above sees only some of them.
        self.client.cookies[cookies.HELD_COOKIE] = signing.dumps(
            [self.held.pk], salt=cookies.HELD_COOKIE
        )
        for value in HOSTILE + MARKUP:
            with self.subTest(value=value[:50]):
                query = "&".join(f"{name}={as_sent(value)}" for name in PARAMETERS)
                response = self.client.get(f"{self.article.get_absolute_url()}?{query}")

                self.assertSafeAnswer(response, value)

    @given(listing=st.sampled_from(LISTINGS), query=hostile_query(PARAMETERS))
    def test_every_listing_answers_any_query(self, listing, query):
        response = self.client.get(f"{self.address(listing)}?{query}")

        self.assertSafeAnswer(response, query)

    @given(route=st.sampled_from(routes()), data=st.data())
    def test_every_address_answers_any_path(self, route, data):
        path = "/" + route.format(*(self.part(data) for _ in range(route.count("{}"))))

        response = self.client.get(path)

        self.assertSafeAnswer(response, path)
