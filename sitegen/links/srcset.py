"""The URLs of a ``srcset`` value, where they sit in it, and how to replace them.

HTML's "parse a srcset attribute" algorithm, as far as URLs go: candidates are
separated by commas; a candidate's URL is its first run of non-whitespace
characters (so a ``data:`` URL keeps its commas), minus trailing commas, which
end the candidate; its descriptors (``2x``, ``480w``) run to the next comma
outside parentheses.  Whitespace and descriptors are kept exactly as written
when a URL is replaced.
"""

from __future__ import annotations

from typing import Callable

_SPACE = " \t\n\r\f"


def srcset_spans(value: str) -> list[tuple[int, int]]:
    """(start, end) of each candidate URL in ``value``, in order."""
    spans = []
    pos, size = 0, len(value)
    while pos < size:
        while pos < size and (value[pos] in _SPACE or value[pos] == ","):
            pos += 1
        if pos >= size:
            break
        start = pos
        while pos < size and value[pos] not in _SPACE:
            pos += 1
        end = pos
        if value[end - 1] == ",":  # "a.png," : the commas end the candidate
            while end > start and value[end - 1] == ",":
                end -= 1
            if end > start:
                spans.append((start, end))
            continue
        spans.append((start, end))
        in_parens = False
        while pos < size:  # descriptors up to the next comma outside parentheses
            char = value[pos]
            pos += 1
            if char == "(":
                in_parens = True
            elif char == ")":
                in_parens = False
            elif char == "," and not in_parens:
                break
    return spans


def srcset_urls(value: str) -> list[str]:
    return [value[start:end] for start, end in srcset_spans(value)]


def replace_srcset(value: str, new_url: Callable[[str], str | None]) -> str:
    """``value`` with each candidate URL replaced by ``new_url(url)`` (``None``
    keeps it as written)."""
    pieces, last = [], 0
    for start, end in srcset_spans(value):
        new = new_url(value[start:end])
        if new is None:
            continue
        pieces.append(value[last:start])
        pieces.append(new)
        last = end
    if not pieces:
        return value
    pieces.append(value[last:])
    return "".join(pieces)
