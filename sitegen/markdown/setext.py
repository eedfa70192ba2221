"""Setext headings as kramdown reads them: one line of text, underlined at
the start of the next line.

CommonMark makes a heading of a whole paragraph whose last line is ``---``
or ``===``, and lets the underline be indented by up to three spaces.
kramdown's rule is narrower (``SETEXT_HEADER_START``): the heading is the one
line right above the underline, and the underline starts the line.  So

* ``a\\nb\\n---`` is a paragraph (``a b —``, the dashes typeset), not an
  ``<h2>`` of two lines;
* ``Title:  x\\n lang: en\\n --- `` (front matter whose closing ``---`` is
  indented, which Jekyll reads as body text) is a paragraph too, not a
  heading in the page and its table of contents.

This plugin replaces markdown-it's ``lheading`` rule; a line it declines is
left to the paragraph rule, which takes the underline as more text.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock


def kramdown_setext(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    underline = start_line + 1
    if underline >= end_line or state.is_code_block(start_line) or state.isEmpty(start_line):
        return False
    if state.sCount[underline] != state.blkIndent:  # kramdown: the underline starts the line
        return False
    pos = state.bMarks[underline] + state.tShift[underline]
    maximum = state.eMarks[underline]
    if pos >= maximum or state.src[pos] not in "-=":
        return False
    marker = state.src[pos]
    pos = state.skipSpaces(state.skipCharsStr(pos, marker))
    if pos < maximum:
        return False
    if silent:
        return True
    level = 1 if marker == "=" else 2
    state.line = underline + 1
    token = state.push("heading_open", f"h{level}", 1)
    token.markup = marker
    token.map = [start_line, state.line]
    token = state.push("inline", "", 0)
    token.content = state.getLines(start_line, start_line + 1, state.blkIndent, False).strip()
    token.map = [start_line, state.line - 1]
    token.children = []
    token = state.push("heading_close", f"h{level}", -1)
    token.markup = marker
    return True


def setext_plugin(md: MarkdownIt) -> None:
    md.block.ruler.at("lheading", kramdown_setext)
