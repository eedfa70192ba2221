"""External links open in a new tab; every link target is recorded.

Markdown links, images and autolinks keep the destination exactly as the
editor wrote it (after entity decoding) until this plugin has recorded it:
``md.normalizeLink`` is replaced by the identity, and the core rule records
each href/src with its line in ``env["links"]``, then writes the normalized
(percent-encoded, punycoded) form into the token for the HTML.  Links are
still validated on their normalized form (``javascript:`` and friends are
refused exactly as markdown-it does).

href/src attributes inside raw HTML (blocks and inline) are recorded too,
kind ``"html"``, and are left as written in the output.

Markdown links and autolinks to ``http:``, ``https:`` or ``//`` get
``target="_blank" rel="noopener"`` unless ``env["target_blank"]`` is false
(the page's ``target_blank: false``); raw HTML ``<a>`` stays as written.
``mailto:``, ``tel:`` and relative links are never external, nor is an
absolute URL of the site itself: same host as ``env["base_url"]`` (either
scheme) and inside its path (``https://support.example.jp/docs/x`` with
base URL ``https://support.example.jp/docs/``).
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.common import normalize_url
from markdown_it.rules_core import StateCore

EXTERNAL_RE = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
_ATTR_IN_TAG_RE = re.compile(r"""\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_TAG_RE = re.compile(r"<[a-zA-Z][^<>]*>")


def _keep_as_written(url: str) -> str:
    return url


def _validate_normalized(url: str) -> bool:
    return normalize_url.validateLink(normalize_url.normalizeLink(url))


def is_external(href: str, base_url: str = "") -> bool:
    """An ``http(s):``/``//`` URL that does not point into the site at ``base_url``."""
    if not EXTERNAL_RE.match(href):
        return False
    if not base_url or not EXTERNAL_RE.match(base_url):
        return True
    try:
        target, base = urlsplit(href), urlsplit(base_url)
        same_host = target.hostname == base.hostname and target.port == base.port
    except ValueError:
        return True
    base_path = base.path.rstrip("/")
    inside = not base_path or target.path == base_path or target.path.startswith(base_path + "/")
    return not (same_host and inside)


def collect_links(state: StateCore) -> None:
    links = state.env.setdefault("links", [])
    target_blank = state.env.get("target_blank", True)
    base_url = str(state.env.get("base_url") or "")
    block_line = 0
    for token in state.tokens:
        if token.map:
            block_line = token.map[0]
        if token.type == "html_block":
            _html_links(links, token.content, block_line)
            continue
        if token.type != "inline" or not token.children:
            continue
        line = block_line
        for child in token.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "link_open":
                href = str(child.attrGet("href") or "")
                links.append((href, line, "link"))
                child.attrSet("href", normalize_url.normalizeLink(href))
                if target_blank and is_external(href, base_url):
                    child.attrSet("target", "_blank")
                    child.attrSet("rel", "noopener")
            elif child.type == "image":
                src = str(child.attrGet("src") or "")
                links.append((src, line, "image"))
                child.attrSet("src", normalize_url.normalizeLink(src))
                line += sum(1 for c in child.children or () if c.type in ("softbreak", "hardbreak"))
            elif child.type == "html_inline":
                _html_links(links, child.content, line)
                line += child.content.count("\n")


def _html_links(links: list, content: str, first_line: int) -> None:
    for tag in _TAG_RE.finditer(content):
        for match in _ATTR_IN_TAG_RE.finditer(tag.group(0)):
            value = next(g for g in match.groups() if g is not None)
            line = first_line + content.count("\n", 0, tag.start() + match.start() + 1)  # incl. the whitespace before
            links.append((html.unescape(value), line, "html"))


def links_plugin(md: MarkdownIt) -> None:
    md.normalizeLink = _keep_as_written  # type: ignore[method-assign]
    md.validateLink = _validate_normalized  # type: ignore[method-assign]
    md.core.ruler.push("collect_links", collect_links)
