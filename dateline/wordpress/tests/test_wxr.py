"""Reading WXR files: every version, forgiving where WordPress is, strict about hostile XML.
Pure parsing: no database."""

import io
import re
from dataclasses import asdict

import pytest

from dateline.wordpress.management.commands.generate_wxr import generate_export
from dateline.wordpress.wxr import (
    WXRError,
    parse_quickly,
    parse_xml,
    read_channel,
    read_export,
    without_doctype,
)

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<rss><channel><title>&lol2;</title></channel></rss>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>

<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss><channel><title>&secret;</title></channel></rss>
"""


def minimal(version, body=""):
    return f"""<?xml version="1.0"?>
<rss xmlns:wp="http://wordpress.org/export/{version}/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/">
<channel>
<title>Old</title>
<wp:wxr_version>{version}</wp:wxr_version>
<item>
  <title>Hello</title>
  <wp:post_id>7</wp:post_id>
  <wp:post_type>post</wp:post_type>
  <content:encoded><![CDATA[Body]]></content:encoded>
  <excerpt:encoded><![CDATA[Dek]]></excerpt:encoded>
  {body}
</item>
</channel>
</rss>""".encode()


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_it_reads_every_wxr_version(version):
    export = read_export(io.BytesIO(minimal(version)))
    assert export.version == version
    (item,) = export.items
    assert (item.post_id, item.title, item.content, item.excerpt) == (7, "Hello", "Body", "Dek")


def test_it_takes_the_post_id_from_the_guid_when_there_is_none():
    raw = minimal("1.2").replace(
        b"<wp:post_id>7</wp:post_id>", b"<guid>https://x.test/?p=42</guid>"
    )
    assert read_export(io.BytesIO(raw)).items[0].post_id == 42


def test_a_billion_laughs_file_stops_at_its_doctype_line():
    with pytest.raises(WXRError, match="billion laughs") as caught:
        read_export(io.BytesIO(BILLION_LAUGHS))
    assert caught.value.line == 2
    assert str(caught.value).startswith("line 2: ")


def test_an_external_entity_file_stops_at_its_doctype_line():
    with pytest.raises(WXRError, match="external entities") as caught:
        read_export(io.BytesIO(EXTERNAL_ENTITY))
    assert caught.value.line == 3


def test_a_truncated_file_stops_with_the_line_where_it_ends():
    raw = minimal("1.2")
    cut = raw[: raw.index(b"<excerpt:encoded>")]
    with pytest.raises(WXRError, match="cut short") as caught:
        read_export(io.BytesIO(cut))
    assert caught.value.line == cut.count(b"\n") + 1


def test_a_bad_value_names_its_line():
    raw = minimal("1.2", body="<wp:post_date_gmt>yesterday</wp:post_date_gmt>")
    with pytest.raises(WXRError, match="post_date_gmt") as caught:
        read_export(io.BytesIO(raw))
    assert caught.value.line == raw[: raw.index(b"<wp:post_date_gmt>")].count(b"\n") + 1


def test_an_rss_feed_is_not_an_export():
    with pytest.raises(WXRError, match="RSS feed, not a WordPress export"):
        read_export(io.BytesIO(b"<rss><channel><title>News</title></channel></rss>"))


def test_a_doctype_after_comments_is_still_refused():
    raw = BILLION_LAUGHS.replace(b"\n<!DOCTYPE", b"<!-- <rss> -->\n<?pi x?><!DOCTYPE", 1)
    assert not without_doctype(raw)
    with pytest.raises(WXRError, match="billion laughs"):
        read_export(io.BytesIO(raw))


def test_the_quick_reading_gives_what_the_careful_one_does():
    out = io.StringIO()
    generate_export(out, posts=25, comments=80)
    raw = out.getvalue().encode()
    assert without_doctype(raw)

    def without_lines(export):
        # Only the careful reading knows each element's line (for error messages).
        return re.sub(r"'line': \d+", "", repr(asdict(export)))

    quick = read_channel(parse_quickly(io.BytesIO(raw)))
    careful = read_channel(parse_xml(io.BytesIO(raw)))
    assert without_lines(quick) == without_lines(careful)
    assert len(quick.items_of_type("post")) == 25
