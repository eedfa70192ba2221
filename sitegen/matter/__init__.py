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

import frontmatter

from .handlers import (FORMAT_HINTS, HANDLERS, FrontMatterProblem, LineJSONHandler, LineTOMLHandler,
                       LineYAMLHandler, Split)

__all__ = ["FORMAT_HINTS", "HANDLERS", "FrontMatterProblem", "LineJSONHandler", "LineTOMLHandler",
           "LineYAMLHandler", "Split", "detect", "problem_hint", "split"]


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
