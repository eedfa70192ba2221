"""``markdown="1"`` on a raw HTML block: the inside is parsed as Markdown.

kramdown's convention, used in Jekyll sites for ``<details>`` and ``<div>``
wrappers::

    <details markdown="1">
    <summary>Template</summary>

    ```text
    Name:
    ```
    </details>

The opening tag must stand alone on its line and the matching closing tag
(nested tags of the same name are counted, line by line, so a fenced code
block inside that shows the same tag would confuse the count) must start its
own line.  ``markdown="1"`` and ``markdown="block"`` are accepted.  The
opening and closing lines become ``html_block`` tokens (``meta["markdown"]``
is ``"open"``/``"close"``, so an IAL right inside sees no block before it).

Inside such a block, a ``<summary>…</summary>`` line of its own is parsed as
inline Markdown (``<summary>**Template**</summary>``), as kramdown does.

Anywhere else (``<div markdown="1">text</div>`` on one line, ``markdown="0"``,
a tag inside a paragraph) the ``markdown`` attribute is only removed from the
output: the content stays raw HTML.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore

OPEN_RE = re.compile(
    r"""^<(?P<tag>[a-zA-Z][a-zA-Z0-9-]*)(?P<attrs>(?:\s+[^<>]*?)?)\s+markdown\s*=\s*(?:"(?:1|block)"|'(?:1|block)'|1)(?P<rest>[^<>]*)>\s*$""")


MAX_DEPTH = 50  # `markdown="1"` elements inside each other


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line]: state.eMarks[line]]


def html_markdown_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if begin >= state.eMarks[start_line] or state.src[begin] != "<":
        return False
    match = OPEN_RE.match(_line(state, start_line))
    if match is None:
        return False
    if state.env.get("html_markdown_depth", 0) >= MAX_DEPTH:
        # deeper than anyone writes (and than Python's stack allows): raw HTML from here on
        if not silent and not state.env.get("html_markdown_deep"):
            state.env["html_markdown_deep"] = True
            state.env.setdefault("warnings", []).append(
                (start_line + 1, f'`markdown="1"` elements nested more than {MAX_DEPTH} deep: the Markdown '
                                 "inside this one is not rendered; write it with less nesting", "error"))
        return False
    tag = match.group("tag").lower()
    opener = re.compile(rf"<{tag}(?=[\s>/])[^>]*?(?<!/)>", re.IGNORECASE)
    closer = re.compile(rf"</{tag}\s*>", re.IGNORECASE)
    depth = 1
    line = start_line + 1
    while line < end_line:
        text = _line(state, line)
        depth += len(opener.findall(text)) - len(closer.findall(text))
        if depth <= 0:
            break
        line += 1
    if depth > 0 or not closer.match(_line(state, line)):
        return False
    if silent:
        return True
    token = state.push("html_block", "", 0)
    token.content = f"<{match.group('tag')}{match.group('attrs')}{match.group('rest').rstrip()}>\n"
    token.map = [start_line, start_line + 1]
    token.meta = {"markdown": "open"}
    old_max = state.lineMax
    state.lineMax = line
    state.env["html_markdown_depth"] = state.env.get("html_markdown_depth", 0) + 1
    state.md.block.tokenize(state, start_line + 1, line)
    state.env["html_markdown_depth"] -= 1
    state.lineMax = old_max
    token = state.push("html_block", "", 0)
    token.content = _line(state, line) + "\n"
    token.map = [line, line + 1]
    token.meta = {"markdown": "close"}
    state.line = line + 1
    return True


SUMMARY_RE = re.compile(r"^(<summary(?:\s[^<>]*)?>)(.*)(</summary\s*>)\s*$", re.IGNORECASE)


def summary_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Inside ``markdown="1"``: a one-line ``<summary>…</summary>`` is a block of
    its own whose text is inline Markdown (kramdown parses summary as span HTML)."""
    if not state.env.get("html_markdown_depth") or state.sCount[start_line] - state.blkIndent >= 4:
        return False
    match = SUMMARY_RE.match(_line(state, start_line))
    if match is None:
        return False
    if silent:
        return True
    token = state.push("html_block", "", 0)
    token.content = match.group(1)
    token.map = [start_line, start_line + 1]
    token = state.push("inline", "", 0)
    token.content = match.group(2).strip()
    token.map = [start_line, start_line + 1]
    token.children = []
    token = state.push("html_block", "", 0)
    token.content = match.group(3) + "\n"
    token.map = [start_line, start_line + 1]
    state.line = start_line + 1
    return True


_STRAY_ATTR = re.compile(r"""(<[a-zA-Z][^<>]*?)\s+markdown\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+)""")


def strip_markdown_attribute(state: StateCore) -> None:
    """Remove a ``markdown=`` attribute this plugin did not act on from raw HTML."""
    for token in state.tokens:
        for item in (token, *(token.children or ())):
            if item.type in ("html_block", "html_inline") and "markdown" in item.content:
                item.content = _STRAY_ATTR.sub(r"\1", item.content)


def html_markdown_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("html_block", "html_markdown", html_markdown_block,
                          {"alt": ["paragraph", "reference", "blockquote"]})
    md.block.ruler.before("html_block", "html_markdown_summary", summary_block,
                          {"alt": ["paragraph", "reference", "blockquote"]})
    md.core.ruler.push("strip_markdown_attribute", strip_markdown_attribute)
