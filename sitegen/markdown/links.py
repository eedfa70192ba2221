"""External links open in a new tab; every link target is recorded.

Markdown links and autolinks to ``http:``, ``https:`` or ``//`` get
``target="_blank" rel="noopener"`` unless the page says ``target_blank:
false`` (raw HTML ``<a>`` stays as written).  Every href/src (Markdown links,
images, and attributes inside raw HTML) is recorded with its line in
``env["links"]`` so the site model can resolve and check them.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

EXTERNAL_RE = re.compile(r"^(?:https?:)?//", re.I)
HTML_LINK_RE = re.compile(r"""\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)


def collect_links(state: StateCore) -> None:
    links = state.env.setdefault("links", [])
    target_blank = state.env.get("target_blank", True)
    for token in state.tokens:
        if token.type in ("html_block",) and token.map:
            _html_links(links, token.content, token.map[0])
            continue
        if token.type != "inline" or not token.children:
            continue
        line = token.map[0] if token.map else 0
        for child in token.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "link_open":
                href = str(child.attrGet("href") or "")
                links.append((href, line, "link"))
                if target_blank and EXTERNAL_RE.match(href):
                    child.attrSet("target", "_blank")
                    child.attrSet("rel", "noopener")
            elif child.type == "image":
                links.append((str(child.attrGet("src") or ""), line, "image"))
            elif child.type == "html_inline":
                _html_links(links, child.content, line)


def _html_links(links: list, content: str, first_line: int) -> None:
    for match in HTML_LINK_RE.finditer(content):
        value = next(g for g in match.groups() if g is not None)
        line = first_line + content.count("\n", 0, match.start())
        links.append((html.unescape(value), line, "html"))


def links_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("collect_links", collect_links)
