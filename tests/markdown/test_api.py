"""The public API: types, caching, languages, CSS, inline rendering."""

import dataclasses
from concurrent.futures import ThreadPoolExecutor

from sitegen.markdown import (
    Heading,
    LinkRef,
    MdWarning,
    RenderedMarkdown,
    create_markdown,
    pygments_css,
    render_inline,
    render_markdown,
)


def test_result_types_are_frozen_dataclasses():
    result = render_markdown("## A\n\n[x](/x)\n")
    assert isinstance(result, RenderedMarkdown)
    assert isinstance(result.headings[0], Heading) and isinstance(result.links[0], LinkRef)
    assert isinstance(result.headings, tuple) and isinstance(result.links, tuple)
    assert isinstance(result.ids, tuple) and isinstance(result.warnings, tuple)
    for value in (result, result.headings[0], result.links[0], MdWarning(1, "m")):
        assert dataclasses.is_dataclass(value)
        assert type(value).__dataclass_params__.frozen


def test_parser_is_built_once():
    assert create_markdown() is create_markdown()


def test_same_input_same_output():
    text = "## 見出し\n\n本文[^1]\n{: .x}\n\n[^1]: 注\n"
    assert render_markdown(text) == render_markdown(text)


def test_threads_share_the_parser_safely():
    texts = [f"## H{i}\n\n## H{i}\n\n[l](/p{i}/)\n" for i in range(40)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(render_markdown, texts))
    for i, result in enumerate(results):
        assert [h.id for h in result.headings] == [f"h{i}", f"h{i}-1"]
        assert [link.href for link in result.links] == [f"/p{i}/"]


def test_admonition_titles_follow_language():
    assert '<p class="admonition-title">Note</p>' in render_markdown("::: note\nx\n:::\n", lang="en").html
    assert '<p class="admonition-title">注意</p>' in render_markdown("::: note\nx\n:::\n", lang="ja").html
    en = render_markdown("::: tip\n:::\n\n::: important\n:::\n\n::: warning\n:::\n\n::: caution\n:::\n\n"
                         "::: danger\n:::\n", lang="en").html
    for title in ("Tip", "Important", "Warning", "Caution", "Danger"):
        assert f">{title}</p>" in en
    assert ">警告</p>" in render_markdown("::: warning\n:::\n", lang="ja").html


def test_footnote_backlink_label_follows_language():
    en = render_markdown("a[^1]\n\n[^1]: b\n", lang="en").html
    assert 'aria-label="Back to the text">↑</a>' in en and "↩" not in en


def test_pygments_css_targets_highlight():
    css = pygments_css()
    assert ".highlight .k " in css and ".highlight .s " in css


def test_render_inline_has_no_paragraph():
    assert render_inline("**重要**なお知らせ") == "<strong>重要</strong>なお知らせ"
    assert render_inline("[外部](https://example.org)") == \
        '<a href="https://example.org" target="_blank" rel="noopener">外部</a>'


def test_cjk_soft_break_vs_latin():
    assert render_markdown("日本語の\n文章です。\n").html == "<p>日本語の文章です。</p>\n"
    assert render_markdown("English\nwords\n").html == "<p>English\nwords</p>\n"


def test_template_syntax_in_code_is_literal():
    html = render_markdown("`{{ x }}`\n\n```liquid\n{% if page %}{{ page.title }}{% endif %}\n```\n").html
    assert "<code>{{ x }}</code>" in html
    assert "{%" in html and "page" in html and "title" in html
