"""Raw HTML blocks as kramdown reads them: to the matching closing tag.

CommonMark ends an HTML block such as ``<ol>`` or ``<div>`` at the first
blank line; what follows is Markdown, so an indented ``<li>`` after a blank
line becomes a code block showing HTML source, and the rest of the element
is broken.  kramdown (Jekyll) parses a block-level element to its matching
closing tag, blank lines and indentation included, and Markdown resumes on
the line after it.  This block rule does the same:

* a line that starts (up to three spaces in) with the opening tag of any
  element that is not a span-level one (``<div>``, ``<ol>``, ``<details>``,
  ``<table>``, ``<iframe>``, custom elements…) starts an HTML block that ends
  with the line holding the matching ``</tag>`` (nested elements counted,
  comments and ``<script>``/``<style>`` contents skipped, void elements such
  as ``<hr>`` or ``<source>`` and ``<x/>`` need no closing tag);
* such a line also ends a paragraph, as in kramdown;
* a line that starts with a span-level element (``<img>``, ``<a>``,
  ``<span>``, ``<strong>``, ``<code>``, ``<br>``, ``<input>``…) is Markdown: a
  paragraph, so ``<img src="a.png">`` alone on its line is ``<p><img …></p>``.

When the element is never closed inside its container (a ``<p>`` or ``<li>``
left open, which kramdown would let swallow the rest of the page), the
block falls back to CommonMark's rule and ends at a blank line.  Comments,
``<?…?>`` and ``<!DOCTYPE>`` and a stray closing tag are left to
markdown-it's own rule, which this one replaces.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.html_block import html_block as _upstream_html_block

# kramdown's HTML_SPAN_ELEMENTS (+ script, which its paragraphs do not end at)
SPAN_ELEMENTS = frozenset("""
a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd label mark option q rb rbc rp rt
rtc ruby samp select small span strong sub sup tt u var
""".split())
# kramdown's HTML_BLOCK_ELEMENTS: inside a paragraph these are not span HTML
BLOCK_ELEMENTS = frozenset("""
address article aside applet body blockquote caption col colgroup dd div dl dt fieldset figcaption footer form
h1 h2 h3 h4 h5 h6 header hgroup hr html head iframe legend menu li main map nav ol optgroup p pre section summary
table tbody td th thead tfoot tr ul
""".split())
VOID_ELEMENTS = frozenset("area base br col command embed hr img input keygen link meta param source track wbr"
                          .split())
RAW_TEXT_ELEMENTS = ("script", "style")

_NAME = r"[A-Za-z_][-\w.:]*"
_ATTRS = r"""(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*"""
OPEN_TAG = re.compile(rf"<({_NAME}){_ATTRS}\s*(/?)>")
# what the scanner looks for inside the element
_SCAN = re.compile(rf"<!--.*?-->|<({_NAME}){_ATTRS}\s*(/?)>|</({_NAME})\s*>", re.DOTALL)


_START = re.compile(rf"<({_NAME})")


def starts_block(text: str) -> bool:
    """``text`` (a line) starts with a tag that begins a kramdown HTML block."""
    match = _START.match(text)
    return match is not None and match.group(1).lower() not in SPAN_ELEMENTS


def find_close(text: str, opening: re.Match) -> int | None:
    """Offset just past the closing tag matching ``opening`` (at the start of ``text``)."""
    name = opening.group(1).lower()
    if opening.group(2) or name in VOID_ELEMENTS:
        return opening.end()
    stack = [name]
    pos = opening.end()
    # an unclosed comment (the text may be cut short): nothing from there on counts
    last_comment = text.rfind("<!--")
    cutoff = last_comment if last_comment >= 0 and text.find("-->", last_comment + 4) < 0 else len(text)
    while stack:
        if pos >= cutoff:
            return None
        if stack[-1] in RAW_TEXT_ELEMENTS:
            close = re.compile(rf"</{stack[-1]}\s*>", re.IGNORECASE).search(text, pos)
            if close is None:
                return None
            stack.pop()
            pos = close.end()
            continue
        match = _SCAN.search(text, pos, cutoff)
        if match is None:
            return None
        pos = match.end()
        if match.group(1):
            tag = match.group(1).lower()
            if not match.group(2) and tag not in VOID_ELEMENTS:
                stack.append(tag)
        elif match.group(3):
            tag = match.group(3).lower()
            if tag == stack[-1]:
                stack.pop()
            elif tag in stack:  # close what was left open inside, as a browser does
                del stack[stack.index(tag):]
            # any other closing tag is ignored, as kramdown does
    return pos


def _line_text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line]: state.eMarks[line]]


def kramdown_html_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4 or not state.md.options.get("html"):
        return False
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if begin >= state.eMarks[start_line] or state.src[begin] != "<":  # no HTML block, ours or CommonMark's
        return False
    first = _line_text(state, start_line)
    if not starts_block(first):
        if _START.match(first) or first.startswith("<!--") and state.sCount[start_line] > state.blkIndent:
            # an indented comment: kramdown reads it as a paragraph (holding the comment)
            return False  # or a span-level element: a paragraph, as in kramdown
        if silent and not first.startswith("</"):
            return False  # kramdown: a comment does not end a paragraph
        return _upstream_html_block(state, start_line, end_line, silent)
    if silent:
        return True
    # the element's lines inside this container; scanned in growing windows, so a page of
    # many one-line blocks is not read to its end for each of them
    limit = end_line
    offsets: list[int] = []
    parts: list[str] = []
    length = 0
    window = 8
    line = start_line
    end = None
    opening = None
    while True:
        while line < min(start_line + window, limit):
            if line > start_line and not state.isEmpty(line) and state.sCount[line] < state.blkIndent:
                limit = line  # the container ends here
                break
            text = first if line == start_line else state.src[state.bMarks[line]: state.eMarks[line]]
            offsets.append(length)
            parts.append(text)
            length += len(text) + 1
            line += 1
        text = "\n".join(parts)
        opening = OPEN_TAG.match(text)
        end = find_close(text, opening) if opening is not None else None
        if end is not None or line >= limit:
            break
        window *= 4
    if end is None:
        return _upstream_html_block(state, start_line, end_line, silent)
    index = max(index for index, offset in enumerate(offsets) if offset < max(end, 1))
    last = start_line + index
    rest = text[end: offsets[index] + len(parts[index])]
    token = state.push("html_block", "", 0)
    token.map = [start_line, last + 1]
    if not rest.strip():
        state.line = last + 1
        token.content = state.getLines(start_line, last + 1, state.blkIndent, True)
        return True
    # Markdown after the closing tag on the same line (`<font>赤</font>と…`): kramdown
    # goes on parsing there, so the rest of the line is a block of its own
    cut = state.eMarks[last] - len(rest)
    token.content = state.getLines(start_line, last + 1, state.blkIndent, True)[: -len(rest) - 1] + "\n"
    spaces = len(rest) - len(rest.lstrip(" \t"))
    state.bMarks[last] = cut
    state.tShift[last] = spaces
    state.sCount[last] = state.blkIndent
    if last > start_line:
        state.line = last
    else:  # the whole element was on this line: parse the rest of the container from here
        state.md.block.tokenize(state, last, end_line)
    return True


def html_blocks_plugin(md: MarkdownIt) -> None:
    md.block.ruler.at("html_block", kramdown_html_block, {"alt": ["paragraph", "reference", "blockquote"]})
