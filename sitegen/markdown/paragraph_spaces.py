"""Keep a paragraph's leading full-width space (``　``, U+3000).

Japanese prose often indents a paragraph with an ideographic space (字下げ).
markdown-it-py trims a paragraph with the whole Unicode whitespace set, which
drops it; CommonMark itself only strips spaces and tabs ("removing initial
and final spaces or tabs"), and kramdown keeps it.  This plugin wraps the
paragraph rule and re-trims the content with spaces and tabs only.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.paragraph import paragraph


def paragraph_keeping_ideographic_space(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    count = len(state.tokens)
    if not paragraph(state, start_line, end_line, silent):
        return False
    src = state.src
    first, last = state.bMarks[start_line] + state.tShift[start_line], state.eMarks[state.line - 1] - 1
    if not src[first].isspace() and not src[last].isspace():
        return True  # nothing but spaces and tabs trimmed at either end: the content is as kept
    if len(state.tokens) == count + 3 and state.tokens[count + 1].type == "inline":
        inline = state.tokens[count + 1]
        raw = state.getLines(start_line, state.line, state.blkIndent, False)
        kept = raw.strip(" \t\n")
        if kept != inline.content and kept.strip() == inline.content:
            inline.content = kept
    return True


def paragraph_spaces_plugin(md: MarkdownIt) -> None:
    md.block.ruler.at("paragraph", paragraph_keeping_ideographic_space)
