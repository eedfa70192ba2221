"""Warnings: IALs that cannot be attached, with file lines; never a `{:` leak."""

import pytest

from sitegen.markdown import MdWarning, render_markdown


def test_unattachable_ial_warns_with_line_and_leaves_no_text():
    result = render_markdown("Intro\n\nfoo {: .y} bar\nand [x](/x) {: .z}\n", line_offset=2)
    assert [w.line for w in result.warnings] == [5, 6]
    assert all("{: ." in w.message for w in result.warnings)
    assert "{:" not in result.html
    assert result.html == '<p>Intro</p>\n<p>foo bar\nand <a href="/x">x</a></p>\n'


@pytest.mark.parametrize("text, line", [
    ("{: .alone}\n", 1),                                 # nothing before or after it
    ("<div>raw</div>\n{: .x}\n", 2),                     # inside the raw HTML block
    ("<div>raw</div>\n\n{: .x}\n", 3),                   # after raw HTML
    ("Para\n{: bad\"}\n", 2),                            # unreadable
    ("Para\n{: missing-ald}\n", 2),                      # reference to an undefined ALD
    ("## Heading {: .x\"}\n", 1),                        # unreadable heading IAL
    ("| a |\n| - |\n| b {: .x} |\n", 3),                 # inside a table cell
    ("::: note\n{: .x}\n:::\n", 2),                      # alone in a container
])
def test_each_unattachable_form_warns(text, line):
    result = render_markdown(text, line_offset=10)
    assert [w.line for w in result.warnings] == [line + 10]
    assert "{:" not in result.html


def test_warnings_are_typed_and_per_document():
    first = render_markdown("a {: .x}\n")
    assert first.warnings == (MdWarning(1, first.warnings[0].message),)
    assert render_markdown("clean\n").warnings == ()


def test_ial_in_code_is_not_a_warning():
    result = render_markdown("`{: .x}`\n\n```\n{: .y}\n```\n")
    assert result.warnings == ()
    assert result.html.count("{:") == 2


def test_unknown_admonition_type_warns_with_its_line():
    result = render_markdown("Intro\n\n::: info\nx\n:::\n", line_offset=3)
    assert [w.line for w in result.warnings] == [6]
    assert "`info`" in result.warnings[0].message and "note" in result.warnings[0].message


def test_ial_surrounded_by_blank_lines_warns():
    result = render_markdown("a\n\n{: .x}\n\nb\n")
    assert result.html == "<p>a</p>\n<p>b</p>\n"
    assert [w.line for w in result.warnings] == [3]
    assert "blank lines" in result.warnings[0].message


def test_trailing_ial_in_list_item_hints_at_the_leading_form():
    result = render_markdown("- a {: .x}\n")
    assert result.html == "<ul>\n<li>a</li>\n</ul>\n"
    assert "- {: .cls} text" in result.warnings[0].message


def test_kramdown_extension_warnings():
    result = render_markdown("{::options auto_ids=\"false\" /}\n\n{::comment}\nopen\n", line_offset=1)
    assert [w.line for w in result.warnings] == [2, 4]
    assert "options" in result.warnings[0].message
    assert "{::comment}" in result.warnings[1].message
