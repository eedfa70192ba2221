"""Lists that nest the way kramdown (Jekyll) nests them.

CommonMark decides list membership by columns and by which blocks may
interrupt which; kramdown collects an item's lines first and parses them
afterwards.  The differences editors meet, all handled here as kramdown
does (its ``parse_list``):

* a line right after an item's text is part of the item unless a blank line
  came before it ("lazy" line), whatever it starts: so a sub-list indented
  less than the item's text (``1. 手順です\\n  * 補足です``), a list of the
  other kind (``* Office365\\n1. downdetector``), a heading, a quote or a
  fence written right under an item belong to that item and nest in it.
  Lines starting with ``{:`` (an attribute list) or an HTML block tag end
  the list instead; an HTML comment does not (``- a\\n<!-- note -->\\n- b``
  is one list);
* ``-``, ``*`` and ``+`` items are one list; an ordered list is
  ``1.``-style only (``1)`` is text, as in kramdown);
* any list may start right after a paragraph line (``Kindly note this.\\n5.
  Turn off download.``); an item needs a space after its marker;
* after a blank line, a line indented less than the item's text ends the
  list; a following item continues it;
* a sub-list indented as far as the item's text, coming after lines that
  were not, starts a new list (kramdown parses the item's text in two
  parts there);
* tight and loose items are decided per item as kramdown does: an item's
  first paragraph is bare (no ``<p>``) when no blank line follows it, except
  that the last item gets a ``<p>`` when every earlier item has one.

The item's text is then parsed by markdown-it as usual (``blkIndent`` set to
the item's content column; lazy lines are given that indentation for the
parse and restored after).  An ordered list keeps its first number as
``<ol start="3">`` (kramdown always starts at 1: a deliberate difference).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

# kramdown: LIST_START_UL / LIST_START_OL (PATTERN_TAIL is `[\t| ].*`)
_BULLET = re.compile(r"^( {0,3}[+*-])([\t| ].*|)$")
_ORDERED = re.compile(r"^( {0,3}\d+\.)([\t| ].*|)$")
_HR = re.compile(r"^ {0,3}([-*_])[ \t]*\1[ \t]*\1(?:\1|[ \t])*$")
_IAL_LINE = re.compile(r"^\{:(?!:|/)[^}\n]+\}\s*$")
_ITEM_IAL_ONLY = re.compile(r"^\s*(?:\{:(?![-\w]*:|/)[^}\n]+\})?\s*$")
_HTML_START = re.compile(r"^<([A-Za-z_][-\w.:]*)")
_HTML_STOP = re.compile(r"^</([A-Za-z_][-\w.:]*)\s*>")
_SPAN_ELEMENTS = frozenset("""
a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd label mark option q rb rbc rp rt
rtc ruby samp select small span strong sub sup tt u var script
""".split())


def _list_start(text: str) -> re.Match | None:
    """A line (relative to its container) that starts a list item, as kramdown's LIST_START."""
    match = _BULLET.match(text) or _ORDERED.match(text)
    if match is None or not match.group(2):
        return None
    return match


def _relative(state: StateBlock, line: int) -> tuple[int, str]:
    """(indentation, text) of a line, relative to the current block indent."""
    indent = max(state.sCount[line] - state.blkIndent, 0)
    return indent, state.src[state.bMarks[line] + state.tShift[line]: state.eMarks[line]]


def _ends_lazy(text: str) -> bool:
    """kramdown's lazy lines stop at an IAL or an HTML block tag (opening or closing)."""
    if _IAL_LINE.match(text):
        return True
    match = _HTML_START.match(text) or _HTML_STOP.match(text)
    return match is not None and match.group(1).lower() not in _SPAN_ELEMENTS


def _next_item(ordered: bool, indentation: int, indent: int, text: str) -> re.Match | None:
    """kramdown's fetch_pattern: the next item of this list (same kind, less indented than its text)."""
    if indent > min(indentation - 1, 3):
        return None
    match = (_ORDERED if ordered else _BULLET).match(" " * indent + text)
    if match is None or not match.group(2):
        return None
    return match


_MARKER_STARTS = frozenset("+*-0123456789")


def kramdown_list(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if begin >= state.eMarks[start_line] or state.src[begin] not in _MARKER_STARTS:
        return False
    indent, text = _relative(state, start_line)
    first = _list_start(" " * indent + text)
    if first is None:
        return False
    if silent:
        return True
    ordered = first.group(1).strip()[-1] == "."
    items = _collect(state, start_line, end_line, ordered)
    _emit(state, items, ordered)
    return True


class _Item:
    __slots__ = ("start", "end", "marker", "indentation", "content_start", "lazy", "empty", "chunks", "ial")

    def __init__(self, start: int, marker: str, indentation: int, content_start: int, empty: bool):
        self.start, self.marker, self.indentation = start, marker, indentation
        self.content_start, self.empty = content_start, empty
        self.end = start + 1
        self.lazy: dict[int, int] = {}  # line -> relative indentation to give it
        self.chunks: list[int] = []  # lines where kramdown starts parsing the item's text anew
        self.ial = ""  # `1. {: .x}` with nothing else on the line: the item's attribute list


def _new_item(state: StateBlock, line: int, match: re.Match) -> _Item:
    marker = match.group(1)
    tail = match.group(2)
    ial_only = _ITEM_IAL_ONLY.match(tail) is not None
    if ial_only:
        indentation = 4
    else:
        spaces = len(tail) - len(tail.lstrip(" \t"))
        indentation = len(marker) + len(tail[:spaces].expandtabs(4))
    begin = state.bMarks[line] + state.tShift[line]
    marker_end = begin + len(marker.lstrip(" "))
    content_start = marker_end
    while content_start < state.eMarks[line] and state.src[content_start] in " \t":
        content_start += 1
    ial = ""
    if ial_only and content_start < state.eMarks[line]:
        ial = state.src[content_start: state.eMarks[line]].strip()
        content_start = state.eMarks[line]
    item = _Item(line, marker.strip(), indentation, content_start, content_start >= state.eMarks[line])
    item.ial = ial
    return item


def _collect(state: StateBlock, start_line: int, end_line: int, ordered: bool) -> list[_Item]:
    indent, text = _relative(state, start_line)
    item = _new_item(state, start_line, _list_start(" " * indent + text))  # type: ignore[arg-type]
    items = [item]
    nested_found = _list_start(state.src[item.content_start: state.eMarks[start_line]]) is not None
    last_blank = False
    line = start_line + 1
    while line < end_line:
        if state.isEmpty(line):
            nested_found = True
            last_blank = True
            line += 1
            continue
        indent, text = _relative(state, line)
        if last_blank and _HR.match(" " * indent + text):
            break
        match = _next_item(ordered, item.indentation, indent, text)
        if match is not None:
            item.end = line
            item = _new_item(state, line, match)
            items.append(item)
            nested_found = _list_start(state.src[item.content_start: state.eMarks[line]]) is not None
            last_blank = False
            line += 1
            continue
        if indent >= item.indentation:
            # a content line: kramdown strips the item's indentation from it
            if not nested_found and _list_start(" " * (indent - item.indentation) + text):
                nested_found = True
                item.chunks.append(line)  # kramdown parses what follows separately
        elif not last_blank and (indent > 3 or not _ends_lazy(text)):
            # a lazy line: kept with its own indentation (more when it continues a nested list)
            if nested_found and _list_start(" " * indent + text):
                item.lazy[line] = item.indentation + 4 + indent
            else:
                item.lazy[line] = indent
        else:
            break
        last_blank = False
        line += 1
    # the last item ends at its last non-blank line: trailing blank lines follow the list
    last = line
    while last > item.start + 1 and state.isEmpty(last - 1):
        last -= 1
    item.end = last
    return items


def _emit(state: StateBlock, items: list[_Item], ordered: bool) -> None:
    first = items[0]
    if ordered:
        token = state.push("ordered_list_open", "ol", 1)
        number = int(first.marker[:-1])
        if number != 1:
            token.attrs = {"start": number}
    else:
        token = state.push("bullet_list_open", "ul", 1)
    list_token = token
    token.map = [first.start, items[-1].end]
    token.markup = first.marker[-1]
    old_parent, old_list_indent = state.parentType, state.listIndent
    state.parentType = "list"
    base = state.blkIndent
    transparent_before = False
    for position, item in enumerate(items):
        token = state.push("list_item_open", "li", 1)
        token.markup = item.marker[-1]
        token.map = [item.start, item.end]
        if ordered:
            token.info = item.marker[:-1]
        if item.ial:
            token.meta = {"item_ial": item.ial}
        item_index = len(state.tokens)
        saved = {}
        blk = base + item.indentation
        for line in [item.start, *item.lazy]:
            saved[line] = (state.bMarks[line], state.tShift[line], state.sCount[line])
        state.tShift[item.start] = item.content_start - state.bMarks[item.start]
        state.sCount[item.start] = blk
        for line, relative in item.lazy.items():
            state.sCount[line] = blk + relative
        old_tight = state.tight
        state.listIndent = base
        state.blkIndent = blk
        state.tight = True
        if not item.empty or item.end > item.start + 1:
            bounds = [item.start, *(line for line in item.chunks if line < item.end), item.end]
            for begin, stop in zip(bounds, bounds[1:]):
                state.md.block.tokenize(state, begin, stop)
        state.blkIndent = base
        state.tight = old_tight
        for line, (b_mark, t_shift, s_count) in saved.items():
            state.bMarks[line], state.tShift[line], state.sCount[line] = b_mark, t_shift, s_count
        is_last = position == len(items) - 1
        transparent = _bare_first_paragraph(state, item_index, item, is_last, len(items), transparent_before)
        if transparent is not None:
            transparent_before = transparent_before or transparent
        else:
            transparent_before = True  # an item that does not start with a paragraph
        token = state.push("list_item_close", "li", -1)
        token.markup = item.marker[-1]
    token = state.push("ordered_list_close" if ordered else "bullet_list_close", "ol" if ordered else "ul", -1)
    token.markup = list_token.markup
    state.line = items[-1].end
    state.parentType, state.listIndent = old_parent, old_list_indent


def _bare_first_paragraph(state: StateBlock, index: int, item: _Item, is_last: bool, count: int,
                          earlier_bare: bool) -> bool | None:
    """kramdown's rule for an item's first paragraph without ``<p>``; None if the item
    does not start with a paragraph.  Sets the paragraph's tokens hidden when bare."""
    tokens = state.tokens
    if index >= len(tokens) or tokens[index].type != "paragraph_open":
        return None
    paragraph = tokens[index]
    close = index + 2
    # a blank line right after the paragraph, inside the item (the last item's trailing
    # blank lines are outside it: kramdown still counts that item as tight)
    para_end = paragraph.map[1] if paragraph.map else item.end
    eligible = not (para_end < item.end and state.isEmpty(para_end))
    if eligible and is_last and count > 1 and not earlier_bare:
        eligible = False
    if eligible:
        paragraph.hidden = True
        tokens[close].hidden = True
    return eligible


def lists_plugin(md: MarkdownIt) -> None:
    md.block.ruler.at("list", kramdown_list, {"alt": ["paragraph", "reference", "blockquote"]})
