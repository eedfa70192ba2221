"""GFM tables where a ``|`` inside a code span does not split the cell.

GFM (and markdown-it) split a table row at every unescaped ``|``, even inside
backticks, so ``| `cmd | less` |`` becomes two broken cells unless the pipe
is written ``\\|``.  kramdown, which Jekyll sites were written for, finds the
code spans first: a pipe inside one belongs to the code.  This plugin keeps
markdown-it's table rule and swaps only its cell splitter for one that skips
code spans (an escaped ``\\|`` still works everywhere, inside code too, and a
backtick without a matching closing run is an ordinary character).
"""

from __future__ import annotations

import importlib
import types

from markdown_it import MarkdownIt

# the module (``markdown_it.rules_block.table`` the attribute is the rule function)
_upstream = importlib.import_module("markdown_it.rules_block.table")


def split_cells(line: str) -> list[str]:
    """Split a table row at the pipes outside code spans; ``\\|`` becomes ``|``."""
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


def tables_plugin(md: MarkdownIt) -> None:
    md.block.ruler.at("table", table)
