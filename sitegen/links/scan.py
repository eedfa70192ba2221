"""One real HTML parse for every URL in a page or a page body.

HTML is parsed with turbohtml's WHATWG parser (tokenizer and tree builder, in
C) with source locations: each element knows where its start tag and each of
its attributes sit in the text.  So what is markup is decided exactly as a
browser decides it (``<!-- <a href> -->``, ``<script>``/``<style>`` text,
``<textarea>``/``<title>``, escaped code, CDATA in SVG are never links), and a
URL is rewritten by replacing that attribute's value in place: every other
byte of the page stays as written.

:data:`URL_ATTRIBUTES` is the one list of URL-bearing attributes that link
rewriting, the Markdown link list and ``sitegen check`` share.
"""

from __future__ import annotations

import html as _html
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, NamedTuple
from urllib.parse import urlsplit

from turbohtml import Element, Namespace, Text, parse, parse_fragment

from .srcset import replace_srcset, srcset_urls

# (element, attributes whose value is a URL) for HTML elements ...
HTML_URL_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href", "imagesrcset"),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),  # <picture><source srcset>, <video><source src>
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "script": ("src",),
    "input": ("src", "formaction"),
    "button": ("formaction",),
    "form": ("action",),
}
# ... and for SVG ones (lower-case names)
SVG_URL_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    name: ("href", "xlink:href") for name in ("a", "image", "use", "feimage", "script")
}
SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
# elements whose URL the browser loads as part of the page: a missing target is
# a missing file, not a broken link
_LOADED = frozenset({"img", "source", "video", "audio", "track", "iframe", "embed", "object", "script",
                     "image", "use", "feimage"})
_IMAGES = frozenset({"img", "image", "feimage"})
# <link rel> values that lead to pages rather than load a resource
LINK_RELS_PAGES = frozenset({"canonical", "alternate", "next", "prev", "home", "help", "search", "author", "license"})
# text in these elements is code or not shown as prose
NO_TEXT_TAGS = frozenset({"pre", "code", "script", "style", "textarea", "kbd", "samp", "title"})

_URL_TAGS = tuple(sorted(set(HTML_URL_ATTRIBUTES) | set(SVG_URL_ATTRIBUTES) | {"feImage"}))
_SPACE = "\t\n\f\r "
# the start of a `name = ` in an attribute's source (HTML's attribute-name rules)
_NAME_EQUALS = re.compile(r"[^\t\n\f\r />][^\t\n\f\r />=]*[\t\n\f\r ]*=[\t\n\f\r ]*")


class UrlAttribute(NamedTuple):
    """One URL-bearing attribute of an element, as the parser read it."""

    tag: str  # element name, lower case
    name: str  # attribute name, lower case ("xlink:href" for SVG)
    value: str  # decoded value
    start: int  # where the value (quotes included) sits in the text; -1 without a value
    end: int
    line: int  # 1-based line of the attribute
    tag_line: int  # 1-based line and column of the element's start tag
    tag_col: int
    rel: str = ""  # the element's `rel`, lower case
    tag_end: int = -1  # where attributes can be added to the start tag (before its `>` or `/>`)
    attr_names: tuple[str, ...] = ()  # every attribute of the element, lower case

    @property
    def is_srcset(self) -> bool:
        return self.name in SRCSET_ATTRIBUTES

    @property
    def urls(self) -> list[str]:
        """The URLs in the value: one, or each candidate of a ``srcset``."""
        return srcset_urls(self.value) if self.is_srcset else [self.value]

    @property
    def loads_resource(self) -> bool:
        """The browser loads it with the page (image, script, media, stylesheet)."""
        if self.tag == "link":
            return self.name == "imagesrcset" or not set(self.rel.split()) & LINK_RELS_PAGES
        return self.tag in _LOADED or self.name == "poster" or self.is_srcset or \
            (self.tag == "input" and self.name == "src")

    @property
    def is_image(self) -> bool:
        return self.tag in _IMAGES or self.name == "poster" or self.is_srcset or \
            (self.tag == "source" and self.name == "srcset")


@dataclass
class Scan:
    """What one parse found, in source order."""

    text: str
    root: object = None  # the parsed tree (turbohtml), for further questions
    urls: list[UrlAttribute] = field(default_factory=list)
    ids: list[tuple[str, int, int]] = field(default_factory=list)  # (id, line, col); `<a name>` too
    titles: list[tuple[str, int]] = field(default_factory=list)  # (<title> text, line)
    # prose (text outside NO_TEXT_TAGS) containing the needle asked for:
    # (text, offset of the text before which it cannot start)
    texts: list[tuple[str, int]] = field(default_factory=list)
    _lines: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset of the text."""
        if self._lines is None:
            self._lines = [0] + [m.end() for m in re.finditer("\n", self.text)]
        index = bisect_right(self._lines, offset) - 1
        return index + 1, offset - self._lines[index] + 1


@lru_cache(maxsize=8192)  # asked for every link of every page; sites repeat their links
def is_valid_url(url: str) -> bool:
    """False for what urllib cannot split (``http://[zz``): not a URL at all."""
    try:
        urlsplit(url)
    except ValueError:
        return False
    return True


def may_have_urls(text: str) -> bool:
    """False when ``text`` cannot contain a URL attribute (no parse needed):
    no tag with an ``=`` in it.  (A case-insensitive search for attribute
    names would cost more than the parse.)"""
    return "<" in text and "=" in text


def scan(text: str, *, document: bool = False, ids: bool = True, needle: str | None = None) -> Scan:
    """Parse ``text`` (a body fragment, or a whole ``document``) once: its URL
    attributes, its ids (unless ``ids=False``), a document's titles and, with a
    ``needle``, the prose text nodes containing it."""
    root = parse(text, source_locations=True) if document else parse_fragment(text, "div", source_locations=True)
    result = Scan(text, root)
    offset = _offset_map(text)
    for element in root.iter_elements(_URL_TAGS):  # the tree is walked in C; only these come back
        location = element.source_location
        if location is None:  # made up by the tree builder (a reopened <a>...): not in the source
            continue
        namespace = element.namespace
        tag = element.tag.lower()
        names = (HTML_URL_ATTRIBUTES if namespace is Namespace.HTML else
                 SVG_URL_ATTRIBUTES if namespace is Namespace.SVG else {}).get(tag)
        if not names:
            continue
        attrs = element.attrs
        start = location.start_tag
        line, col = start.start_line, start.start_col + 1
        tag_end = _attribute_end(text, offset(start.start_offset), offset(start.end_offset))
        attr_names = tuple(name.lower() for name in attrs)
        rel = _text(attrs.get("rel") or "").lower() if tag in ("link", "a", "area") else ""
        for name in names:
            value = attrs.get(name)
            if value is None:
                continue
            span = location.attrs.get(name)
            value_start, value_end, attr_line = -1, -1, line
            if span is not None:
                attr_line = span.start_line
                begin, finish = offset(span.start_offset), offset(span.end_offset)
                match = _NAME_EQUALS.match(text, begin, finish)
                if match is not None and match.end() < finish:
                    value_start, value_end = match.end(), finish
            result.urls.append(UrlAttribute(tag, name, _text(value), value_start, value_end, attr_line,
                                            line, col, rel, tag_end, attr_names))
    result.urls.sort(key=lambda u: (u.tag_line, u.tag_col, u.start))
    if ids:
        for element in root.select("[id], a[name]"):
            location = element.source_location
            if location is None:
                continue
            line, col = location.start_tag.start_line, location.start_tag.start_col + 1
            ident = element.attrs.get("id")
            if ident:
                result.ids.append((_text(ident), line, col))
            if element.tag == "a" and element.namespace is Namespace.HTML:
                name = element.attrs.get("name")
                if name and name != ident:
                    result.ids.append((_text(name), line, col))
    if document:
        for element in root.iter_elements("title"):
            if element.namespace is Namespace.HTML and element.source_location is not None:
                result.titles.append((element.text, element.source_location.start_tag.start_line))
    if needle and needle in text:
        _collect_texts(root, result, offset, needle)
    return result


@lru_cache(maxsize=4096)
def url_attributes(text: str) -> tuple[UrlAttribute, ...]:
    """The URL attributes of a body fragment, remembered: a body is rewritten
    once per language it is shown in (fallback pages, FAQ lists)."""
    return tuple(scan(text, ids=False).urls) if may_have_urls(text) else ()


def rewrite(text: str, new_url: Callable[[str, UrlAttribute], str | None],
            attributes: tuple[UrlAttribute, ...] | None = None) -> str:
    """``text`` (a body fragment) with URLs replaced in place:
    ``new_url(url, attribute)`` returns the new URL, or ``None`` to keep it.
    Each srcset candidate is asked for on its own.  Only changed values are
    written again (double-quoted, escaped); every other character is kept.
    ``attributes``: the URL attributes of ``text`` when a parse already found
    them (a page's body), else ``text`` is parsed."""
    pieces, last = [], 0
    for attribute in url_attributes(text) if attributes is None else attributes:
        if attribute.start < last:  # no value in the source (or not where expected): keep as written
            continue
        if attribute.is_srcset:
            value = replace_srcset(attribute.value, lambda url: new_url(url, attribute))
        else:
            value = new_url(attribute.value, attribute)
        if value is None or value == attribute.value:
            continue
        pieces.append(text[last:attribute.start])
        pieces.append('"' + _html.escape(value, quote=True) + '"')
        last = attribute.end
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def _attribute_end(text: str, begin: int, end: int) -> int:
    """The offset in a start tag ``text[begin:end]`` where attributes can be
    added: before its ``>`` or ``/>`` and the spaces before them; -1 when the
    tag does not end with ``>`` in the source."""
    if end - begin < 2 or text[end - 1] != ">":
        return -1
    cut = end - 1
    if text[cut - 1] == "/":
        cut -= 1
    while cut > begin and text[cut - 1] in _SPACE:
        cut -= 1
    return cut


def add_attributes(text: str, extra: Callable[[UrlAttribute], str]) -> str:
    """``text`` (a body fragment) with ``extra(attribute)`` (`` name="value"`` text,
    or ``""``) added to the start tag of elements with URL attributes, in
    place; every other character is kept.  Asked once per element (its first
    URL attribute)."""
    pieces, last, seen = [], 0, set()
    for attribute in url_attributes(text):
        where = attribute.tag_end
        if where < last or where in seen:
            continue
        seen.add(where)
        added = extra(attribute)
        if not added:
            continue
        pieces.append(text[last:where])
        pieces.append(added)
        last = where
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def _text(value) -> str:
    # token-list attributes (rel, class) come back as lists
    return " ".join(value) if isinstance(value, list) else str(value)


def _offset_map(text: str) -> Callable[[int], int]:
    """Parser offsets count a CRLF once (newlines are normalised before
    parsing); map them back to offsets of ``text``."""
    if "\r\n" not in text:
        return lambda offset: offset
    # normalised index of each CRLF's "\n"
    pairs = [match.start() - number for number, match in enumerate(re.finditer("\r\n", text))]
    return lambda offset: offset + bisect_left(pairs, offset)


def _collect_texts(root, result: Scan, offset: Callable[[int], int], needle: str) -> None:
    floor = 0
    for node in root.descendants:
        if isinstance(node, Element):
            location = node.source_location
            if location is not None:
                floor = max(floor, offset(location.start_tag.end_offset))
        elif isinstance(node, Text) and needle in node.data:
            if not any(isinstance(a, Element) and a.tag.lower() in NO_TEXT_TAGS for a in node.ancestors):
                result.texts.append((node.data, floor))


def headings(found: Scan) -> list[Element]:
    """The ``<h1>``…``<h6>`` elements a scan found in its source."""
    return [element for element in found.root.iter_elements(("h1", "h2", "h3", "h4", "h5", "h6"))
            if element.source_location is not None and element.namespace is Namespace.HTML]
