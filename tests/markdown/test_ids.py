"""ids: every id produced, in document order, duplicates kept."""

from sitegen.markdown import render_markdown


def test_ids_include_headings_ial_raw_html_and_footnotes_in_order():
    text = (
        "## A\n"
        "\n"
        "Text[^n]\n"
        "{: #p1}\n"
        "\n"
        "<div id='raw'><span id=bare></span></div>\n"
        "\n"
        "<a name=\"old-anchor\"></a>\n"
        "\n"
        "[x](/x){: #span-id}\n"
        "\n"
        "[^n]: note\n"
    )
    assert render_markdown(text).ids == ("a", "p1", "fnref1", "raw", "bare", "old-anchor", "span-id", "fn1")


def test_duplicate_explicit_ids_are_kept():
    result = render_markdown('## X {#dup}\n\n<div id="dup"></div>\n')
    assert result.ids == ("dup", "dup")


def test_ids_shown_in_code_are_not_ids():
    result = render_markdown('```html\n<div id="x"></div>\n```\n\n`<a name="y">`\n')
    assert result.ids == ()


def test_name_counts_only_on_anchors():
    result = render_markdown('<input name="q" id="search">\n')
    assert result.ids == ("search",)
