"""Deep nesting: nothing is left out without an error, and nothing crashes.

markdown-it stops reading where blocks nest ``maxNesting`` levels deep; with
the presets' 20 a list nested ten deep silently lost its inner items.
"""

import re

from bs4 import BeautifulSoup

from sitegen.markdown import render_markdown


def nested_list(depth: int) -> str:
    return "".join("  " * i + f"- item{i}\n" for i in range(depth))


def test_a_list_nested_thirty_deep_keeps_every_item():
    result = render_markdown(nested_list(30), lang="en")
    items = [li.find(string=True, recursive=False).strip() for li in BeautifulSoup(result.html, "lxml").find_all("li")]
    assert items == [f"item{i}" for i in range(30)]
    assert result.warnings == ()


def test_quotes_nested_too_deep_are_an_error_at_their_line():
    text = "intro\n\n" + ">" * 1000 + " deep text\n"
    result = render_markdown(text, lang="en", line_offset=3)
    assert "deep text" not in result.html
    assert [(w.line, w.level) for w in result.warnings] == [(6, "error")]
    assert "nested more than 100 levels deep" in result.warnings[0].message


def test_lists_nested_too_deep_are_an_error():
    result = render_markdown(nested_list(300), lang="en")
    shown = [int(n) for n in re.findall(r"item(\d+)", result.html)]
    assert shown == list(range(49))  # a list level is two levels (the list and its item)
    assert [w.level for w in result.warnings] == ["error"]
    assert "left out" in result.warnings[0].message


def test_markdown_elements_nested_500_deep_are_an_error_not_a_crash():
    text = '<div markdown="1">\n' * 500 + "*x*\n" + "</div>\n" * 500
    result = render_markdown(text, lang="en")
    assert [(w.line, w.level) for w in result.warnings] == [(51, "error")]
    assert 'nested more than 50 deep' in result.warnings[0].message
    assert result.html.count("<div") == 500 and result.html.count("</div>") == 500


def test_markdown_elements_nested_50_deep_render():
    text = '<div markdown="1">\n' * 50 + "*x*\n" + "</div>\n" * 50
    result = render_markdown(text, lang="en")
    assert "<em>x</em>" in result.html and result.warnings == ()
