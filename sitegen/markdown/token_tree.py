"""Finding one's way in markdown-it's flat token list: the token that opens
or closes a block, and the block that encloses a token."""

from __future__ import annotations

from markdown_it.token import Token


def opening_index(tokens: list[Token], close_index: int) -> int:
    """Index of the opening token matching the closing token at ``close_index``."""
    depth = 0
    for i in range(close_index, -1, -1):
        depth += tokens[i].nesting
        if depth == 0:
            return i
    return close_index


def closing_index(tokens: list[Token], open_index: int) -> int:
    """Index of the closing token matching the opening token at ``open_index``."""
    depth = 0
    for j in range(open_index, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return open_index


def enclosing(tokens: list[Token], index: int) -> int | None:
    """Index of the opening token of the block that holds the token at ``index``."""
    depth = 0
    for i in range(index - 1, -1, -1):
        depth += tokens[i].nesting
        if depth > 0:
            return i
    return None
