"""Front matter: YAML (``---``), TOML (``+++``) and JSON (``{`` … ``}``).

python-frontmatter's handler interface is the front-matter layer: the
library's :func:`frontmatter.detect_format` picks the handler of a page, and
each handler (:mod:`sitegen.matter.handlers`) splits the block off the body
keeping every line (python-frontmatter's own boundary patterns swallow the
blank lines after the closing delimiter, which would shift the body's line
numbers) and loads it with line bookkeeping: YAML with sitegen's
line-keeping loader (:func:`sitegen.yamlfile.load_yaml`), TOML with the
standard library's ``tomllib``, JSON with ``json``.  Every error carries the
line of the file, never of the block.
"""

from __future__ import annotations

from dataclasses import dataclass

import frontmatter

from ..yamlfile import LineDict
from .handlers import (FORMAT_HINTS, HANDLERS, FrontMatterProblem, LineJSONHandler, LineTOMLHandler,
                       LineYAMLHandler, Split)

__all__ = ["FORMAT_HINTS", "HANDLERS", "FrontMatterProblem", "LineJSONHandler", "LineTOMLHandler",
           "LineYAMLHandler", "Split", "FrontMatter", "detect", "parse_front_matter", "problem_hint", "split",
           "split_front_matter"]


def detect(text: str):
    """The handler for ``text`` (BOM already removed), or None without front matter."""
    return frontmatter.detect_format(text, HANDLERS)


def split(text: str) -> tuple[object, Split] | tuple[None, None]:
    """``(handler, Split)`` for a page's text, or ``(None, None)`` without front matter."""
    if text.startswith("\ufeff"):
        text = text[1:]
    handler = detect(text)
    if handler is None:
        return None, None
    return handler, handler.split_lines(text)


def problem_hint(problem) -> str:
    """What to do about a front-matter problem, in the words of its format."""
    return FORMAT_HINTS.get(getattr(problem, "format", "yaml"), FORMAT_HINTS["yaml"])


@dataclass(frozen=True)
class FrontMatter:
    data: LineDict
    body: str
    body_line: int  # number of file lines before the body starts
    has_front_matter: bool
    format: str | None = None  # "yaml", "toml", "json"; None without front matter


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split front matter (YAML ``---``, TOML ``+++`` or JSON ``{``) from the body.

    Returns ``(block text or None, body, lines_before_body)``.  The split is
    python-frontmatter's handlers from this package, whose ``split``
    keeps every line (the library's default boundary pattern swallows blank
    lines after the closing ``---``, which would shift every body line).
    """
    handler, part = split(text)
    if handler is None:
        return None, text[1:] if text.startswith("\ufeff") else text, 0
    return part.fm_text, part.body, part.body_line


def parse_front_matter(text: str) -> FrontMatter:
    """Front matter as a :class:`LineDict` (key lines are file lines) and the body."""
    handler, part = split(text)
    if handler is None:
        return FrontMatter(_empty_mapping(), text[1:] if text.startswith("\ufeff") else text, 0, False)
    return FrontMatter(handler.load_lines(part), part.body, part.body_line, True, handler.FORMAT)


def _empty_mapping() -> LineDict:
    empty = LineDict()
    empty.line, empty.key_lines = 1, {}
    return empty
