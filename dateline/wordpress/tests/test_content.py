"""WordPress post bodies become clean HTML: pure functions, no database."""

from dateline.wordpress.content import Media, autop, comment_text, convert_body

BOAT = Media(
    id=11, url="https://old.example.com/wp-content/uploads/2013/01/boat.jpg", title="Boat",
    caption="A boat on the lake", alt="A rowing boat", parent=5,
)  # fmt: skip
LAKE = Media(id=12, url="https://old.example.com/wp-content/uploads/2013/01/lake.jpg", parent=5)
MEDIA = {11: BOAT, 12: LAKE}


def test_it_turns_blank_lines_into_paragraphs_and_single_newlines_into_breaks():
    html = convert_body("First paragraph.\n\nSecond, line one\nline two.").html
    assert html == "<p>First paragraph.</p>\n<p>Second, line one<br>\nline two.</p>"


def test_it_leaves_block_elements_and_pre_alone():
    html = autop("<ul>\n<li>One</li>\n</ul>\n\n<pre>a\n\nb</pre>\n\nText")
    assert "<p><ul>" not in html
    assert "<pre>a\n\nb</pre>" in html
    assert "<p>Text</p>" in html


def test_it_turns_a_caption_into_a_figure():
    raw = (
        '[caption id="attachment_11" align="alignleft" width="300"]<a href="https://x.test/b.jpg">'
        '<img src="https://x.test/b.jpg" alt="Boat" width="300" /></a> A boat[/caption]'
    )
    converted = convert_body(raw)
    assert converted.html.replace("\n", "") == (
        '<figure><a href="https://x.test/b.jpg"><img src="https://x.test/b.jpg"'
        ' alt="Boat" width="300"></a><figcaption>A boat</figcaption></figure>'
    )
    assert converted.kinds("caption")


def test_it_reads_the_old_caption_attribute():
    html = convert_body('[caption caption="Old style"]<img src="https://x.test/b.jpg" />'
                        "[/caption]").html  # fmt: skip
    assert "<figcaption>Old style</figcaption>" in html


def test_it_shows_a_gallery_of_known_attachments_as_figures():
    html = convert_body('[gallery ids="12,11,99"]', media=MEDIA).html
    assert html.index("lake.jpg") < html.index("boat.jpg")
    assert '<img src="https://old.example.com/wp-content/uploads/2013/01/boat.jpg"' in html
    assert 'alt="A rowing boat"' in html
    assert "<figcaption>A boat on the lake</figcaption>" in html
    assert "[gallery" not in html


def test_a_gallery_without_ids_shows_the_posts_attachments():
    html = convert_body("[gallery columns=2]", media=MEDIA, post_id=5).html
    assert html.count("<figure>") == 2


def test_a_gallery_with_unknown_images_is_removed_and_reported():
    converted = convert_body('Before [gallery ids="1,2"] after', media=MEDIA)
    assert "gallery" not in converted.html
    assert converted.kinds("empty-gallery")


def test_embeds_and_bare_video_addresses_become_links():
    raw = (
        "Watch:\n\n[embed]https://www.youtube.com/watch?v=abc[/embed]\n\n"
        "https://vimeo.com/12345\n\n"
        '[audio mp3="https://old.example.com/a.mp3"][/audio]\n\n'
        '<iframe src="https://www.youtube.com/embed/xyz"></iframe>'
    )
    converted = convert_body(raw)
    for url in (
        "https://www.youtube.com/watch?v=abc",
        "https://vimeo.com/12345",
        "https://old.example.com/a.mp3",
        "https://www.youtube.com/embed/xyz",
    ):
        assert f'<a href="{url}">{url}</a>' in converted.html
    assert "iframe" not in converted.html
    assert len(converted.kinds("embed")) == 4


def test_unknown_shortcodes_are_removed_and_reported_keeping_their_text():
    converted = convert_body(
        'Call us. [contact-form-7 id="12" title="Contact"]\n\n[su_note]Read this.[/su_note]'
    )
    assert "[" not in converted.html
    assert "Read this." in converted.html
    assert sorted(converted.kinds("unknown-shortcode")) == ["[contact-form-7]", "[su_note]"]


def test_square_brackets_in_prose_are_not_shortcodes():
    raw = "Beaching their coracles [simple boat]. Back to [top]. See note [1]."
    converted = convert_body(raw)
    assert "[simple boat]" in converted.html
    assert "[top]" in converted.html
    assert "[1]" in converted.html
    assert not converted.notes


def test_an_escaped_shortcode_is_shown_as_written():
    assert convert_body("Type [[gallery]] to show images.").html == (
        "<p>Type [gallery] to show images.</p>"
    )


def test_block_markup_is_stripped_and_dynamic_blocks_reported():
    raw = (
        "<!-- wp:paragraph -->\n<p>Hello</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:latest-posts {"postsToShow":3} /-->\n\n'
        "<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->"
    )
    converted = convert_body(raw)
    assert converted.html == "<p>Hello</p>"
    assert converted.kinds("dynamic-block") == ["wp:latest-posts"]


def test_scripts_and_event_handlers_are_removed():
    raw = '<p onclick="steal()">Hi</p><script>alert(1)</script><a href="javascript:alert(1)">x</a>'
    html = convert_body(raw).html
    assert "script" not in html
    assert "onclick" not in html
    assert "javascript:" not in html


def test_headings_the_site_does_not_use_become_the_nearest_it_does():
    html = convert_body("<h1>Big</h1><h6>Small</h6><dl><dt>Term</dt><dd>Meaning</dd></dl>").html
    assert "<h2>Big</h2>" in html
    assert "<h4>Small</h4>" in html
    assert "<p><strong>Term</strong></p>" in html
    assert "<p>Meaning</p>" in html


def test_comment_html_becomes_plain_text():
    text = comment_text(
        'I agree &amp; more.<br />See <a href="https://example.org/x">this</a>.'
        "</p><p>Second <b>paragraph</b>."
    )
    assert text == "I agree & more.\nSee this (https://example.org/x).\n\nSecond paragraph."
