"""Control characters in what editors write.

A control character (U+0000–U+001F but tab, newline and carriage return;
U+007F–U+009F) is invisible in most editors, is a parse error in HTML and
makes an XML feed or sitemap unreadable.  It gets into a page through a
paste from another program, or through a YAML escape (``title: "Bell\\a"``).
A page's text and its front matter values are read without them, with a
warning at the line, so the page builds and the editor knows what to delete.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

HINT = ("delete it: it is invisible in most editors (a paste from another program, or a YAML escape "
        "such as `\\a`); HTML readers and feed readers reject it")


def describe(found: str) -> str:
    """``U+0007 (BELL)`` for the first control character, and how many more."""
    name = unicodedata.name(found[0], "") or _C0_NAMES.get(ord(found[0]), "")
    shown = f"U+{ord(found[0]):04X}" + (f" ({name})" if name else "")
    more = len(found) - 1
    return shown + (f" and {more} more" if more else "")


_C0_NAMES = {0: "NULL", 7: "BELL", 8: "BACKSPACE", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED",
             0x1B: "ESCAPE", 0x7F: "DELETE"}


def strip_text(text: str) -> tuple[str, int | None, str]:
    """``text`` without control characters, the line of the first one (None
    if there is none) and the characters removed."""
    match = CONTROL_RE.search(text)
    if match is None:
        return text, None, ""
    line = text.count("\n", 0, match.start()) + 1
    return CONTROL_RE.sub("", text), line, "".join(CONTROL_RE.findall(text))


def strip_values(front: dict) -> tuple[dict, list[tuple[str, str]]]:
    """Front matter without control characters in its texts (keys too, at any
    depth), and the top-level keys where some were, with the characters."""
    found: list[tuple[str, str]] = []
    cleaned = {}
    for key, value in front.items():
        removed: list[str] = []
        new_key = _strip(key, removed)
        cleaned[new_key] = _strip(value, removed)
        if removed:
            found.append((str(key), "".join(removed)))
    return (cleaned if found else front), found


def _strip(value: Any, removed: list[str]) -> Any:
    if isinstance(value, str):
        if CONTROL_RE.search(value) is None:
            return value
        removed.extend(CONTROL_RE.findall(value))
        return CONTROL_RE.sub("", value)
    if isinstance(value, dict):
        return {_strip(k, removed): _strip(v, removed) for k, v in value.items()}
    if isinstance(value, list):
        return [_strip(v, removed) for v in value]
    return value
