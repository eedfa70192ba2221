"""Plain text from inline HTML (titles hold trusted inline markup)."""

from __future__ import annotations

import html as _html
import re

_STRIP_TAGS = re.compile(r"<[^>]+>")


def strip_tags(text: str) -> str:
    return " ".join(_html.unescape(_STRIP_TAGS.sub("", text)).split())
