"""GFM tables where a ``|`` inside a code span does not split the cell.

GFM (and markdown-it) split a table row at every unescaped ``|``, even inside
backticks, so ``| `cmd | less` |`` becomes two broken cells unless the pipe
is written ``\\|``.  kramdown, which Jekyll sites were written for, finds the
code spans first: a pipe inside one belongs to the code.  This plugin keeps
markdown-it's table rule and swaps only its cell splitter for one that skips
code spans (an escaped ``\\|`` still works everywhere, inside code too, and a
backtick without a matching closing run is an ordinary character).

kramdown also reads a table that has no header row: its first line is the
``|---|---|`` separator, then rows (``|---|---|\n| **SSID:** | `UTokyo-WiFi` |``
is a two-column table of body rows).  The ``headerless_table`` rule builds it
as kramdown does: the first separator is ignored, a later separator line
turns the rows above it into the header (alignment from that line), the
table ends at the first line without a ``|`` and must be followed by a blank
line (or the end, or a ``{:`` attribute list), rows shorter than the longest
are padded with empty cells.  It cannot interrupt a paragraph.
"""

from __future__ import annotations

import importlib
import re
import types

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

# the module (``markdown_it.rules_block.table`` the attribute is the rule function)
_upstream = importlib.import_module("markdown_it.rules_block.table")


def split_cells(line: str) -> list[str]:
    """Split a table row at the pipes outside code spans; ``\\|`` becomes ``|``."""
    if "`" not in line and "\\" not in line:  # no code span, no escape: every pipe splits
        return line.split("|")
    cells: list[str] = []
    current: list[str] = []
    i, end = 0, len(line)
    while i < end:
        char = line[i]
        if char == "\\" and i + 1 < end and line[i + 1] == "|":
            current.append("|")
            i += 2
        elif char == "|":
            cells.append("".join(current))
            current = []
            i += 1
        elif char == "`":
            run = i
            while run < end and line[run] == "`":
                run += 1
            ticks = line[i:run]
            close = _closing_run(line, run, len(ticks))
            if close is None:
                current.append(ticks)
                i = run
            else:
                current.append(line[i:close + len(ticks)].replace("\\|", "|"))
                i = close + len(ticks)
        else:
            current.append(char)
            i += 1
    cells.append("".join(current))
    return cells


def _closing_run(line: str, start: int, length: int) -> int | None:
    """Start of the next backtick run of exactly ``length`` after ``start``."""
    i = start
    while i < len(line):
        if line[i] != "`":
            i += 1
            continue
        run = i
        while run < len(line) and line[run] == "`":
            run += 1
        if run - i == length:
            return i
        i = run
    return None


# markdown-it's own table rule, reading ``escapedSplit`` from a copy of its module globals
_globals = dict(_upstream.table.__globals__, escapedSplit=split_cells)
table = types.FunctionType(_upstream.table.__code__, _globals, "table",
                           _upstream.table.__defaults__, _upstream.table.__closure__)


# kramdown's TABLE_SEP_LINE, with at least one pipe (kramdown's TABLE_LINE)
_SEPARATOR = re.compile(r"^(?=.*\|)([+|: \t-]*?-[+|: \t-]*?)[ \t]*$")
_ALIGN = re.compile(r"[ \t]?(:?)-+(:?)[ \t]?")


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line]: state.eMarks[line]]


def _has_pipe(text: str) -> bool:
    return re.match(r"(?:\||.*?[^\\\n]\|)", text) is not None


def _cells(text: str) -> list[str]:
    cells = split_cells(text.strip())
    if text.strip().startswith("|") and cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    return [cell.strip() for cell in cells]


def headerless_table(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    first = state.bMarks[start_line] + state.tShift[start_line]
    if first >= state.eMarks[start_line] or state.src[first] not in "+|:-":  # what a separator row starts with
        return False
    if not _SEPARATOR.match(_line(state, start_line)):
        return False
    opened_here = bool(state.tokens) and state.tokens[-1].nesting == 1 and bool(state.tokens[-1].map) \
        and state.tokens[-1].map[0] == start_line
    if start_line > 0 and not state.isEmpty(start_line - 1) and not opened_here:
        return False  # kramdown: a table starts after a blank line (or first in its container)
    line = start_line + 1
    head: list[list[str]] = []
    bodies: list[list[list[str]]] = []
    rows: list[list[str]] = []
    aligns: list[str] = []
    while line < end_line and not state.isEmpty(line) and state.sCount[line] - state.blkIndent < 4:
        text = _line(state, line)
        if not _has_pipe(text):
            break
        separator = _SEPARATOR.match(text)
        if separator:
            if rows and not aligns and not head:
                head, rows = rows, []
                aligns = [("center" if left and right else "right" if right else "left" if left else "")
                          for left, right in _ALIGN.findall(separator.group(1))]
            elif rows:
                bodies.append(rows)
                rows = []
        else:
            rows.append(_cells(text))
        line += 1
    if rows:
        bodies.append(rows)
    if not bodies:
        return False
    if line < end_line and not state.isEmpty(line) and not _line(state, line).startswith("{:"):
        return False  # kramdown: the table must end at a block boundary
    if silent:
        return True
    columns = max(len(row) for row in [*head, *(row for body in bodies for row in body)])
    token = state.push("table_open", "table", 1)
    token.map = [start_line, line]
    if head:
        state.push("thead_open", "thead", 1)
        _rows(state, head, columns, aligns, "th")
        state.push("thead_close", "thead", -1)
    for body in bodies:
        state.push("tbody_open", "tbody", 1)
        _rows(state, body, columns, aligns, "td")
        state.push("tbody_close", "tbody", -1)
    state.push("table_close", "table", -1)
    state.line = line
    return True


def _rows(state: StateBlock, rows: list[list[str]], columns: int, aligns: list[str], cell: str) -> None:
    for row in rows:
        state.push("tr_open", "tr", 1)
        for index in range(columns):
            token = state.push(f"{cell}_open", cell, 1)
            if index < len(aligns) and aligns[index]:
                token.attrs = {"style": "text-align:" + aligns[index]}
            token = state.push("inline", "", 0)
            token.content = row[index] if index < len(row) else ""
            token.children = []
            state.push(f"{cell}_close", cell, -1)
        state.push("tr_close", "tr", -1)


def tables_plugin(md: MarkdownIt) -> None:
    md.block.ruler.at("table", table)
    md.block.ruler.before("table", "headerless_table", headerless_table, {"alt": ["blockquote"]})
