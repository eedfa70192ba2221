"""One parse of a built page: its ids, URLs, titles and leaked kramdown text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..links import scan

# the URL-bearing attributes are sitegen.links.scan's (one list for rewriting and checking);
# <link rel=...> values that do not point at a resource of this site worth checking:
_LINK_RELS_SKIPPED = {"preconnect", "dns-prefetch"}
_IAL_RE = re.compile(r"\{:[^}\n]{0,80}\}?")


@dataclass
class _Scan:
    ids: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # id -> [(line, col)]
    links: list[tuple[str, str, int, int, bool]] = field(default_factory=list)  # tag, value, line, col, is_file
    titles: list[tuple[str, int]] = field(default_factory=list)
    leaks: list[tuple[str, int, int]] = field(default_factory=list)  # text, line, col


def scan_html(text: str) -> _Scan:
    """One parse of a built page (:mod:`sitegen.links.scan`, the parser link
    rewriting uses): ids, URLs, titles and leaked IAL text.  What is inside
    comments, ``<script>``/``<style>`` text or escaped code is never a link."""
    found = scan(text, document=True, needle="{:")
    result = _Scan()
    for ident, line, col in found.ids:
        result.ids.setdefault(ident, []).append((line, col))
    for attribute in found.urls:
        # preconnect / dns-prefetch name an origin, not a resource of this site
        if attribute.tag == "link" and set(attribute.rel.split()) & _LINK_RELS_SKIPPED:
            continue
        # a missing stylesheet, script or image is a missing file; a missing page is a broken link
        is_file = attribute.loads_resource
        for url in attribute.urls:
            result.links.append((attribute.tag, url, attribute.tag_line, attribute.tag_col, is_file))
    result.titles.extend(found.titles)
    for data, floor in found.texts:
        for match in _IAL_RE.finditer(data):
            at = text.find(match.group(0), floor)
            line, col = found.position(at if at >= 0 else floor)
            result.leaks.append((match.group(0), line, col))
    return result
