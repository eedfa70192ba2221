"""GitHub alerts, math and unrendered constructs: what an editor is told.
(Their HTML is in fixtures/alerts.md, math.md and unrendered.md.)"""

from __future__ import annotations

import subprocess

import pytest

from sitegen.markdown import render_markdown


def warnings_of(text: str, offset: int = 0) -> list[tuple[int, str]]:
    return [(w.line, w.message) for w in render_markdown(text, line_offset=offset).warnings]


def test_alert_titles_follow_the_document_language():
    text = "> [!WARNING]\n> x\n"
    assert '<p class="admonition-title">警告</p>' in render_markdown(text, lang="ja").html
    assert '<p class="admonition-title">Warning</p>' in render_markdown(text, lang="en").html
    assert '<p class="admonition-title">Warning</p>' in render_markdown(text, lang="fr").html  # no titles: English


def test_an_unknown_alert_type_is_a_warning_with_its_line():
    found = warnings_of("Intro\n\n> [!DANGER]\n> x\n", offset=4)
    assert len(found) == 1 and found[0][0] == 7
    assert "`[!DANGER]`" in found[0][1] and "NOTE, TIP, IMPORTANT, WARNING, CAUTION" in found[0][1]
    assert warnings_of("> [!NOTE]\n> fine\n\n> [ ] not a marker\n") == []


@pytest.mark.parametrize("text, line", [
    ("a\nb $x^$ c\n", 2),                        # second line of a paragraph
    ("$$\n\\begin{matrix} a\n$$\n", 1),          # a display block
    ("- item\n- $\\nosuch$\n", 2),               # in a list
    ("x\n\n```math\n{\n```\n", 3),                # a math fence
])
def test_a_math_error_is_a_warning_with_the_file_line(text, line):
    found = warnings_of(text, offset=10)
    assert [l for l, _ in found] == [line + 10]
    assert found[0][1].startswith("math could not be read (")
    assert 'class="math-error"' in render_markdown(text).html


def test_prose_with_dollars_is_no_math_and_no_warning():
    text = "It costs $5 and $10, or US$5; ¥500 is about $3.50 – $4.\n"
    result = render_markdown(text, lang="en")
    assert "<math" not in result.html and result.warnings == ()
    # kramdown (the oracle) also leaves single dollars as text
    try:
        kramdown = subprocess.run(
            ["ruby", "-rkramdown", "-rkramdown-parser-gfm", "-e",
             'puts Kramdown::Document.new($stdin.read, input: "GFM", hard_wrap: false).to_html'],
            input=text, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        pytest.skip("ruby-kramdown is not installed")
    if kramdown.returncode != 0:
        pytest.skip("ruby-kramdown is not installed")
    assert kramdown.stdout.strip() == result.html.strip()


def test_math_is_mathml_without_script():
    html = render_markdown("$a^2+b^2=c^2$\n").html
    assert html.startswith('<p><math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">')
    assert "<script" not in html and "\\(" not in html


def test_diagrams_and_foreign_markers_are_warnings():
    found = warnings_of("# T\n\n```mermaid\ngraph TD\n```\n\n```plantuml\n@startuml\n```\n\n[TOC]\n", offset=2)
    assert [line for line, _ in found] == [5, 9, 13]
    assert "`mermaid` diagram is not drawn" in found[0][1] and "`plantuml`" in found[1][1]
    assert "`[TOC]`" in found[2][1] and "toc: false" in found[2][1]
    assert warnings_of("```python\nprint(1)\n```\n\nSee the [TOC](/toc/).\n") == []


def test_a_hugo_shortcode_is_a_warning():
    found = warnings_of("text {{< youtube abc >}} more\n")
    assert len(found) == 1 and "Hugo shortcode" in found[0][1]
