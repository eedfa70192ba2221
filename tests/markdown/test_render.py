"""Headings, links, ids, line numbers and warnings from render_markdown."""

from sitegen.markdown import render_inline, render_markdown


def test_headings_with_lines_and_inline_html():
    result = render_markdown("# Top\n\n## **太字**の見出し {#bold}\n\ntext\n\n### Sub\n", line_offset=4)
    assert [(h.level, h.id, h.text, h.line) for h in result.headings] == [
        (1, "top", "Top", 5), (2, "bold", "太字の見出し", 7), (3, "sub", "Sub", 11)]
    assert result.headings[1].html == "<strong>太字</strong>の見出し"


def test_links_with_file_lines():
    text = "para\n\n[a](x.md) and\n![i](img.png)\n\n<a href=\"raw.html\">r</a>\n"
    result = render_markdown(text, line_offset=3)
    assert [(l.href, l.line, l.kind) for l in result.links] == [
        ("x.md", 6, "link"), ("img.png", 7, "image"), ("raw.html", 9, "html")]


def test_ids_include_explicit_auto_and_raw():
    result = render_markdown("## A\n\nText\n{: #p1}\n\n<div id=\"raw\"></div>\n\n<a name=\"old-anchor\"></a>\n")
    assert set(result.ids) >= {"a", "p1", "raw", "old-anchor"}


def test_unattachable_ial_warns_with_line():
    result = render_markdown("{: .x}\n\nfoo {: .y}\n", line_offset=2)
    assert [(w.line, "{:" in w.message) for w in result.warnings] == [(3, True), (5, True)]
    assert "{:" not in result.html


def test_target_blank_can_be_turned_off():
    html = render_markdown("[z](https://zoom.us/)", target_blank=False).html
    assert "target" not in html


def test_code_keeps_template_syntax():
    html = render_markdown("`{{ x }}`\n\n```\n{% if %}\n```\n").html
    assert "{{ x }}" in html and "{% if %}" in html


def test_admonition_titles_follow_language():
    assert "Note" in render_markdown("::: note\nx\n:::\n", lang="en").html
    assert "メモ" in render_markdown("::: note\nx\n:::\n", lang="ja").html


def test_render_inline_has_no_paragraph():
    assert render_inline("**重要**なお知らせ") == "<strong>重要</strong>なお知らせ"
