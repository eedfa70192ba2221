"""External links open in a new tab; every link target is recorded, with its line.

Markdown links, images and autolinks keep the destination exactly as the
editor wrote it (after entity decoding) until this plugin has seen it:
``md.normalizeLink`` is replaced by the identity, and the core rule keeps the
written form in the token's ``meta["href"]``, then writes the normalized
(percent-encoded, punycoded) form into the token for the HTML.  Links are
still validated on their normalized form (``javascript:`` and friends are
refused exactly as markdown-it does).

The link list is what a parse of the rendered HTML finds:
:func:`render_with_links` renders the tokens (exactly as markdown-it's
renderer does, :mod:`.render`) noting where each token's output starts and its
source line, then parses the output once (:mod:`sitegen.links.scan`); a body
with no raw HTML and no plugin markup is not parsed, its tokens say what the
parse would find (:func:`.render.token_urls`).  Every URL-bearing
attribute a browser would see is a link, with the line of the token that wrote
it: Markdown links and images, and ``href``/``src``/``srcset``/``poster``...
in raw HTML (kind ``"html"`` for links, ``"image"``/``"file"`` for what the
page loads).  What sits in an HTML comment, a ``<script>``, ``<style>`` or
escaped code is no link, wherever the comment started.

Markdown links and autolinks to ``http:``, ``https:`` or ``//`` get
``target="_blank" rel="noopener"`` unless ``env["target_blank"]`` is false
(the page's ``target_blank: false``); raw HTML ``<a>`` stays as written.
``mailto:``, ``tel:`` and relative links are never external, nor is an
absolute URL of the site itself: same host as ``env["base_url"]`` (either
scheme) and inside its path (``https://support.example.jp/docs/x`` with
base URL ``https://support.example.jp/docs/``).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from itertools import accumulate
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.common import normalize_url
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from turbohtml import Comment

from ..links.scan import scan
from .render import WRITTEN as _WRITTEN, token_html, token_urls

EXTERNAL_RE = re.compile(r"^(?:https?:)?//", re.IGNORECASE)


def _keep_as_written(url: str) -> str:
    return url


# markdown-it's normalizeLink (percent-encoding, punycode), remembered: it is
# asked twice for each link (validation, then the output) and sites link to the
# same pages again and again
_normalize_link = functools.lru_cache(maxsize=8192)(normalize_url.normalizeLink)


def _validate_normalized(url: str) -> bool:
    return normalize_url.validateLink(_normalize_link(url))


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


def _may_link(text: str) -> bool:
    """Whether an inline block's text can hold a link, an image or raw HTML
    (bare URLs aside: with ``linkify`` every block is looked at)."""
    return "[" in text or "<" in text


def collect_links(state: StateCore) -> None:
    target_blank = state.env.get("target_blank", True)
    base_url = str(state.env.get("base_url") or "")
    linkify = bool(state.env.get("linkify"))
    for token in state.tokens:
        if token.type != "inline" or not token.children or not (linkify or _may_link(token.content)):
            continue
        for child in token.children:
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                child.meta["href"] = href
                child.attrSet("href", _normalize_link(href))
                if target_blank and is_external(href, base_url):
                    child.attrSet("target", "_blank")
                    child.attrSet("rel", "noopener")
            elif child.type == "image":
                src = str(child.attrGet("src") or "")
                child.meta["href"] = src
                child.attrSet("src", _normalize_link(src))


def render_with_links(md: MarkdownIt, tokens: list[Token], env: dict) -> tuple[str, list[tuple[str, int, str]], list[str]]:
    """Render ``tokens`` as ``md.renderer.render`` does; return the HTML, its
    links as ``(href, 0-based source line, kind)`` in document order, and its
    ids (``id=`` and ``<a name>``, duplicates kept), all as one parse of the
    output finds them (read from the tokens when they can say: see
    :func:`.render.token_urls`)."""
    rendered = token_html(md, tokens, env)
    html = rendered.html
    from_tokens = token_urls(rendered)
    if from_tokens is not None:  # no raw HTML: the tokens say what a parse of the output would find
        urls, writers, ids = from_tokens
        links = []
        lines = {id(token): line for _, line, token in rendered.marks}
        for attribute, (token, begin) in zip(urls, writers):
            kind = token.type
            if kind == "link_open" and attribute.name == "href" or kind == "image" and attribute.name == "src":
                line = lines.get(id(token), 0) + html.count("\n", begin, attribute.start)
                links.append((str(token.meta.get("href", attribute.value)), line,
                              "link" if kind == "link_open" else "image"))
        env["url_attributes"] = tuple(urls)
        return html, links, ids
    out, marks = rendered.pieces, rendered.marks
    ends = list(accumulate(map(len, out)))
    starts = [ends[piece - 1] if piece else 0 for piece, _, _ in marks]

    def source_of(offset: int) -> tuple[int, Token | None]:
        """The 0-based source line of an output offset, and the token that wrote it
        (``None`` for what a plugin wrote)."""
        mark = bisect_right(starts, offset) - 1
        if mark < 0 or offset >= ends[marks[mark][0]]:
            return 0, None
        piece, line, token = marks[mark]
        return line + html.count("\n", starts[mark], offset), token

    found = scan(html)
    links: list[tuple[str, int, str]] = []
    for attribute in found.urls:
        if attribute.start < 0:  # `<a href>`: no URL
            continue
        at, token = source_of(attribute.start)
        kind = token.type if token is not None else None
        if kind == "link_open" and attribute.name == "href":
            links.append((str(token.meta.get("href", attribute.value)), at, "link"))
        elif kind == "image" and attribute.name == "src":
            links.append((str(token.meta.get("href", attribute.value)), at, "image"))
        elif kind in ("html_block", "html_inline"):  # raw HTML
            kind = "image" if attribute.is_image else "file" if attribute.loads_resource else "html"
            links.extend((url, at, kind) for url in attribute.urls)
        # else: written by a plugin (footnote references...), not by the editor
    if "<!--" in html and _ends_in_open_comment(found, html):
        closed = max(html.rfind("-->"), html.rfind("--!>"))
        opened = html.find("<!--", closed + 1)
        at, _ = source_of(max(opened, 0))
        env.setdefault("warnings", []).append(
            (at + 1, "HTML comment `<!--` is never closed: a browser hides everything after it, the rest of "
                     "the page too; close it with `-->` (to span blank lines, start the comment's line with `<!--`)"))
    env["url_attributes"] = tuple(found.urls)  # for link rewriting at render time: the body is not parsed again
    return html, links, [ident for ident, _, _ in found.ids]


def _ends_in_open_comment(found, html: str) -> bool:
    last = None
    for last in found.root.descendants:
        pass
    return isinstance(last, Comment) and not html.rstrip().endswith(("-->", "--!>"))


def mark_lines(state: StateCore) -> None:
    """Note the 0-based source line of each inline token that may carry a URL
    in ``meta["line"]``, before the CJK plugin turns some soft breaks into
    empty text (and so before their lines can no longer be counted)."""
    linkify = bool(state.env.get("linkify"))
    for token in state.tokens:
        if token.type != "inline" or not token.children or not token.map or \
                not (linkify or _may_link(token.content)):
            continue
        line = token.map[0]
        for child in token.children:
            kind = child.type
            if kind == "softbreak" or kind == "hardbreak":
                line += 1
            elif kind in _WRITTEN:
                child.meta["line"] = line
                if kind == "html_inline":
                    line += child.content.count("\n")
                elif kind == "image" and child.children:
                    line += sum(1 for c in child.children if c.type in ("softbreak", "hardbreak"))


def links_plugin(md: MarkdownIt) -> None:
    md.normalizeLink = _keep_as_written  # type: ignore[method-assign]
    md.validateLink = _validate_normalized  # type: ignore[method-assign]
    # after markdown-it's own core rules (linkify makes links too), before the plugins'
    rules = md.core.ruler.get_all_rules()
    md.core.ruler.after("text_join" if "text_join" in rules else "inline", "link_lines", mark_lines)
    md.core.ruler.push("collect_links", collect_links)
