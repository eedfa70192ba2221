"""sitegen's Markdown against the real kramdown (Jekyll's engine), differentially.

Inputs:

* every page body of the real Jekyll site ``../shared/realsite/utelecon-jekyll/``
  (80 pages; front matter removed; Liquid expanded once, with python-liquid
  and Jekyll's include tags, and that one text given to both renderers: see
  ``realsite.py`` for exactly how, and why that is a fair comparison);
* every fixture case marked ``[kramdown]`` in ``fixtures/*.md`` (its
  expected HTML, which ``test_fixtures.py`` checks is sitegen's output,
  must be kramdown's output for the same input).

kramdown runs once per test session for all inputs (one Ruby process fed a
JSON list: ``kramdown_oracle.py``).  Both sides are normalised the same way
before comparing (``html_normalize.py`` writes the steps down: lxml parse,
whitespace collapsed, attributes sorted, ``target``/``rel`` on links
ignored, URLs percent-decoded, code blocks compared by text, footnote
markup unified, no space between two CJK characters).

The real-site test prints the per-page agreement and fails when a page
stops agreeing.  A page may differ only for a reason named in
``DELIBERATE``, and then it must agree once that one difference is set
aside (so the rest of the page is still checked), and it must still differ
without it (a stale entry fails, asking to be removed).
"""

from __future__ import annotations

import re

import pytest

import html_normalize
import kramdown_oracle
import realsite
import test_fixtures
from html_normalize import Node, first_difference, normalize
from sitegen.markdown import render_markdown

TARGET = 76  # of the 80 real pages, identical after normalisation


def _without_ol_start(kramdown, sitegen):
    return kramdown, _map(sitegen, lambda node: node._replace(attrs=tuple(
        a for a in node.attrs if not (node.tag == "ol" and a[0] == "start"))))


_HEADING_IAL = re.compile(r"\s*\{:\s*#([^\s}]+)\s*\}\s*$")


def _heading_ial_as_id(kramdown, sitegen):
    def fix(node):
        if node.tag in ("h1", "h2", "h3", "h4", "h5", "h6") and node.children \
                and isinstance(node.children[-1], str) and _HEADING_IAL.search(node.children[-1]):
            ident = _HEADING_IAL.search(node.children[-1]).group(1)
            text = _HEADING_IAL.sub("", node.children[-1])
            attrs = tuple(sorted({**dict(node.attrs), "id": ident}.items()))
            return node._replace(attrs=attrs, children=(*node.children[:-1], *([text] if text else [])))
        return node
    return _map(kramdown, fix), sitegen


# The deliberate differences (README, "Markdown dialect"), each with how to set it aside.
DELIBERATE = {
    "ol-start": ("sitegen keeps an ordered list's first number (<ol start=\"2\">); kramdown numbers every list "
                 "from 1", _without_ol_start),
    "heading-ial": ("sitegen reads `{:#id}` at the end of a heading line as the heading's id; kramdown's GFM "
                    "parser shows it as text and makes an id from it", _heading_ial_as_id),
}
# real pages allowed to differ, and why
ALLOWED = {
    "en/change2021s/index.md": "heading-ial",
    "en/zoom/usage/recording/index.md": "ol-start",
    "en/zoom/usage/screen_sharing/index.md": "ol-start",
    "notice/korea_telecom/index.md": "ol-start",
}


def _map(tree, fn):
    if isinstance(tree, Node):
        return fn(tree._replace(children=tuple(_map(child, fn) for child in tree.children)))
    if isinstance(tree, tuple):
        return tuple(_map(child, fn) for child in tree)
    return tree


def _fixture_cases():
    return [case for case in test_fixtures.CASES if case.values[3]]


@pytest.fixture(scope="session")
def kramdown_html():
    """kramdown's HTML for every input of this module, from one Ruby process."""
    kramdown_oracle.require_kramdown()
    inputs = [page.body for page in realsite.load_pages()] + [case.values[0] for case in _fixture_cases()]
    unique = list(dict.fromkeys(inputs))
    return dict(zip(unique, kramdown_oracle.render_all(unique)))


@pytest.mark.parametrize("source, expected, options, kramdown", _fixture_cases())
def test_fixture_is_kramdown_output(kramdown_html, source, expected, options, kramdown):
    theirs, ours = normalize(kramdown_html[source]), normalize(expected)
    assert theirs == ours, "kramdown disagrees with the fixture:\n" + first_difference(theirs, ours) + \
        "\n--- kramdown:\n" + kramdown_html[source]


def test_every_kramdown_behaviour_has_kramdown_fixtures():
    files = {case.id.split(":")[0] for case in _fixture_cases()}
    assert {"lists", "html_blocks", "html_spans", "typography", "tables", "linkify"} <= files


AGREEMENT: list[str] = []  # the per-page report, printed at the end of the run (conftest.py)


def test_real_pages_agree_with_kramdown(kramdown_html):
    if realsite.site_root() is None:
        pytest.skip(f"the real Jekyll site is not here ({realsite.SITE}); a clone without ../shared skips this")
    pages = realsite.load_pages()
    assert len(pages) == 80
    # Liquid rendered for every page that has it, except the one Jekyll rejects too
    assert [page.rel for page in pages if page.liquid.startswith("failed")] == ["en/oc/index.md"], \
        [(page.rel, page.liquid) for page in pages if page.liquid.startswith("failed")]
    identical, problems, lines = 0, [], []
    for page in pages:
        lang = "en" if page.rel.startswith("en/") else "ja"
        theirs = normalize(kramdown_html[page.body])
        ours = normalize(render_markdown(page.body, lang=lang).html)
        reason = ALLOWED.get(page.rel)
        liquid = "" if page.liquid == "none" else f" (Liquid {page.liquid})"
        if theirs == ours:
            identical += 1
            lines.append(f"  same      {page.rel}{liquid}")
            if reason:
                problems.append(f"{page.rel} now agrees with kramdown: remove it from ALLOWED")
            continue
        if reason is None:
            lines.append(f"  DIFFERENT {page.rel}{liquid}")
            problems.append(f"{page.rel} differs from kramdown at {first_difference(theirs, ours)}")
            continue
        adjusted = DELIBERATE[reason][1](theirs, ours)
        if adjusted[0] == adjusted[1]:
            lines.append(f"  allowed   {page.rel}{liquid}: {reason}")
        else:
            lines.append(f"  DIFFERENT {page.rel}{liquid}: more than {reason}")
            problems.append(f"{page.rel} differs beyond `{reason}` at {first_difference(*adjusted)}")
    AGREEMENT[:] = [f"kramdown differential: {identical} of {len(pages)} real pages identical; allowed "
                    f"differences: " + "; ".join(f"{rel} ({reason})" for rel, reason in ALLOWED.items()),
                    *lines]
    assert not problems, "\n".join(problems)
    assert identical >= TARGET


def test_normalisation_sees_real_differences():
    """The comparison is not blind: what a reader sees differently is a difference."""
    assert normalize("<p>a “b”</p>") != normalize('<p>a "b"</p>')
    assert normalize("<ul><li>a<ul><li>b</li></ul></li></ul>") != normalize("<ul><li>a</li></ul><ul><li>b</li></ul>")
    assert normalize("<p>x</p>") != normalize("<pre><code>x</code></pre>")
    assert normalize('<a href="/a">x</a>') != normalize('<a href="/b">x</a>')
    # ... and what a reader cannot see is not
    assert normalize('<p>a\n<a href="https://x/" target="_blank" rel="noopener">b</a></p>') == \
        normalize('<p>a <a href="https://x/">b</a></p>')
    assert normalize("<p>日本\n語</p>") == normalize("<p>日本語</p>")
    assert normalize('<div class="highlighter-rouge"><div class="highlight"><pre class="highlight"><code>'
                     '<span class="n">x</span></code></pre></div></div>') == \
        normalize('<pre class="highlight"><code>x</code></pre>')
    assert html_normalize.normalize('<th style="text-align: center">a</th>') == \
        html_normalize.normalize('<th style="text-align:center">a</th>')
