"""Links: every href/src in document order, as written, with its file line."""

from sitegen.markdown import render_markdown


def refs(result):
    return [(link.href, link.line, link.kind) for link in result.links]


def test_links_with_file_lines_and_line_offset():
    text = "para\n\n[a](x.md) and\n![i](img.png)\n\n<a href=\"raw.html\">r</a>\n"
    assert refs(render_markdown(text, line_offset=3)) == [
        ("x.md", 6, "link"), ("img.png", 7, "image"), ("raw.html", 9, "html")]


def test_every_kind_in_document_order():
    text = (
        "<div class=\"x\">\n"
        "<img src=\"/a.png\">\n"
        "</div>\n"
        "\n"
        "See <https://example.org> or www.example.com and [ref][r].\n"
        "An <a href='/inline/'>inline</a> tag and <mail@example.org>.\n"
        "\n"
        "| a |\n"
        "| - |\n"
        "| [cell](/cell/) |\n"
        "\n"
        "[r]: /referenced/\n"
    )
    assert refs(render_markdown(text, linkify=True)) == [
        ("/a.png", 2, "image"),  # a raw <img> is an image the page loads
        ("https://example.org", 5, "link"),
        ("http://www.example.com", 5, "link"),
        ("/referenced/", 5, "link"),
        ("/inline/", 6, "html"),
        ("mailto:mail@example.org", 6, "link"),
        ("/cell/", 10, "link"),
    ]


def test_href_is_as_written_while_html_is_encoded():
    result = render_markdown("[見出し](/webex/#情報システムゼミ) [e](/q?a=1&amp;b=2)\n")
    assert [link.href for link in result.links] == ["/webex/#情報システムゼミ", "/q?a=1&b=2"]
    assert 'href="/webex/#%E6%83%85' in result.html


def test_raw_html_entities_are_decoded():
    result = render_markdown('<a href="/s?a=1&amp;b=2">x</a>\n')
    assert [link.href for link in result.links] == ["/s?a=1&b=2"]


def test_multiline_inline_html_keeps_line_count():
    text = "a <a\nhref=\"/one/\">x</a>\n[two](/two/)\n"
    assert refs(render_markdown(text)) == [("/one/", 2, "html"), ("/two/", 3, "link")]


def test_links_inside_containers():
    text = "> [q](/q/)\n\n- item\n  ![i](/i.png)\n\n::: tip\n[t](/t/)\n:::\n\nX[^1]\n\n[^1]: [f](/f/)\n"
    assert refs(render_markdown(text, line_offset=1)) == [
        ("/q/", 2, "link"), ("/i.png", 5, "image"), ("/t/", 8, "link"), ("/f/", 13, "link")]


def test_target_blank_can_be_turned_off():
    html = render_markdown("[z](https://zoom.us/) <https://a.example>", target_blank=False).html
    assert "target" not in html and "noopener" not in html
    assert 'target="_blank"' in render_markdown("[z](https://zoom.us/)").html


def test_target_blank_is_per_document():
    # the parser is shared: one document's option must not leak into the next
    assert "target" not in render_markdown("[z](https://zoom.us/)", target_blank=False).html
    assert 'target="_blank" rel="noopener"' in render_markdown("[z](https://zoom.us/)").html


def test_links_into_the_site_itself_stay_in_the_tab():
    text = ("[home](https://support.example.jp/docs/zoom/) [http](http://SUPPORT.example.jp/docs/) "
            "[other path](https://support.example.jp/blog/) [other](https://example.org/) "
            "[pr](//support.example.jp/docs/x) <mailto:a@example.jp> [tel](tel:0312345678)\n")
    html = render_markdown(text, base_url="https://support.example.jp/docs/").html
    assert html == (
        '<p><a href="https://support.example.jp/docs/zoom/">home</a> '
        '<a href="http://SUPPORT.example.jp/docs/">http</a> '
        '<a href="https://support.example.jp/blog/" target="_blank" rel="noopener">other path</a> '
        '<a href="https://example.org/" target="_blank" rel="noopener">other</a> '
        '<a href="//support.example.jp/docs/x">pr</a> '
        '<a href="mailto:a@example.jp">mailto:a@example.jp</a> '
        '<a href="tel:0312345678">tel</a></p>\n')


def test_a_relative_base_url_changes_nothing():
    html = render_markdown("[x](https://example.org/)\n", base_url="/").html
    assert 'target="_blank"' in html
