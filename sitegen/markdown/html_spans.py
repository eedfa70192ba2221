"""Inline raw HTML as kramdown parses it: raw contents, and elements closed
at the end of their paragraph.

* Raw contents.  kramdown parses the contents of span-level HTML only for
  the elements whose content model is "span" (``<a>``, ``<span>``,
  ``<strong>``, ``<em>``, ``<small>``, ``<sub>``…).  The contents of any
  other element (``<code>``, ``<kbd>``, ``<samp>``, ``<var>``, ``<font>``,
  ``<mark>``, ``<u>``, ``<s>``, custom elements…) are raw: in
  ``<code>*.u-tokyo.ac.jp</code>となって<code>*.u-tokyo.ac.jp</code>`` the
  two asterisks stay asterisks, where markdown-it would pair them into
  emphasis across the two elements.  This inline rule takes such an element,
  from its opening tag to the first closing tag of the same name in the
  paragraph, as one ``html_inline`` token (``meta["raw_text"]`` is the text
  inside, for heading ids), so no emphasis, link, typography or linkify
  reaches inside.  Without a closing tag it is an ordinary inline tag.
* Closed at the end of the paragraph.  kramdown closes a span-level element
  left open (``Reset it from <a href="…">.``) at the end of its paragraph,
  so the next blocks are not swallowed by it; so does this core rule.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from .html_blocks import BLOCK_ELEMENTS, VOID_ELEMENTS

# kramdown's HTML_CONTENT_MODEL_SPAN, less the block-level elements
PARSED_SPAN_ELEMENTS = frozenset("""
a abbr acronym b bdo big button cite del dfn em i ins label q rb rbc rp rt rtc ruby select small span strong
sub sup tt
""".split())
_ATTRS = r"""(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*"""
_OPEN = re.compile(rf"<([A-Za-z][-\w.:]*){_ATTRS}\s*(/?)>")
_TAG = re.compile(rf"^<(/?)([A-Za-z][-\w.:]*){_ATTRS}\s*(/?)>$")


def is_raw(name: str) -> bool:
    name = name.lower()
    return name not in PARSED_SPAN_ELEMENTS and name not in VOID_ELEMENTS and name not in BLOCK_ELEMENTS


def raw_html_span(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "<" or not state.md.options.get("html"):
        return False
    opening = _OPEN.match(state.src, state.pos, state.posMax)
    if opening is None or opening.group(2) or not is_raw(opening.group(1)):
        return False
    closing = re.compile(rf"</{re.escape(opening.group(1))}\s*>", re.IGNORECASE).search(
        state.src, opening.end(), state.posMax)
    if closing is None:
        return False
    if not silent:
        token = state.push("html_inline", "", 0)
        token.content = state.src[state.pos: closing.end()]
        token.meta = {"raw_text": state.src[opening.end(): closing.start()]}
    state.pos = closing.end()
    return True


def close_open_spans(state: StateCore) -> None:
    for block in state.tokens:
        if block.type != "inline" or not block.children or not any(
                child.type == "html_inline" for child in block.children):
            continue
        open_tags: list[str] = []
        for child in block.children:
            if child.type != "html_inline":
                continue
            match = _TAG.match(child.content.strip())
            if match is None or match.group(3):
                continue
            name = match.group(2).lower()
            if name not in PARSED_SPAN_ELEMENTS:
                continue
            if not match.group(1):
                open_tags.append(name)
            elif name in open_tags:
                del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name):]
        for name in reversed(open_tags):
            token = Token("html_inline", "", 0)
            token.content = f"</{name}>"
            block.children.append(token)


def html_spans_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("html_inline", "raw_html_span", raw_html_span)
    md.core.ruler.after("inline", "close_open_spans", close_open_spans)
