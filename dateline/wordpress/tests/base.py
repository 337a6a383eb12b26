"""Shared props for the import tests: small WXR files written here, and where the real
exports in ../shared/data/wxr are.

Test modules that touch the database import the models from here: until
"dateline.wordpress" is in INSTALLED_APPS they are skipped with that reason instead of
failing to import.
"""

import io
import os
import re
import shutil
import tempfile
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

if not apps.is_installed("dateline.wordpress"):
    pytest.skip(
        'dateline.wordpress is not in INSTALLED_APPS yet: add "dateline.wordpress" to '
        "dateline/settings.py to run the WordPress import tests.",
        allow_module_level=True,
    )

from dateline.test import BaseTestCase  # noqa: E402
from dateline.wordpress.models import (  # noqa: E402, F401
    ImportedAuthor,
    ImportedComment,
    ImportedPost,
    WordPressRedirect,
)
from dateline.wordpress.services import (  # noqa: E402, F401
    WordPressImport,
    import_wordpress_export,
)

REPO_ROOT = Path(__file__).resolve().parents[3]
MIDDLEWARE = "dateline.wordpress.middleware.WordPressRedirectMiddleware"


def wxr_data_dir():
    """../shared/data/wxr beside the repository, or $DATELINE_WXR_DATA."""
    return Path(os.environ.get("DATELINE_WXR_DATA") or REPO_ROOT.parent / "shared/data/wxr")


def real_export(name):
    path = wxr_data_dir() / name
    if not path.is_file():
        pytest.skip(
            f"{path} is not here: the real WordPress exports live in ../shared/data/wxr "
            "(or set DATELINE_WXR_DATA to their folder)."
        )
    return path


def with_redirects():
    """The site's middleware plus the redirect middleware (until settings.py lists it)."""
    middleware = list(settings.MIDDLEWARE)
    if MIDDLEWARE not in middleware:
        middleware.insert(len(middleware) - 1, MIDDLEWARE)
    return override_settings(MIDDLEWARE=middleware)


def cdata(text):
    return f"<![CDATA[{text}]]>"


def comment_xml(
    wp_id,
    *,
    body="A comment.",
    parent=0,
    approved="1",
    email="reader@example.org",
    name="A Reader",
    ip="203.0.113.9",
    date="2013-01-11 09:00:00",
    kind="",
):
    return f"""
    <wp:comment>
      <wp:comment_id>{wp_id}</wp:comment_id>
      <wp:comment_author>{cdata(name)}</wp:comment_author>
      <wp:comment_author_email>{email}</wp:comment_author_email>
      <wp:comment_author_url>https://reader.example.org/</wp:comment_author_url>
      <wp:comment_author_IP>{ip}</wp:comment_author_IP>
      <wp:comment_date>{date}</wp:comment_date>
      <wp:comment_date_gmt>{date}</wp:comment_date_gmt>
      <wp:comment_content>{cdata(body)}</wp:comment_content>
      <wp:comment_approved>{approved}</wp:comment_approved>
      <wp:comment_type>{kind}</wp:comment_type>
      <wp:comment_parent>{parent}</wp:comment_parent>
      <wp:comment_user_id>0</wp:comment_user_id>
    </wp:comment>"""


def item_xml(
    wp_id,
    *,
    title="Talks resume in Strelna",
    slug=None,
    body="Negotiators met again on Monday.\n\nThey will meet again next week.",
    excerpt="",
    status="publish",
    post_type="post",
    date="2013-01-10 14:30:00",
    modified=None,
    creator="jdoe",
    categories=(("news", "News"),),
    tags=(),
    comments=(),
    password="",
    sticky=False,
    meta=(),
    parent=0,
    attachment_url="",
    link=None,
):
    slug = slug if slug is not None else f"post-{wp_id}"
    year, month, day = date[:10].split("-")
    if link is None:
        link = f"https://old.example.com/{year}/{month}/{day}/{slug}/" if slug else ""
    terms = "".join(
        f'<category domain="category" nicename="{nicename}">{cdata(name)}</category>'
        for nicename, name in categories
    ) + "".join(
        f'<category domain="post_tag" nicename="{nicename}">{cdata(name)}</category>'
        for nicename, name in tags
    )
    postmeta = "".join(
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
        f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>"
        for key, value in meta
    )
    return f"""
  <item>
    <title>{title}</title>
    <link>{link}</link>
    <dc:creator>{cdata(creator)}</dc:creator>
    <guid isPermaLink="false">https://old.example.com/?p={wp_id}</guid>
    <description></description>
    <content:encoded>{cdata(body)}</content:encoded>
    <excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>
    <wp:post_id>{wp_id}</wp:post_id>
    <wp:post_date>{date}</wp:post_date>
    <wp:post_date_gmt>{date}</wp:post_date_gmt>
    <wp:post_modified>{modified or date}</wp:post_modified>
    <wp:post_modified_gmt>{modified or date}</wp:post_modified_gmt>
    <wp:comment_status>open</wp:comment_status>
    <wp:post_name>{slug}</wp:post_name>
    <wp:status>{status}</wp:status>
    <wp:post_parent>{parent}</wp:post_parent>
    <wp:menu_order>0</wp:menu_order>
    <wp:post_type>{post_type}</wp:post_type>
    <wp:post_password>{password}</wp:post_password>
    <wp:is_sticky>{1 if sticky else 0}</wp:is_sticky>
    {f"<wp:attachment_url>{attachment_url}</wp:attachment_url>" if attachment_url else ""}
    {terms}{postmeta}{"".join(comments)}
  </item>"""


AUTHOR = """
  <wp:author>
    <wp:author_id>2</wp:author_id>
    <wp:author_login>jdoe</wp:author_login>
    <wp:author_email>jdoe@old.example.com</wp:author_email>
    <wp:author_display_name><![CDATA[Jane Doe]]></wp:author_display_name>
    <wp:author_first_name><![CDATA[Jane]]></wp:author_first_name>
    <wp:author_last_name><![CDATA[Doe]]></wp:author_last_name>
  </wp:author>"""


def wxr(*items, version="1.2", authors=AUTHOR, extra=""):
    namespace = f"http://wordpress.org/export/{version}/"
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="{namespace}excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="{namespace}">
<channel>
  <title>The Old Gazette</title>
  <link>https://old.example.com</link>
  <wp:wxr_version>{version}</wp:wxr_version>
  <wp:base_site_url>https://old.example.com</wp:base_site_url>
  <wp:base_blog_url>https://old.example.com</wp:base_blog_url>
  {authors}{extra}{"".join(items)}
</channel>
</rss>
"""


class ImportTestCase(BaseTestCase):
    """Exports are written to a throwaway folder; uploads land in a throwaway MEDIA_ROOT."""

    def setUp(self):
        super().setUp()
        self.folder = Path(tempfile.mkdtemp(prefix="dateline-wordpress-"))
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=str(self.folder / "media")))

    def write_export(self, text, name="export.xml"):
        path = self.folder / name
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        return path

    def run_import(self, text, *args):
        """`manage.py import_wordpress` on `text`; returns what it printed, with runs of
        white space as one space (the summary wraps long lines)."""
        path = self.write_export(text)
        out = io.StringIO()
        with redirect_stdout(out), self.captureOnCommitCallbacks(execute=True):
            call_command("import_wordpress", str(path), *args, stdout=out)
        return " ".join(out.getvalue().split())


def only_own_scripts(page):
    """Every <script> on the page but the site's own: its structured data (JSON-LD) and its
    static files (the most-read beacon)."""
    own = ('type="application/ld+json"', 'src="/static/')
    return [s for s in re.findall(r"<script[^>]*>", page) if not any(o in s for o in own)]
