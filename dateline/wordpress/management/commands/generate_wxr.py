"""Write a synthetic WordPress export (WXR 1.2), for measuring `import_wordpress` at scale.

    manage.py generate_wxr OUT.xml [--posts 10000] [--comments 50000] [--seed 1]

What WordPress's Tools > Export writes for a news site: authors, nested categories and
tags, then every post and attachment in id order. Posts have a few hundred words each,
about half in block-editor markup (<!-- wp:paragraph -->, headings, quotes, lists, images,
an embed, now and then a block WordPress draws on each page view) and half classic
(blank-line paragraphs, [caption], [embed], [gallery], and a plugin's [contact-form-7]
that the importer removes and reports). Most posts have a featured image (an attachment
item and a `_thumbnail_id`); their dates are spread over eight years up to today, with a
few drafts, posts in review, private, password-protected, scheduled and sticky ones.
Comments are threaded (replies up to four deep, to approved comments) and mostly
approved, some pending, some spam, spread unevenly: a few posts draw most of them.

Every word comes from the word lists below, written for this command: no dataset to ship.
The same seed writes the same file on the same day (dates are counted back from today).
"""

import random
import re
import string
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

SITE = "https://gazette.example.org"
SPAN_DAYS = 8 * 365
BODY_WORDS = (250, 700)
# Shares of posts (the rest are published).
POST_STATUSES = [("draft", 0.04), ("pending", 0.015), ("private", 0.01), ("future", 0.002)]
PASSWORD_SHARE = 0.005
STICKY_POSTS = 3
BLOCK_EDITOR_SHARE = 0.55
FEATURED_IMAGE_SHARE = 0.6
EXCERPT_SHARE = 0.3
MODIFIED_SHARE = 0.2
# Comments: shares of pending and spam (the rest are approved), and of replies.
PENDING_SHARE = 0.1
SPAM_SHARE = 0.08
REPLY_SHARE = 0.35
MAX_DEPTH = 4  # WordPress's default thread_comments_depth is 5 levels: 0 to 4

# fmt: off
AUTHORS = [
    ("mkeller", "Mara Keller"), ("dosei", "Daniel Osei"), ("lfarrow", "Lena Farrow"),
    ("tquill", "Tobias Quill"), ("rnakamura", "Rei Nakamura"), ("abrandt", "Anouk Brandt"),
    ("pwhitlock", "Priya Whitlock"), ("desk", "The Gazette Desk"),
]
# (slug, name, parent slug, words stories filed there lean on)
CATEGORIES = [
    ("news", "News", "", ["inquiry", "ballot", "ferry", "strike"]),
    ("local", "Local", "news", ["bypass", "library", "market hall", "allotment"]),
    ("politics", "Politics", "news", ["coalition", "by-election", "manifesto", "committee"]),
    ("business", "Business", "", ["dividend", "takeover", "warehouse", "export deal"]),
    ("harbour", "Harbour and Shipping", "business", ["cargo", "dredging", "quay", "trawler"]),
    ("health", "Health", "", ["ward", "clinic", "vaccine", "waiting list"]),
    ("schools", "Schools", "", ["exam", "playground", "curriculum", "school meal"]),
    ("sport", "Sport", "", ["fixture", "striker", "regatta", "league table"]),
    ("culture", "Culture", "", ["exhibition", "festival", "choir", "premiere"]),
    ("environment", "Environment", "", ["flood defence", "wetland", "emissions", "recycling"]),
    ("transport", "Transport", "", ["timetable", "tram line", "cycle lane", "bus route"]),
    ("opinion", "Opinion", "", ["column", "letter", "editorial", "debate"]),
]
FIRST_NAMES = """
Ada Alma Anders Bea Bruno Cora Dario Edda Elio Esme Fenna Gideon Greta Hanno Ines Ivo Jora
Kasper Leni Linus Mabel Milo Nell Nico Oda Orla Pim Quinn Rosa Rune Sable Silas Tilde Ugo
Vera Wim Yara Zeno Amara Bastian Clio Dov Elke Fabian Hester Ilya Juno
""".split()  # noqa: SIM905 - a word list reads better as text
NAME_STARTS = """
Al Bar Cor Dal Eb Fen Gar Hol Ing Jar Kel Lor Mar Nor Ost Pel Quin Ros Sel Tor Ulm Vel Wes
""".split()  # noqa: SIM905
NAME_ENDS = """
brook wick stead holm by mere gate ridge wold thorpe combe ley haven moor field crest
""".split()  # noqa: SIM905
SUBJECTS = [
    "the council", "the harbour board", "ministers", "the regional assembly", "residents",
    "shop owners", "campaigners", "the opposition", "union leaders", "the water company",
    "developers", "the mayor", "teachers", "nurses", "the transport authority", "police",
    "farmers", "the university", "fishing crews", "the chamber of commerce", "volunteers",
    "the planning committee", "parents", "the hospital trust", "{Person}", "{Org}",
]
VERBS = [
    "approved", "delayed", "rejected", "announced", "criticised", "welcomed", "postponed",
    "defended", "questioned", "backed", "reviewed", "blocked", "funded", "expanded",
    "scrapped", "proposed", "unveiled", "challenged", "promised", "halted", "cut",
    "doubled", "redesigned", "inspected", "reopened", "signed off", "put on hold",
]
BASE_VERBS = [
    "build", "close", "extend", "replace", "rebuild", "sell", "protect", "fund", "move",
    "modernise", "repair", "review", "rename", "expand", "reopen", "share",
]
NOUNS = [
    "budget", "bridge", "harbour wall", "school", "library", "bus depot", "housing scheme",
    "sea wall", "hospital wing", "town square", "swimming pool", "market", "fish quay",
    "railway station", "park", "water supply", "car park", "tax rise", "health centre",
    "ferry service", "power station", "wind farm", "festival", "stadium", "museum",
    "youth club", "bus fare", "recycling plant", "ring road", "lighthouse", "theatre",
    "fire station", "tram depot", "care home", "sports hall", "parking charge",
]
ADJECTIVES = [
    "new", "long-awaited", "controversial", "costly", "ageing", "temporary", "revised",
    "ambitious", "modest", "disputed", "cheaper", "larger", "smaller", "delayed",
    "popular", "crumbling", "flagship", "proposed", "expanded", "unpopular", "historic",
]
GROUPS = [
    "residents", "traders", "commuters", "pensioners", "students", "fishermen", "parents",
    "councillors", "nurses", "drivers", "tenants", "landlords", "shoppers", "engineers",
]
ROLES = [
    "a councillor", "the finance director", "a local trader", "the head teacher",
    "a spokeswoman for the council", "a spokesman for the harbour board", "the chief nurse",
    "a union organiser", "the chair of the residents' association", "an engineer",
    "the deputy mayor", "a retired fisherman", "a planning officer",
]
WHEN = [
    "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week",
    "this morning", "at the weekend", "late on Tuesday", "earlier this month",
]
TAILS = [
    "", "", "", "after months of talks", "despite objections from {groups}",
    "at a meeting in {Place}", "ahead of the election", "in a vote of {count} to {count}",
    "for the second time this year", "at a cost of {money}", "following complaints from {groups}",
]
CHANGES = ["rose", "fell", "stalled", "recovered", "doubled", "slowed", "grew", "shrank"]
MONEY = ["£40,000", "£250,000", "£1.2m", "£3.5m", "£18m", "£600,000", "£75m", "£9m"]
SHARES = ["3%", "5%", "8%", "12%", "a fifth", "a quarter", "a third", "half"]
COUNTS = ["two", "three", "five", "seven", "nine", "11", "14", "20", "32"]
PERIODS = [
    "within a year", "by the spring", "before the summer", "over the next decade",
    "since 2019", "in the last quarter", "by the end of the year",
]
QUOTES = [
    "We have waited long enough for the {noun}",
    "Nobody asked {groups} what they wanted",
    "This is the right decision for {Place}",
    "The {noun} has to pay for itself",
    "We will keep the {noun} open whatever it takes",
    "It is a {adj} plan and it deserves a fair hearing",
    "People in {Place} deserve better than a {adj} {noun}",
    "I have never seen {groups} this angry",
]
SENTENCES = [
    "{Subject} {verb} the {adj} {noun} {when} {tail}.",
    "{Subject} {verb} plans for a {adj} {noun} in {Place} {tail}.",
    "The {noun} in {Place} would cost about {money}, according to {Org}.",
    "Spending on the {noun} {change} by {share} {period}.",
    "{Person}, {role}, said the {noun} was {adj} but necessary.",
    '"{Quote}," said {Person}, {role}.',
    '"{Quote}," {Person} told {groups} at a meeting in {Place}.',
    "{Groups} in {Place} said they had not been consulted about the {noun}.",
    "A decision on the {noun} is expected {period}.",
    "{Org} said it would {base} the {noun} {period}.",
    "Figures from {Org} show the number of {groups} using the {noun} {change} by {share}.",
    "{Count} {groups} wrote to {Org} asking it to {base} the {noun}.",
]
COMMENT_SENTENCES = [
    "I live in {Place} and the {noun} has been {adj} for years.",
    "Who is paying for the {noun}?",
    "Good to see {Org} finally doing something.",
    "The article leaves out what {groups} think.",
    "Same story every year: {adj} plans and nothing built.",
    "My father worked on the old {noun}, it was never {adj}.",
    "Thanks for covering this, nobody else has.",
    "{Count} years we have been asking for this.",
    "Is there a date for the next meeting in {Place}?",
    "I disagree with {Person} on this one.",
]
SPAM_SENTENCES = [
    "Great post! Visit my site for cheap {noun} deals.",
    "Earn {money} a week from home, click here.",
    "Best prices on replica watches and more.",
    "Very informative. Check out my blog about {noun} loans.",
]
SPAM_DOMAINS = ["cheap-deals.example.com", "fast-loans.example.net", "best-offers.example.info"]
VIDEO_HOSTS = ["https://www.youtube.com/watch?v=", "https://vimeo.com/"]
# fmt: on


@dataclass
class Counts:
    """What the file holds, for comparing with the import summary."""

    posts: Counter = field(default_factory=Counter)  # by WordPress status
    comments: Counter = field(default_factory=Counter)  # by <wp:comment_approved>
    attachments: int = 0
    replies: int = 0
    password_protected: int = 0
    sticky: int = 0


def invented_names(ends):
    return sorted({start + end for start in NAME_STARTS for end in ends})


SURNAMES = invented_names(["er", "ton", "ley", "man", "ford", "well", "by", "sen", "ard"])
PLACES = invented_names(NAME_ENDS)
ORG_KINDS = ["Trust", "Council", "Partnership", "Cooperative", "Institute", "Group", "Society"]
SLOT = re.compile(r"\{(\w+)\}")
ARTICLE = re.compile(r"\b([Aa]) ([aeiou])")


class Writer:
    """Fills the templates above with words drawn by one random generator."""

    def __init__(self, rng):
        self.rng = rng
        self.nouns = NOUNS
        self.slots = {
            "Subject": lambda: initial(self.fill(rng.choice(SUBJECTS))),
            "verb": lambda: rng.choice(VERBS),
            "base": lambda: rng.choice(BASE_VERBS),
            "noun": lambda: rng.choice(self.nouns),
            "adj": lambda: rng.choice(ADJECTIVES),
            "groups": lambda: rng.choice(GROUPS),
            "Groups": lambda: initial(rng.choice(GROUPS)),
            "role": lambda: rng.choice(ROLES),
            "when": lambda: rng.choice(WHEN),
            "tail": lambda: self.fill(rng.choice(TAILS)),
            "change": lambda: rng.choice(CHANGES),
            "money": lambda: rng.choice(MONEY),
            "share": lambda: rng.choice(SHARES),
            "count": lambda: rng.choice(COUNTS),
            "Count": lambda: initial(rng.choice(COUNTS)),
            "period": lambda: rng.choice(PERIODS),
            "Quote": lambda: self.fill(rng.choice(QUOTES)),
            "Person": self.person,
            "Place": lambda: rng.choice(PLACES),
            "Org": lambda: f"{rng.choice(PLACES)} {rng.choice(ORG_KINDS)}",
            "verb_short": lambda: rng.choice(["back", "fight", "question"]),
        }

    def fill(self, template):
        text = SLOT.sub(lambda match: self.slots[match.group(1)](), template)
        text = " ".join(text.split()).replace(" .", ".")
        return ARTICLE.sub(r"\1n \2", text)  # "a expanded museum" -> "an expanded museum"

    def person(self):
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"

    def sentence(self, templates=SENTENCES):
        return self.fill(self.rng.choice(templates))

    def paragraph(self, sentences):
        return " ".join(self.sentence() for _ in range(sentences))

    def paragraphs(self, words):
        """Paragraphs of two to five sentences, about `words` words in all."""
        out, count = [], 0
        while count < words:
            paragraph = self.paragraph(self.rng.randint(2, 5))
            out.append(paragraph)
            count += paragraph.count(" ") + 1
        return out

    def headline(self):
        template = self.rng.choice(
            [
                "{Subject} {verb} {adj} {noun} plan",
                "{Place} {noun}: {groups} {verb_short} the {adj} plans",
                "{Org} to {base} {Place} {noun}",
                "{Groups} fear for the {noun} as costs reach {money}",
                "Spending on {noun} {change} by {share}",
                "{Place} {groups} {verb_short} {Org} over {noun}",
                "Why {groups} in {Place} want a {adj} {noun}",
                "{Person} named to lead {Org}",
                "{Count} {groups} sign letter on {Place} {noun}",
                "{adj} {noun} for {Place} {period}",
                "Vote on {noun} {when}",
            ]
        )
        return initial(self.fill(template))


class Generator:
    def __init__(self, *, posts, comments, seed, newest):
        self.rng = random.Random(seed)
        self.writer = Writer(self.rng)
        self.post_count = posts
        self.comment_count = comments
        self.newest = newest
        self.counts = Counts()
        self.next_id = 1
        self.next_comment_id = 1
        self.slugs = set()
        self.tags = sorted(set(NOUNS) | set(self.rng.sample(PLACES, min(120, len(PLACES)))))

    def new_id(self):
        self.next_id += 1
        return self.next_id

    def write(self, out):
        """Write the whole export to the text stream `out`; return the Counts."""
        out.write(self.header())
        dates = sorted(
            self.newest - timedelta(seconds=self.rng.uniform(0, SPAN_DAYS * 86400))
            for _ in range(self.post_count)
        )
        statuses = [self.post_status() for _ in range(self.post_count)]
        comments = self.comments_per_post(statuses)
        sticky = set(self.rng.sample(range(self.post_count), min(STICKY_POSTS, self.post_count)))
        for index, (date, status) in enumerate(zip(dates, statuses, strict=True)):
            if status == "future":
                date = self.newest + timedelta(days=self.rng.uniform(1, 30))
            out.write(self.post(date, status, comments[index], sticky=index in sticky))
        out.write("\n</channel>\n</rss>\n")
        return self.counts

    def post_status(self):
        draw = self.rng.random()
        for status, share in POST_STATUSES:
            if draw < share:
                return status
            draw -= share
        return "publish"

    def comments_per_post(self, statuses):
        """How many comments each post gets: a few posts draw most of them (weights from a
        Pareto distribution), drafts and scheduled posts none."""
        open_posts = [i for i, status in enumerate(statuses) if status == "publish"]
        per_post = [0] * len(statuses)
        if not open_posts:
            return per_post
        weights = [min(self.rng.paretovariate(1.3), 60) for _ in open_posts]
        for index in self.rng.choices(open_posts, weights=weights, k=self.comment_count):
            per_post[index] += 1
        return per_post

    # The channel ---------------------------------------------------------------------

    def header(self):
        authors = "".join(
            f"""
  <wp:author><wp:author_id>{number}</wp:author_id><wp:author_login>{cdata(login)}</wp:author_login><wp:author_email>{cdata(login + "@gazette.example.org")}</wp:author_email><wp:author_display_name>{cdata(name)}</wp:author_display_name><wp:author_first_name>{cdata(name.split()[0])}</wp:author_first_name><wp:author_last_name>{cdata(name.split()[-1])}</wp:author_last_name></wp:author>"""  # noqa: E501
            for number, (login, name) in enumerate(AUTHORS, start=1)
        )
        categories = "".join(
            f"""
  <wp:category><wp:term_id>{number}</wp:term_id><wp:category_nicename>{cdata(slug)}</wp:category_nicename><wp:category_parent>{cdata(parent)}</wp:category_parent><wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>"""  # noqa: E501
            for number, (slug, name, parent, _) in enumerate(CATEGORIES, start=1)
        )
        tags = "".join(
            f"""
  <wp:tag><wp:term_id>{number}</wp:term_id><wp:tag_slug>{cdata(slugify(tag))}</wp:tag_slug><wp:tag_name>{cdata(tag)}</wp:tag_name></wp:tag>"""  # noqa: E501
            for number, tag in enumerate(self.tags, start=100)
        )
        return f"""<?xml version="1.0" encoding="UTF-8" ?>
<!-- This is a WordPress eXtended RSS file generated by Dateline's generate_wxr. -->
<rss version="2.0"
\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
  <title>The Harbour Gazette</title>
  <link>{SITE}</link>
  <description>News from the coast</description>
  <pubDate>{format_datetime(self.newest)}</pubDate>
  <language>en-GB</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>{SITE}</wp:base_site_url>
  <wp:base_blog_url>{SITE}</wp:base_blog_url>
{authors}{categories}{tags}
  <generator>https://wordpress.org/?v=6.4</generator>
"""

    # Posts ---------------------------------------------------------------------------

    def post(self, date, status, comment_count, *, sticky):
        rng, writer = self.rng, self.writer
        post_id = self.new_id()
        category = rng.choice(CATEGORIES)
        writer.nouns = NOUNS + category[3] * 4  # stories lean on their section's words
        title = writer.headline()
        slug = self.unique_slug(slugify(title)[:60].strip("-") or f"post-{post_id}")
        link = f"{SITE}/{date:%Y/%m/%d}/{slug}/" if status in ("publish", "private") else ""
        image = None
        if rng.random() < FEATURED_IMAGE_SHARE:
            image = self.image(post_id, date, slug)
        if rng.random() < BLOCK_EDITOR_SHARE:
            body = self.block_body(image)
        else:
            body = self.classic_body(image)
        excerpt = writer.paragraph(1) if rng.random() < EXCERPT_SHARE else ""
        modified = date
        if rng.random() < MODIFIED_SHARE:
            modified = min(date + timedelta(hours=rng.uniform(0.1, 24 * 20)), self.newest)
        password = ""
        if status == "publish" and rng.random() < PASSWORD_SHARE:
            password = "harbour"
            self.counts.password_protected += 1
        self.counts.posts[status] += 1
        self.counts.sticky += sticky
        terms = self.terms(category)
        meta = [("_edit_last", "1")]
        if image:
            meta.append(("_thumbnail_id", str(image["id"])))
        author = rng.choice(AUTHORS)[0]
        item = f"""
  <item>
    <title>{escape(title)}</title>
    <link>{link or f"{SITE}/?p={post_id}"}</link>
    <pubDate>{format_datetime(date) if status == "publish" else ""}</pubDate>
    <dc:creator>{cdata(author)}</dc:creator>
    <guid isPermaLink="false">{SITE}/?p={post_id}</guid>
    <description></description>
    <content:encoded>{cdata(body)}</content:encoded>
    <excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>
    <wp:post_id>{post_id}</wp:post_id>
    <wp:post_date>{cdata(wp_date(date))}</wp:post_date>
    <wp:post_date_gmt>{cdata(wp_date(date) if status != "draft" else "0000-00-00 00:00:00")}</wp:post_date_gmt>
    <wp:post_modified>{cdata(wp_date(modified))}</wp:post_modified>
    <wp:post_modified_gmt>{cdata(wp_date(modified))}</wp:post_modified_gmt>
    <wp:comment_status>{cdata("open")}</wp:comment_status>
    <wp:ping_status>{cdata("open")}</wp:ping_status>
    <wp:post_name>{cdata(slug if status != "draft" else "")}</wp:post_name>
    <wp:status>{cdata(status)}</wp:status>
    <wp:post_parent>0</wp:post_parent>
    <wp:menu_order>0</wp:menu_order>
    <wp:post_type>{cdata("post")}</wp:post_type>
    <wp:post_password>{cdata(password)}</wp:post_password>
    <wp:is_sticky>{1 if sticky else 0}</wp:is_sticky>
    {terms}{postmeta(meta)}{self.comments(date, comment_count)}
  </item>"""  # noqa: E501
        return item + (self.attachment(image, post_id, author) if image else "")

    def unique_slug(self, slug):
        candidate, number = slug, 1
        while candidate in self.slugs:
            number += 1
            candidate = f"{slug}-{number}"
        self.slugs.add(candidate)
        return candidate

    def terms(self, category):
        slug, name, parent, _ = category
        chosen = [(slug, name)]
        if parent and self.rng.random() < 0.5:
            chosen.append(next((c[0], c[1]) for c in CATEGORIES if c[0] == parent))
        out = "".join(
            f'<category domain="category" nicename="{s}">{cdata(n)}</category>' for s, n in chosen
        )
        for tag in self.rng.sample(self.tags, self.rng.randint(0, 5)):
            out += f'<category domain="post_tag" nicename="{slugify(tag)}">{cdata(tag)}</category>'
        return out

    def image(self, post_id, date, slug):
        name = f"{slug[:40].rstrip('-')}-{post_id}"
        return {
            "id": self.new_id(),
            "date": date,
            "name": name,
            "file": f"{date:%Y/%m}/{name}.jpg",
            "url": f"{SITE}/wp-content/uploads/{date:%Y/%m}/{name}.jpg",
            "caption": self.writer.sentence(),
        }

    def attachment(self, image, parent, author):
        self.counts.attachments += 1
        date = wp_date(image["date"])
        meta = [
            ("_wp_attached_file", image["file"]),
            ("_wp_attachment_image_alt", image["caption"][:80]),
        ]
        return f"""
  <item>
    <title>{escape(image["name"])}</title>
    <link>{SITE}/?attachment_id={image["id"]}</link>
    <pubDate>{format_datetime(image["date"])}</pubDate>
    <dc:creator>{cdata(author)}</dc:creator>
    <guid isPermaLink="false">{image["url"]}</guid>
    <description></description>
    <content:encoded>{cdata("")}</content:encoded>
    <excerpt:encoded>{cdata(image["caption"])}</excerpt:encoded>
    <wp:post_id>{image["id"]}</wp:post_id>
    <wp:post_date>{cdata(date)}</wp:post_date>
    <wp:post_date_gmt>{cdata(date)}</wp:post_date_gmt>
    <wp:post_modified>{cdata(date)}</wp:post_modified>
    <wp:post_modified_gmt>{cdata(date)}</wp:post_modified_gmt>
    <wp:comment_status>{cdata("open")}</wp:comment_status>
    <wp:ping_status>{cdata("closed")}</wp:ping_status>
    <wp:post_name>{cdata(image["name"])}</wp:post_name>
    <wp:status>{cdata("inherit")}</wp:status>
    <wp:post_parent>{parent}</wp:post_parent>
    <wp:menu_order>0</wp:menu_order>
    <wp:post_type>{cdata("attachment")}</wp:post_type>
    <wp:post_password>{cdata("")}</wp:post_password>
    <wp:is_sticky>0</wp:is_sticky>
    <wp:attachment_url>{cdata(image["url"])}</wp:attachment_url>
    {postmeta(meta)}
  </item>"""

    # Bodies --------------------------------------------------------------------------

    def block_body(self, image):
        rng, writer = self.rng, self.writer
        paragraphs = writer.paragraphs(rng.randint(*BODY_WORDS))
        blocks = []
        for number, text in enumerate(paragraphs):
            if number == 1:
                blocks.append("<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->")
            if number == 2 and image:
                blocks.append(
                    f'<!-- wp:image {{"id":{image["id"]},"sizeSlug":"large"}} -->\n'
                    f'<figure class="wp-block-image size-large"><img src="{image["url"]}" '
                    f'alt="" class="wp-image-{image["id"]}"/><figcaption class="'
                    f'wp-element-caption">{escape(image["caption"])}</figcaption></figure>\n'
                    "<!-- /wp:image -->"
                )
            if number and number % 4 == 0:
                blocks.append(
                    f'<!-- wp:heading -->\n<h2 class="wp-block-heading">'
                    f"{escape(writer.headline())}</h2>\n<!-- /wp:heading -->"
                )
            draw = rng.random()
            if draw < 0.08:
                blocks.append(
                    '<!-- wp:quote -->\n<blockquote class="wp-block-quote"><!-- wp:paragraph -->'
                    f"\n<p>{escape(writer.sentence())}</p>\n<!-- /wp:paragraph --></blockquote>"
                    "\n<!-- /wp:quote -->"
                )
            elif draw < 0.14:
                items = "".join(
                    f"<!-- wp:list-item -->\n<li>{escape(writer.sentence())}</li>\n"
                    "<!-- /wp:list-item -->"
                    for _ in range(rng.randint(2, 5))
                )
                blocks.append(f"<!-- wp:list -->\n<ul>{items}</ul>\n<!-- /wp:list -->")
            blocks.append(
                f"<!-- wp:paragraph -->\n<p>{inline_markup(rng, escape(text))}</p>\n"
                "<!-- /wp:paragraph -->"
            )
        draw = rng.random()
        if draw < 0.05:
            url = video_url(rng)
            blocks.append(
                f'<!-- wp:embed {{"url":"{url}","type":"video","providerNameSlug":"youtube"}} -->'
                '\n<figure class="wp-block-embed is-type-video"><div class="wp-block-embed__'
                f'wrapper">\n{url}\n</div></figure>\n<!-- /wp:embed -->'
            )
        elif draw < 0.07:
            blocks.append('<!-- wp:latest-posts {"postsToShow":3} /-->')
        return "\n\n".join(blocks)

    def classic_body(self, image):
        rng, writer = self.rng, self.writer
        paragraphs = [
            inline_markup(rng, escape(text)) for text in writer.paragraphs(rng.randint(*BODY_WORDS))
        ]
        if len(paragraphs) > 2:
            paragraphs.insert(1, "<!--more-->")
        if image and len(paragraphs) > 3:
            paragraphs.insert(
                3,
                f'[caption id="attachment_{image["id"]}" align="aligncenter" width="1024"]'
                f'<img class="size-large wp-image-{image["id"]}" src="{image["url"]}" '
                f'alt="" width="1024" height="683" /> {escape(image["caption"])}[/caption]',
            )
        draw = rng.random()
        if draw < 0.04:
            paragraphs.append(f"[embed]{video_url(rng)}[/embed]")
        elif draw < 0.06 and image:
            paragraphs.append(f'[gallery ids="{image["id"]}" columns="1"]')
        elif draw < 0.08:
            paragraphs.append('[contact-form-7 id="41" title="Send us a tip"]')
        return "\n\n".join(paragraphs)

    # Comments ------------------------------------------------------------------------

    def comments(self, post_date, count):
        rng, writer = self.rng, self.writer
        out, approved, date = [], [], post_date
        for _ in range(count):
            comment_id = self.next_comment_id
            self.next_comment_id += 1
            date = min(date + timedelta(minutes=rng.expovariate(1 / 600)), self.newest)
            draw = rng.random()
            parent, depth = 0, 0
            if draw < SPAM_SHARE:
                status = "spam"
                text = writer.fill(rng.choice(SPAM_SENTENCES))
                domain = rng.choice(SPAM_DOMAINS)
                text += f' <a href="https://{domain}/">https://{domain}/</a>'
                name, email, url = (
                    "Best Deals",
                    f"offers{comment_id}@{domain}",
                    f"https://{domain}/",
                )
            else:
                status = "0" if draw < SPAM_SHARE + PENDING_SHARE else "1"
                sentences = [writer.sentence(COMMENT_SENTENCES) for _ in range(rng.randint(1, 4))]
                text = " ".join(sentences)
                if len(sentences) > 2:
                    text = f"{' '.join(sentences[:2])}\n\n{' '.join(sentences[2:])}"
                first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
                name = f"{first} {last}" if rng.random() < 0.7 else first
                email = f"{first}.{last}{comment_id % 97}@example.net".lower()
                url = f"https://{first}{last}.example.com/".lower() if rng.random() < 0.2 else ""
                candidates = [c for c in approved if c[1] < MAX_DEPTH]
                if candidates and rng.random() < REPLY_SHARE:
                    parent, parent_depth = rng.choice(candidates)
                    depth = parent_depth + 1
                    self.counts.replies += 1
                if status == "1":
                    approved.append((comment_id, depth))
            self.counts.comments[status] += 1
            ip = f"{rng.choice(['192.0.2', '198.51.100', '203.0.113'])}.{rng.randint(1, 254)}"
            out.append(
                f"""
    <wp:comment>
      <wp:comment_id>{comment_id}</wp:comment_id>
      <wp:comment_author>{cdata(name)}</wp:comment_author>
      <wp:comment_author_email>{cdata(email)}</wp:comment_author_email>
      <wp:comment_author_url>{url}</wp:comment_author_url>
      <wp:comment_author_IP>{cdata(ip)}</wp:comment_author_IP>
      <wp:comment_date>{cdata(wp_date(date))}</wp:comment_date>
      <wp:comment_date_gmt>{cdata(wp_date(date))}</wp:comment_date_gmt>
      <wp:comment_content>{cdata(text)}</wp:comment_content>
      <wp:comment_approved>{cdata(status)}</wp:comment_approved>
      <wp:comment_type>{cdata("comment")}</wp:comment_type>
      <wp:comment_parent>{parent}</wp:comment_parent>
      <wp:comment_user_id>0</wp:comment_user_id>
    </wp:comment>"""
            )
        return "".join(out)


def initial(text):
    """ "the council" -> "The council" (str.capitalize would lower "Mara Keller")."""
    return text[:1].upper() + text[1:]


def cdata(text):
    return f"<![CDATA[{text}]]>"


def postmeta(pairs):
    return "".join(
        f"\n    <wp:postmeta>\n      <wp:meta_key>{cdata(key)}</wp:meta_key>\n"
        f"      <wp:meta_value>{cdata(value)}</wp:meta_value>\n    </wp:postmeta>"
        for key, value in pairs
    )


def wp_date(moment):
    return f"{moment:%Y-%m-%d %H:%M:%S}"


def video_url(rng):
    host = rng.choice(VIDEO_HOSTS)
    if "youtube" in host:
        return host + "".join(rng.choices(string.ascii_letters + string.digits, k=11))
    return host + str(rng.randint(10_000_000, 99_999_999))


def inline_markup(rng, text):
    """Now and then a word in bold or a link, as reporters write them."""
    draw = rng.random()
    if draw < 0.1:
        words = text.split(" ")
        at = rng.randrange(len(words))
        words[at] = f"<strong>{words[at]}</strong>"
        return " ".join(words)
    if draw < 0.15:
        return f'{text} <a href="{SITE}/?p={rng.randint(2, 5000)}">Read more</a>.'
    return text


def generate_export(out, *, posts, comments, seed=1, newest=None):
    """Write a synthetic WXR 1.2 export to the text stream `out`; return its Counts."""
    newest = newest or datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return Generator(posts=posts, comments=comments, seed=seed, newest=newest).write(out)


class Command(BaseCommand):
    help = (
        "Write a synthetic WordPress export (WXR 1.2) of N posts with M threaded comments, "
        "for measuring import_wordpress (bench/wxr_import.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="The .xml file to write.")
        parser.add_argument("--posts", type=int, default=10_000, help="Default 10,000.")
        parser.add_argument("--comments", type=int, default=50_000, help="Default 50,000.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")

    def handle(self, *args, output, posts, comments, seed, **options):
        if posts < 1 or comments < 0:
            raise CommandError("--posts must be 1 or more and --comments 0 or more.")
        started = time.monotonic()
        with open(output, "w", encoding="utf-8") as out:
            counts = generate_export(out, posts=posts, comments=comments, seed=seed)
        statuses = ", ".join(f"{n:,} {status}" for status, n in counts.posts.most_common())
        c = counts.comments
        self.stdout.write(
            f"Wrote {output} in {time.monotonic() - started:.1f}s: {posts:,} posts "
            f"({statuses}; {counts.password_protected} password-protected, {counts.sticky} "
            f"sticky), {counts.attachments:,} featured-image attachments, {comments:,} "
            f"comments ({c['1']:,} approved, {c['0']:,} pending, {c['spam']:,} spam; "
            f"{counts.replies:,} replies)."
        )
