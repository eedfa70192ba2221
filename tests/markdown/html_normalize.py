"""How two HTML fragments are compared in the kramdown differential tests.

Both fragments (kramdown's and sitegen's) go through the same steps, so what
is left are differences a reader can see:

1. Parse: lxml's HTML parser, the fragment inside one ``<div>``.  Comments
   are kept (both sides pass raw HTML comments through).
2. Whitespace: every run of whitespace in text becomes one space; spaces at
   the start and end of a block element, and around a block-level child,
   are dropped (``<li>\\n<p>`` and ``<li><p>`` are the same).  A space between
   two CJK characters (kana, kanji, CJK punctuation, full-width forms) is
   dropped too: it is where a source line ended, and sitegen's deliberate
   difference is to join such lines without a space (README "Markdown
   dialect"); kramdown keeps the newline, which a browser shows as a space.
   Spaces next to a ``<br>`` are dropped too (a browser never shows them).
3. Attributes: sorted by name; ``target`` and ``rel`` on links are ignored
   (sitegen opens external links in a new tab, a site option); ``href`` and
   ``src`` are compared percent-decoded (``#ホスト`` and ``#%E3%83%9B…`` are
   one link); spaces after ``:`` and ``;`` in ``style`` are dropped
   (``text-align: center`` from kramdown's tables, ``text-align:center``
   from markdown-it's).
4. ``<strong><em>x</em></strong>`` and ``<em><strong>x</strong></em>`` (what
   kramdown and markdown-it make of ``***x***``) are one thing.
5. Code blocks: a ``<pre>`` (with kramdown's ``div.highlighter-rouge`` /
   ``div.highlight`` wrappers) is compared by its text only: the two
   highlighters (Rouge, Pygments) mark up tokens differently.
6. Footnotes: a reference is ``<sup>`` with its number (kramdown ``1``,
   markdown-it ``[1]``); the notes are the list of their contents, without
   the back-reference link and the ids, classes and roles of either markup.

The result is a nested tuple (an element is ``Node(tag, attrs, children)``,
text is a string); two fragments agree when the results are equal.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import unquote

import lxml.html
from lxml import etree

class Node(NamedTuple):
    tag: str
    attrs: tuple = ()
    children: tuple = ()


BLOCK_TAGS = frozenset("""
address article aside blockquote body dd details dialog div dl dt fieldset figcaption figure footer form
h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary table tbody td tfoot th thead tr
ul caption colgroup col iframe video audio picture source script style noscript template
""".split())

_SPACE = re.compile(r"\s+")
_CJK = (r"\u2e80-\u2fdf\u2ff0-\u2fff\u3000-\u303f\u3040-\u309f\u30a0-\u30ff\u3100-\u33ff\u3400-\u4dbf"
        r"\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef")
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")
_IGNORED_LINK_ATTRS = frozenset({"target", "rel"})


def normalize(fragment: str):
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    _unify_footnotes(root)
    items = _children(root)
    return tuple(_tidy(items, block=True))


def _unify_footnotes(root) -> None:
    for sup in root.iter("sup"):
        link = sup.find("a")
        if link is not None and (link.get("class") in ("footnote",) or sup.get("class") == "footnote-ref"):
            number = (link.text_content() or "").strip("[] ")
            for child in list(sup):
                sup.remove(child)
            sup.attrib.clear()
            sup.text = number
    for notes in list(root.iter("div", "section")):
        if notes.get("class") not in ("footnotes",):
            continue
        ol = notes.find("ol")
        parent = notes.getparent()
        previous = notes.getprevious()
        if previous is not None and previous.tag == "hr" and previous.get("class") == "footnotes-sep":
            _drop(previous)
        replacement = etree.Element("footnotes")
        for li in ol.findall("li") if ol is not None else ():
            for back in li.iter("a"):
                if back.get("class") in ("reversefootnote", "footnote-backref"):
                    _drop(back)
            li.attrib.clear()
            replacement.append(li)
        replacement.tail = notes.tail
        parent.replace(notes, replacement)


def _drop(element) -> None:
    """Remove an element, keeping its tail text."""
    parent = element.getparent()
    tail = element.tail or ""
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _children(element) -> list:
    items: list = []
    if element.text:
        items.append(element.text)
    for child in element:
        items.append(_node(child))
        if child.tail:
            items.append(child.tail)
    return items


def _node(element):
    if isinstance(element, etree._Comment):
        return Node("#comment", (), (_SPACE.sub(" ", element.text or "").strip(),))
    if not isinstance(element.tag, str):
        return Node("#other")
    tag = element.tag.lower()
    code = _code_block(element)
    if code is not None:
        return Node("pre", (), (code,))
    attrs = []
    for name, value in sorted(element.attrib.items()):
        if tag == "a" and name in _IGNORED_LINK_ATTRS:
            continue
        value = _SPACE.sub(" ", value).strip()
        if name in ("href", "src"):
            value = unquote(value)
        elif name == "style":
            value = re.sub(r"\s*([:;])\s*", r"\1", value).rstrip(";")
        attrs.append((name, value))
    block = tag in BLOCK_TAGS or tag == "footnotes"
    children = tuple(_tidy(_children(element), block=block))
    if tag == "em" and not attrs and len(children) == 1 and isinstance(children[0], Node) \
            and children[0].tag == "strong" and not children[0].attrs:
        return Node("strong", (), (Node("em", (), children[0].children),))
    return Node(tag, tuple(attrs), children)


def _code_block(element) -> str | None:
    """The text of a code block: a ``<pre>``, or wrappers around exactly one."""
    node = element
    while node.tag == "div" and len(node) == 1 and not (node.text or "").strip() \
            and not (node[0].tail or "").strip() and isinstance(node[0].tag, str):
        node = node[0]
    if node.tag != "pre":
        return None
    return node.text_content().rstrip("\n")


def _is_block(item) -> bool:
    return isinstance(item, Node) and (item.tag in BLOCK_TAGS or item.tag == "footnotes")


def _is_block_or_br(item) -> bool:
    return _is_block(item) or isinstance(item, Node) and item.tag == "br"


def _tidy(items: list, block: bool) -> list:
    """Merge adjacent text, collapse whitespace, drop spaces next to blocks."""
    merged: list = []
    for item in items:
        if isinstance(item, str):
            text = _SPACE.sub(" ", item)
            if merged and isinstance(merged[-1], str):
                merged[-1] = _SPACE.sub(" ", merged[-1] + text)
            else:
                merged.append(text)
        else:
            merged.append(item)
    result: list = []
    for index, item in enumerate(merged):
        if isinstance(item, str):
            if index == 0 and block or index > 0 and _is_block_or_br(merged[index - 1]):
                item = item.lstrip(" ")
            if index == len(merged) - 1 and block or index + 1 < len(merged) and _is_block_or_br(merged[index + 1]):
                item = item.rstrip(" ")
            item = _CJK_SPACE.sub("", item)
            if item:
                result.append(item)
        else:
            result.append(item)
    for index, item in enumerate(result):
        if isinstance(item, Node) and not _is_block(item):
            if index == 0 and block or index > 0 and _is_block(result[index - 1]):
                item = _strip_edge(item, 0)
            if index == len(result) - 1 and block or index + 1 < len(result) and _is_block(result[index + 1]):
                item = _strip_edge(item, -1)
            result[index] = item
    return result


def _strip_edge(item, end: int):
    """Spaces at the start (end=0) or end (end=-1) of a block, inside inline elements too."""
    if isinstance(item, str):
        return item.lstrip(" ") if end == 0 else item.rstrip(" ")
    if isinstance(item, Node) and not _is_block(item) and item.children:
        children = list(item.children)
        children[end] = _strip_edge(children[end], end)
        return item._replace(children=tuple(child for child in children if child != ""))
    return item


def first_difference(left, right, path: str = "") -> str:
    """A short description of where two normalised trees first differ."""
    if isinstance(left, Node) and isinstance(right, Node) and left[:2] == right[:2]:
        return first_difference(left.children, right.children, f"{path}/{left.tag}")
    if isinstance(left, tuple) and isinstance(right, tuple) and not isinstance(left, Node) \
            and not isinstance(right, Node):
        for index, (a, b) in enumerate(zip(left, right)):
            if a != b:
                return first_difference(a, b, f"{path}[{index}]")
        extra = left[len(right):] if len(left) > len(right) else right[len(left):]
        side = "kramdown" if len(left) > len(right) else "sitegen"
        return f"{path}: {len(left)} vs {len(right)} children; {side} has more: {_short(extra[0]) if extra else ''}"
    return f"{path}:\n    kramdown: {_short(left)}\n    sitegen:  {_short(right)}"


def _short(item, limit: int = 300) -> str:
    text = repr(item)
    return text if len(text) <= limit else text[:limit] + "…"
