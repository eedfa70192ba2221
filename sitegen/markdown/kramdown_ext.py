"""kramdown's extensions, as Jekyll pages use them.

* ``{::comment}`` … ``{:/comment}`` (or ``{:/}``): an editor's note, never
  published.  kramdown writes it as an HTML comment; sitegen leaves it out
  of the page entirely (a comment would still be readable in the source).
  Block form (the tags on lines of their own) and span form (inside text).
* ``{::nomarkdown}`` … ``{:/nomarkdown}`` (or ``{:/}``): the content is
  passed through as raw HTML, without Markdown.
* ``{::options … /}``: kramdown parser options have no meaning here; the
  line is dropped with a warning.

Without its closing tag an extension is not recognised; the ``{:`` lines are
then dropped with a warning by the IAL plugin (never shown as text).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

_NAMES = "comment|nomarkdown"
BLOCK_START = re.compile(rf"^\{{::({_NAMES})\}}[ \t]*$")
BLOCK_ONE_LINE = re.compile(rf"^\{{::({_NAMES})\}}(.*?)\{{:/(?:\1)?\}}[ \t]*$")
OPTIONS = re.compile(r"^\{::options\b[^}\n]*/\}[ \t]*$")
SPAN = re.compile(rf"\{{::({_NAMES})\}}(.*?)\{{:/(?:\1)?\}}", re.DOTALL)


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line]: state.eMarks[line]]


def _warn(state, line: int, message: str) -> None:
    state.env.setdefault("warnings", []).append((line, message))


def extension_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if state.src[begin: begin + 3] != "{::":
        return False
    first = _line(state, start_line)
    if not first.startswith("{::"):
        return False
    if OPTIONS.match(first):
        if not silent:
            _warn(state, start_line + 1, f"kramdown options `{first.strip()}` have no effect in sitegen; "
                                         "the line was dropped")
            state.line = start_line + 1
        return True
    one_line = BLOCK_ONE_LINE.match(first)
    if one_line:
        name, content, last = one_line.group(1), one_line.group(2) + "\n", start_line
    else:
        start = BLOCK_START.match(first)
        if start is None:
            return False
        name = start.group(1)
        closer = re.compile(rf"^\{{:/(?:{name})?\}}[ \t]*$")
        last = start_line + 1
        while last < end_line and not closer.match(_line(state, last)):
            last += 1
        if last >= end_line:
            return False
        content = state.getLines(start_line + 1, last, state.blkIndent, True)
    if silent:
        return True
    if name == "nomarkdown":
        token = state.push("html_block", "", 0)
        token.content = content
        token.map = [start_line, last + 1]
    state.line = last + 1
    return True


def extension_span(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("{::", state.pos):
        return False
    match = SPAN.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    if not silent and match.group(1) == "nomarkdown":
        token = state.push("html_inline", "", 0)
        token.content = match.group(2)
    state.pos = match.end()
    return True


def kramdown_extensions_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("table", "kramdown_extension", extension_block,
                          {"alt": ["paragraph", "blockquote", "list"]})
    md.inline.ruler.before("text", "kramdown_extension", extension_span)
