"""Bare URLs and e-mail addresses: not linked unless the site asks (``linkify``).

kramdown (Jekyll) leaves a bare ``https://example.com/`` or
``someone@example.com`` as text; editors rely on it for placeholders such as
``https://zoom.us/j/xxxxxxxxxx`` and ``1234567890@g.ecc.u-tokyo.ac.jp``.  So
sitegen does the same by default, and ``markdown: {linkify: true}`` in
``site.yml`` turns markdown-it's linkify on (the option travels in
``env["linkify"]``: markdown-it's own linkify rules, core and inline, run
only when it is true).  ``<https://example.com/>`` autolinks and
``[text](url)`` links are links either way.

With linkify on, a bare URL ends where Japanese text begins.

markdown-it's linkify (like GitHub's autolinks) runs a URL on until
whitespace, so ``https://example.com/です`` links ``…/です`` and
``詳細はhttps://example.com/docsを参照`` links ``…/docsを参照``.  Japanese
has no spaces, so the writer meant the URL to stop at the first Japanese
character, as Hugo's goldmark linkify does (its URLs are ASCII only).  This
core rule cuts a linkified URL (not ``<…>`` autolinks, not Markdown links)
before its first CJK character (kana, kanji, CJK punctuation such as
``、。「」``, full-width forms such as ``（）：``) and puts the rest back as
text.  When nothing that looks like a URL would remain (a Japanese domain
such as ``https://日本語.jp/``), the link is left as linkify made it; write
``<https://example.com/日本語>`` or ``[text](url)`` to link a URL with
Japanese in its path.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.linkify import linkify as _core_linkify
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.linkify import linkify as _inline_linkify
from markdown_it.token import Token

from .cjk import joins_lines

# what must remain: a scheme with a host, a www. host, or a mail address
_STILL_A_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://[^/?#\s]*[\w-]\.[\w-]|www\.[\w-]|[^@\s]+@[\w-]+\.[\w-])", re.I)


def _cut(text: str) -> int | None:
    """Index of the first CJK character in ``text``, if the part before it is still a URL."""
    for index, char in enumerate(text):
        if joins_lines(char):
            head = text[:index]
            return index if _STILL_A_URL.match(head) else None
    return None


def core_linkify(state: StateCore) -> None:
    if state.env.get("linkify"):
        _core_linkify(state)


def inline_linkify(state: StateInline, silent: bool) -> bool:
    return bool(state.env.get("linkify")) and _inline_linkify(state, silent)


def linkify_cjk_end(state: StateCore) -> None:
    if not state.env.get("linkify"):
        return
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children = block.children
        result: list[Token] = []
        i = 0
        while i < len(children):
            token = children[i]
            if (token.type == "link_open" and token.markup == "linkify" and i + 2 < len(children)
                    and children[i + 1].type == "text" and children[i + 2].type == "link_close"):
                text = children[i + 1].content
                cut = _cut(text)
                if cut is not None:
                    href = str(token.attrGet("href") or "")
                    position = href.rfind(text[cut:])
                    if position > 0 and href.endswith(text[cut:]):
                        token.attrSet("href", href[:position])
                        children[i + 1].content = text[:cut]
                        rest = Token("text", "", 0)
                        rest.content = text[cut:]
                        result.extend([token, children[i + 1], children[i + 2], rest])
                        i += 3
                        continue
            result.append(token)
            i += 1
        block.children = result


def linkify_cjk_plugin(md: MarkdownIt) -> None:
    """Linkify only when ``env["linkify"]`` is true; then cut URLs before Japanese text."""
    md.core.ruler.at("linkify", core_linkify)
    md.inline.ruler.at("linkify", inline_linkify)
    md.core.ruler.after("linkify", "linkify_cjk_end", linkify_cjk_end)
