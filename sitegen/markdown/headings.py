"""Heading ids the way Jekyll's default Markdown (kramdown, GFM parser) makes
them, so existing deep links such as ``/webex#情報システムゼミ`` keep working.

Slug policy (kramdown-parser-gfm's ``generate_gfm_header_id``): take the
heading's text, lowercase it, drop every character that is not a "word"
character (Ruby's ``\\p{Word}``: Alphabetic, marks, decimal digits and
connector punctuation), a hyphen, a space or a tab, then turn spaces and tabs
into ``-``.  Japanese characters are kept as they are (browsers
percent-encode them in URLs; the id itself stays readable Unicode).
Full-width punctuation (``（）：「」``), emoji, circled digits (``①``) and the
ideographic space U+3000 are dropped (they are not word characters, spaces or
tabs); full-width letters and digits are kept, lowercased.  Nothing is
trimmed: ``## 🎉 新機能`` gives ``-新機能``, as on the Jekyll site.  An id
therefore never holds ``%``, ``#``, quotes or whitespace: it is safe in a URL
fragment as is or percent-encoded.

The text is kramdown's "raw text" of the heading: text and code spans, the
text of links, emphasis and inline HTML elements; image alt text and raw HTML
tags do not count; kramdown's typographic ``--``/``---`` (dashes, dropped
from the id) are removed from text (not from code spans); a trailing
``{#id}``/``{: …}`` is removed.

Two deliberate differences from kramdown: a heading whose slug is empty gets
``section`` (kramdown gives no id, then ``-1``…), and explicit ids (``{#id}``,
``{: #id}``, ``id=`` and ``<a name=>`` in raw HTML) are reserved *before*
automatic ids are generated, so an automatic id never collides with one the
editor wrote, with another automatic one (``## A``, ``## A``, ``## A-1``
give ``a``, ``a-1``, ``a-1-1``), nor with the footnote ids ``fn1``/``fnref1``.
Explicit ids are never overwritten.  Headings written as raw HTML
(``<h2 id="x">…</h2>`` inside an HTML block) are listed too, with the id they
have ("" when they have none: they are never given one).

Results go to ``env["headings"]`` as ``(level, id, text, inline token index
or None, 0-based line, raw inner HTML or None)``.
"""

from __future__ import annotations

import re
import unicodedata

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

HTML_ID_RE = re.compile(r"""<[a-zA-Z][^<>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
HTML_HEADING_RE = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1\s*>", re.DOTALL | re.IGNORECASE)
_ID_ATTR = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_TAGS = re.compile(r"<[^>]+>")


# Ruby's \p{Word} is Alphabetic + Mark + Decimal_Number + Connector_Punctuation;
# Alphabetic = letters + letter numbers (Nl: Ⅻ, 〇) + Other_Alphabetic, whose
# only characters outside L/M are the circled and squared Latin letters.
_OTHER_ALPHABETIC_SYMBOLS = ((0x24B6, 0x24E9), (0x1F130, 0x1F149), (0x1F150, 0x1F169), (0x1F170, 0x1F189))
_TYPOGRAPHIC_DASHES = re.compile(r"---|--")


def _is_word(char: str) -> bool:
    category = unicodedata.category(char)
    if category[0] in "LM" or category in ("Nd", "Nl", "Pc"):
        return True
    code = ord(char)
    return any(low <= code <= high for low, high in _OTHER_ALPHABETIC_SYMBOLS)


def slugify(text: str) -> str:
    """kramdown-parser-gfm's id for a heading whose raw text is ``text`` (``section`` if empty)."""
    slug = "".join(char for char in text.lower() if char in "- \t" or _is_word(char))
    return slug.replace(" ", "-").replace("\t", "-") or "section"


def inline_text(children) -> str:
    """The heading's plain text (for the table of contents): image alt text counts."""
    parts = []
    for child in children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(inline_text(child.children))
        elif child.type == "html_inline" and child.meta and "raw_text" in child.meta:
            parts.append(child.meta["raw_text"])  # raw <code>…</code> (see html_spans)
    return "".join(parts)


def kramdown_raw_text(children) -> str:
    """The text kramdown makes a heading's id from: text (its ``--``/``---``
    turned into dashes, which the slug drops) and code spans; no image alt."""
    parts = []
    for child in children or ():
        if child.type == "text":
            parts.append(_TYPOGRAPHIC_DASHES.sub("", child.content))
        elif child.type == "code_inline":
            parts.append(child.content)
        elif child.type == "html_inline" and child.meta and "raw_text" in child.meta:
            parts.append(child.meta["raw_text"])
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def html_ids(html: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None) for m in HTML_ID_RE.finditer(html)]


def _strip(text: str) -> str:
    import html as _html

    return " ".join(_html.unescape(_TAGS.sub("", text)).split())


def _written_ids(tokens, src: str) -> set[str]:
    """The ids the editor wrote: attribute lists (``{#id}``, ``{: #id}``: only
    where the source holds a ``{``) and raw HTML (only where it holds a ``<``)."""
    reserved: set[str] = set()
    raw_html = "<" in src
    if not raw_html and "{" not in src:
        return reserved
    spans = raw_html or "{:" in src  # inline tokens get ids from span IALs and raw HTML only
    for token in tokens:  # (attrs read directly: this visits every token of the page)
        attrs = token.attrs
        if attrs:
            ident = attrs.get("id")
            if ident:
                reserved.add(str(ident))
        kind = token.type
        if kind == "inline":
            if spans and token.children:
                for child in token.children:
                    attrs = child.attrs
                    if attrs:
                        ident = attrs.get("id")
                        if ident:
                            reserved.add(str(ident))
                    if raw_html and child.type == "html_inline":
                        reserved.update(html_ids(child.content))
        elif raw_html and (kind == "html_block" or kind == "html_inline"):
            reserved.update(html_ids(token.content))
    return reserved


def heading_ids(state: StateCore) -> None:
    tokens = state.tokens
    reserved = _written_ids(tokens, state.src)
    footnotes = len(state.env.get("footnotes", {}).get("list", {}) or ())
    reserved.update(f"fn{n}" for n in range(1, footnotes + 1))
    reserved.update(f"fnref{n}" for n in range(1, footnotes + 1))
    counters: dict[str, int] = {}
    used = set(reserved)
    headings = state.env.setdefault("headings", [])
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "html_block":
            for match in HTML_HEADING_RE.finditer(token.content):
                ident = _ID_ATTR.search(match.group(2))
                hid = next((g for g in ident.groups() if g is not None), "") if ident else ""
                text = _strip(match.group(3))
                line0 = (token.map[0] if token.map else 0) + token.content.count("\n", 0, match.start())
                headings.append((int(match.group(1)), hid, text, None, line0, match.group(3).strip()))
            continue
        if kind != "heading_open":
            continue
        inline = tokens[index + 1]
        text = inline_text(inline.children).strip()
        hid = token.attrGet("id")
        if not hid:
            base = slugify(kramdown_raw_text(inline.children))
            while True:
                count = counters.get(base, 0)
                counters[base] = count + 1
                candidate = base if count == 0 else f"{base}-{count}"
                if candidate not in used:
                    break
            hid = candidate
            used.add(hid)
            token.attrSet("id", hid)
        headings.append((int(token.tag[1]), str(hid), text, index + 1, token.map[0] if token.map else 0, None))


def heading_ids_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("heading_ids", heading_ids)
