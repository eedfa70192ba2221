"""Headings: levels, ids, plain text, inner HTML and file lines."""

from sitegen.markdown import render_markdown, slugify


def test_headings_with_lines_text_and_inline_html():
    result = render_markdown("# Top\n\n## **太字**の見出し {#bold}\n\ntext\n\n### Sub\n", line_offset=4)
    assert [(h.level, h.id, h.text, h.line) for h in result.headings] == [
        (1, "top", "Top", 5), (2, "bold", "太字の見出し", 7), (3, "sub", "Sub", 11)]
    assert result.headings[1].html == "<strong>太字</strong>の見出し"


def test_japanese_heading_slug():
    result = render_markdown("## 情報システムゼミ (2020)\n")
    assert result.headings[0].id == "情報システムゼミ-2020"
    assert slugify("情報システムゼミ (2020)") == "情報システムゼミ-2020"


def test_slug_policy():
    assert slugify("Hello, World!") == "hello-world"
    assert slugify("a\tb  c") == "a-b--c"
    assert slugify("Ｚｏｏｍ　会議") == "ｚｏｏｍ会議"  # U+3000 is not a space or tab: dropped
    assert slugify("é ü_1") == "é-ü_1"
    assert slugify("!!!") == "section"


def test_explicit_and_duplicate_auto_ids():
    text = "## Title\n\n## Title {#title-1}\n\n## Title\n\n<h2 id=\"title-2\">raw</h2>\n\n## Title\n"
    result = render_markdown(text)
    assert [h.id for h in result.headings] == ["title", "title-1", "title-3", "title-2", "title-4"]
    assert [h.line for h in result.headings] == [1, 3, 5, 7, 9]
    assert len(set(result.ids)) == len(result.ids)


def test_raw_html_headings_are_listed():
    text = "<div>\n<h2 id=\"chat\">Chat <em>now</em></h2>\n<h3>No id</h3>\n</div>\n\n## Next\n"
    result = render_markdown(text, line_offset=10)
    assert [(h.level, h.id, h.text, h.html, h.line) for h in result.headings] == [
        (2, "chat", "Chat now", "Chat <em>now</em>", 12),
        (3, "", "No id", "No id", 13),
        (2, "next", "Next", "Next", 16),
    ]


def test_heading_ids_do_not_collide_with_footnotes():
    result = render_markdown("## fn1\n\nText[^a]\n\n[^a]: note\n")
    assert result.headings[0].id == "fn1-1"


def test_headings_inside_containers_and_markdown_blocks():
    text = "::: note\n## 中\n:::\n\n<div markdown=\"1\">\n### 内\n</div>\n"
    result = render_markdown(text)
    assert [(h.level, h.id, h.line) for h in result.headings] == [(2, "中", 2), (3, "内", 6)]


def test_counters_do_not_leak_between_documents():
    for _ in range(3):
        assert [h.id for h in render_markdown("## A\n\n## A\n").headings] == ["a", "a-1"]


def test_slug_word_characters_follow_ruby():
    # Ruby's \p{Word}: letters, marks, Nd, Nl, Pc and the circled Latin letters (Other_Alphabetic)
    assert slugify("① ² ½ Ⅻ 〇 々 Ⓐ") == "---ⅻ-〇-々-ⓐ"
    assert slugify("ｶﾀｶﾅ ＡＢＣ１２３") == "ｶﾀｶﾅ-ａｂｃ１２３"
