"""Tokens to HTML, byte for byte as markdown-it's renderer writes them, faster.

markdown-it's ``RendererHTML.render`` looks up a rule for every token and
falls back to ``renderToken``, which builds each tag with a few string
additions and a method call for its attributes.  :func:`token_html` does the
same in one loop: markdown-it's default rules (``text``, ``softbreak``,
``hardbreak``, ``code_inline``, ``image``, ``list_item_open``, ``html_block``,
``html_inline``) and ``renderToken`` are written out inline, with the plain
tags (``<p>``, ``</li>\\n``...) remembered; any rule a plugin installed is
called as markdown-it calls it.  The output is the same string (a test
renders every fixture both ways).

While it renders it notes what the links pass needs (:mod:`.links`): the
output piece of each token that may hold a URL the editor wrote, and of each
token with attributes.  When every token was written by a known rule (no raw
HTML, no plugin markup), those notes say exactly what a browser would find
in the output (:func:`token_urls`), and the output is not parsed again.
"""

from __future__ import annotations

import re
import weakref
from itertools import accumulate, islice
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from ..links.scan import HTML_URL_ATTRIBUTES, UrlAttribute
from .admonitions import _render as _admonition
from .highlight import render_code_block, render_fence

_AMP, _LT, _GT, _QUOT = "&", "<", ">", '"'


def escape_html(raw: str) -> str:
    """markdown-it's ``escapeHtml`` (``&<>"``), skipping the work for text without them."""
    if _AMP in raw:
        raw = raw.replace("&", "&amp;")
    if _LT in raw:
        raw = raw.replace("<", "&lt;")
    if _GT in raw:
        raw = raw.replace(">", "&gt;")
    if _QUOT in raw:
        raw = raw.replace('"', "&quot;")
    return raw


def render_attrs(attrs: dict) -> str:
    """``RendererHTML.renderAttrs``: `` key="value"`` for each attribute."""
    return "".join([" " + escape_html(key) + '="' + escape_html(str(value)) + '"' for key, value in attrs.items()])


# markdown-it's own rules this module writes out (by their function)
_DEFAULT = {name: getattr(RendererHTML, name) for name in (
    "text", "softbreak", "hardbreak", "code_inline", "image", "list_item_open", "html_block", "html_inline")}

# sitegen's rules that write no markup with attributes but their token's own
# (a fence's `<pre id>`, an admonition's classes), the rest escaped text
_PLAIN_RULES = (_admonition, render_fence, render_code_block)

# tokens whose output may hold a URL the editor wrote
WRITTEN = frozenset({"link_open", "image", "html_inline"})

# tags a token may have for its output to be read back from the tokens
# (:func:`token_urls`): the HTML tree builder keeps each of these where
# markdown-it writes it
_PLAIN_TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "hr", "table", "thead", "tbody",
    "tr", "th", "td", "a", "strong", "em", "s", "del", "code", "img", "br", "dl", "dt", "dd", "pre", "div",
    "sup", "sub", "mark", "ins", "span", "input", "kbd", "abbr", "small",
})
# attribute names written as they are read back (lower case, no duplicates by case)
_PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_.:-]*\Z")
_plain_names: set[str] = set()  # names seen to match it
# characters the HTML parser would not read back as written in a value
_UNREAD = re.compile(r"[\x00\r]")
_REL = re.compile(r"[a-z0-9_.:-]+(?: [a-z0-9_.:-]+)*\Z")


class Rendered(NamedTuple):
    html: str
    pieces: list[str]  # the output, piece by piece ("".join(pieces) == html)
    marks: list[tuple[int, int, Token]]  # (piece, 0-based source line, token) of what the editor wrote
    tagged: list[tuple[int, Token]]  # (piece, token) of tokens written with attributes by renderToken's rules
    plain: bool  # every piece was written by a rule this module knows: `tagged` is all the markup with attributes


class _Rules:
    """What :func:`token_html` needs to know about one parser's renderer, once."""

    def __init__(self, md: MarkdownIt) -> None:
        rules = md.renderer.rules
        self.source = dict(rules)  # the rules as they were: a parser whose rules change is looked at again
        self.custom = {}
        for name, rule in rules.items():
            function = getattr(rule, "__func__", rule)
            if _DEFAULT.get(name) is function:
                continue
            self.custom[name] = rule
        self.closing: dict[str, str] = {}  # `</p>\n`, by tag
        self.opening: dict[tuple[str, bool], str] = {}  # `<p>`, `<ul>\n`, by tag and newline
        self.inline_tags: dict[tuple[str, int], str] = {}  # `<strong>`, `</a>`, by tag and nesting
        self.xhtml = bool(md.options["xhtmlOut"])
        self.breaks = bool(md.options["breaks"])
        self.br = "<br />\n" if self.xhtml else "<br>\n"
        self.soft = self.br if self.breaks else "\n"
        # custom rules whose output holds no markup with attributes but the token's own (id, class...)
        self.plain_custom = {name for name, rule in self.custom.items()
                             if getattr(rule, "__func__", rule) in _PLAIN_RULES}


_rules_of: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _rules(md: MarkdownIt) -> _Rules:
    found = _rules_of.get(md)
    if found is None or found.source != md.renderer.rules or found.xhtml != bool(md.options["xhtmlOut"]) \
            or found.breaks != bool(md.options["breaks"]):
        found = _rules_of[md] = _Rules(md)
    return found


def token_html(md: MarkdownIt, tokens: list[Token], env: dict) -> Rendered:
    """Render ``tokens`` as ``md.renderer.render(tokens, md.options, env)`` does."""
    known = _rules(md)
    renderer, options = md.renderer, md.options
    custom, plain_custom, xhtml = known.custom, known.plain_custom, known.xhtml
    closing, opening = known.closing, known.opening
    out: list[str] = []
    marks: list[tuple[int, int, Token]] = []
    tagged: list[tuple[int, Token]] = []
    plain = True
    append = out.append
    last = len(tokens) - 1
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "inline":
            children = token.children
            if children:
                plain = _inline(renderer, known, children, options, env, out, marks, tagged,
                                token.map[0] if token.map else 0) and plain
            continue
        rule = custom.get(kind)
        if rule is not None:
            append(rule(tokens, index, options, env))
            if kind in plain_custom:
                if token.attrs:
                    tagged.append((len(out) - 1, token))
            else:
                plain = False
            continue
        if kind == "html_block":
            append(token.content)
            first = token.map[0] if token.map else 0
            if token.map and token.map[1] - token.map[0] - token.content.count("\n") >= 2:
                first += 1  # raw HTML between marker lines (`{::nomarkdown}` ... `{:/}`): it starts on the next line
            marks.append((len(out) - 1, first, token))
            plain = False
            continue
        # renderToken (and list_item_open: renderToken, then a task list's checkbox)
        if token.hidden:
            continue
        tag, nesting, attrs = token.tag, token.nesting, token.attrs
        if tag not in _PLAIN_TAGS:
            plain = False
        if not token.block:  # a plugin's inline token among the blocks
            html = ("</" if nesting == -1 else "<") + tag
            if attrs:
                tagged.append((len(out), token))
                html += render_attrs(attrs)
            append(html + (" />" if nesting == 0 and xhtml else ">"))
            continue
        if nesting == -1:
            if attrs:
                tagged.append((len(out), token))
                append("</" + tag + render_attrs(attrs) + ">\n")
            else:
                html = closing.get(tag)
                if html is None:
                    html = closing[tag] = "</" + tag + ">\n"
                append(html)
            continue
        lf = True
        if nesting == 1 and index < last:
            following = tokens[index + 1]
            if following.type == "inline" or following.hidden or following.nesting == -1 and following.tag == tag:
                lf = False
        after_hidden = index and tokens[index - 1].hidden
        if attrs or after_hidden or nesting == 0 or kind == "list_item_open" and token.meta:
            html = ("\n<" if after_hidden else "<") + tag
            if attrs:
                tagged.append((len(out), token))
                html += render_attrs(attrs)
            if nesting == 0 and xhtml:
                html += " /"
            html += ">\n" if lf else ">"
            if kind == "list_item_open" and token.meta and "checked" in token.meta:
                # RendererHTML.list_item_open (no URL, no id in the checkbox)
                html += ('<input class="task-list-item-checkbox"'
                         + ("" if options.get("tasklists_editable", False) else ' disabled=""') + ' type="checkbox"'
                         + (' checked=""' if token.meta["checked"] else "") + "> ")
            append(html)
        else:
            html = opening.get((tag, lf))
            if html is None:
                html = opening[(tag, lf)] = "<" + tag + (">\n" if lf else ">")
            append(html)
    return Rendered("".join(out), out, marks, tagged, plain)


def inline_html(md: MarkdownIt, children: list[Token], env: dict) -> str:
    """``md.renderer.renderInline(children, md.options, env)``."""
    out: list[str] = []
    _inline(md.renderer, _rules(md), children, md.options, env, out, [], [], 0)
    return "".join(out)


def _inline(renderer, known: _Rules, children: list[Token], options, env, out: list[str],
            marks: list, tagged: list, line: int) -> bool:
    """Append the output of one inline token's children to ``out``; True when
    every piece was written by a known rule."""
    custom, plain_custom, inline_tags = known.custom, known.plain_custom, known.inline_tags
    text_plain, soft_plain = "text" not in custom, "softbreak" not in custom
    append = out.append
    plain = True
    for position, child in enumerate(children):
        kind = child.type
        if kind == "text" and text_plain:
            if "&" in (text := child.content) or "<" in text or ">" in text or '"' in text:
                text = escape_html(text)
            append(text)
            continue
        if kind == "softbreak" and soft_plain:
            append(known.soft)
            continue
        if not child.attrs and not child.hidden and kind not in WRITTEN:
            html = inline_tags.get((child.tag, child.nesting))
            if html is not None and kind not in custom:  # a plain tag (`<strong>`, `</a>`...)
                append(html)
                continue
        rule = custom.get(kind)
        if rule is not None:
            append(rule(children, position, options, env))
            if kind in plain_custom:
                if child.attrs:
                    tagged.append((len(out) - 1, child))
            else:
                plain = False
            if kind in WRITTEN:
                marks.append((len(out) - 1, child.meta.get("line", line), child))
            continue
        if kind == "code_inline":
            attrs = child.attrs
            if attrs:
                tagged.append((len(out), child))
                append("<code" + render_attrs(attrs) + ">" + escape_html(child.content) + "</code>")
            else:
                append("<code>" + escape_html(child.content) + "</code>")
            continue
        if kind == "hardbreak":
            append(known.br)
            continue
        if kind == "html_inline":
            append(child.content)
            marks.append((len(out) - 1, child.meta.get("line", line), child))
            plain = False
            continue
        if kind == "image":
            child.attrSet("alt", renderer.renderInlineAsText(child.children, options, env) if child.children else "")
        # renderToken, for a token that is not a block
        if child.hidden:
            continue
        if child.block:  # a plugin's block token among inline ones: as markdown-it renders it
            append(renderer.renderToken(children, position, options, env))
            plain = False
            continue
        tag = child.tag
        html = ("</" if child.nesting == -1 else "<") + tag
        attrs = child.attrs
        if attrs:
            html += render_attrs(attrs)
            tagged.append((len(out), child))
        append(html + (" />" if child.nesting == 0 and known.xhtml else ">"))
        if kind in WRITTEN:
            marks.append((len(out) - 1, child.meta.get("line", line), child))
        if tag not in _PLAIN_TAGS:
            plain = False
        elif not attrs and child.nesting != 0 and kind not in WRITTEN:
            inline_tags[(tag, child.nesting)] = html + ">"
    return plain


def token_urls(rendered: Rendered) -> tuple[list[UrlAttribute], list[tuple[Token, int]], list[str]] | None:
    """The URL attributes and ids (``id=``, ``<a name>``, in document order) a
    parse of ``rendered.html`` finds, read from the tokens, with the token that
    wrote each URL attribute; None when the tokens cannot say (raw HTML, plugin
    markup, attributes a parser would not read back as written).  Each writer is
    ``(token, offset of its tag in the output)``."""
    if not rendered.plain:
        return None
    html, pieces = rendered.html, rendered.pieces
    urls: list[UrlAttribute] = []
    writers: list[tuple[Token, int]] = []
    ids: list[str] = []
    if not rendered.tagged:
        return urls, writers, ids
    starts = _piece_starts(pieces, rendered.tagged[-1][0])
    newline_from, newlines = 0, 0  # newlines of the output before `newline_from`
    for piece, token in rendered.tagged:
        attrs = token.attrs
        for name in attrs:
            if name not in _plain_names:
                if _PLAIN_NAME.match(name) is None:
                    return None
                _plain_names.add(name)
        ident = attrs.get("id")
        if ident is not None:
            ident = str(ident)
            if _UNREAD.search(ident):
                return None
            if ident:
                ids.append(ident)
        tag = token.tag
        if tag == "a":
            name = attrs.get("name")
            if name is not None:
                name = str(name)
                if _UNREAD.search(name):
                    return None
                if name and name != ident:
                    ids.append(name)
        names = HTML_URL_ATTRIBUTES.get(tag)
        if not names or not any(name in attrs for name in names):
            continue
        # the tag and its attributes, where renderToken wrote them
        text = pieces[piece]
        begin = starts[piece] + (1 if text.startswith("\n") else 0)
        newlines += html.count("\n", newline_from, begin)
        newline_from = begin
        line = newlines + 1
        col = begin - (html.rfind("\n", 0, begin) + 1) + 1
        rel = ""
        if tag in ("a", "area", "link"):
            rel = str(attrs.get("rel") or "").lower()
            if rel and _REL.match(rel) is None:
                return None
        at = begin + 1 + len(tag)
        found = []
        for name, value in attrs.items():
            written = escape_html(str(value))
            value_start = at + len(name) + 2  # ` name=`, then the quoted value
            if name in names:
                value = str(value)
                if _UNREAD.search(value):
                    return None
                found.append((name, value, at + 1, value_start, value_start + len(written) + 2))
            at = value_start + len(written) + 2
        tag_end = at
        if html[tag_end] != ">":  # `<img ... />`
            if not html.startswith(" />", tag_end):
                return None
        attr_names = tuple(attrs)
        for name, value, name_start, start, end in found:
            urls.append(UrlAttribute(tag, name, value, start, end, line + html.count("\n", begin, name_start),
                                     line, col, rel, tag_end, attr_names))
            writers.append((token, begin))
    return urls, writers, ids


def _piece_starts(pieces: list[str], last: int) -> list[int]:
    """Where each of ``pieces[:last + 1]`` starts in the joined output."""
    return list(accumulate(map(len, islice(pieces, last)), initial=0))
