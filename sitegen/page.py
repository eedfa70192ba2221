"""The :class:`Page`: one parsed source file, the value ``parse`` hands on.

A model module with no pipeline logic, so that every later stage (site,
i18n, faq, render) can name the type without importing the parser.

A build holds every page of the site until the last one is rendered (and
its render processes inherit them all), so a page keeps its body compactly:
the HTML compressed (``html_z``, read back as ``page.html``), and its
headings, links and URL attributes packed into one compressed field
(``refs_z``, read back as ``page.headings``, ``page.links`` and
``page.urls``): each is made again when it is read, which the renderer does
once or twice per page.
"""

from __future__ import annotations

import marshal
import posixpath
import zlib
from dataclasses import InitVar, dataclass
from typing import Any

from .discover import SourceFile
from .links.scan import UrlAttribute
from .markdown import Heading, LinkRef


@dataclass(frozen=True)
class Page:
    source: SourceFile
    lang: str
    key: str  # translation key shared by counterparts
    path: str  # URL path inside its language: "/zoom/account/" or "/404.html"
    front: dict  # front matter, plain values
    front_lines: dict  # key -> file line
    title: str  # may contain inline HTML
    layout: str
    ids: tuple[str, ...]
    body_hash: str  # hash of the normalised source body (translation staleness)
    body_line: int  # file lines before the body
    html_z: bytes = b""  # ``html``, UTF-8, compressed (zlib)
    refs_z: Any = b""  # ``headings``, ``links`` and ``urls``, packed (or, if they cannot be, the three tuples)
    # given to the constructor, read as the properties below: the body HTML, links as written;
    # its headings, outgoing links and URL attributes (sitegen.links.UrlAttribute, from the parse that made it)
    html: InitVar[str | None] = None
    headings: InitVar[tuple | None] = None
    links: InitVar[tuple | None] = None
    urls: InitVar[tuple | None] = None

    def __post_init__(self, html: str | None, headings: tuple | None, links: tuple | None,
                      urls: tuple | None) -> None:
        if html is not None:
            object.__setattr__(self, "html_z", zlib.compress(html.encode("utf-8"), 1) if html else b"")
        if headings is not None or links is not None or urls is not None:
            old = _refs(self)
            object.__setattr__(self, "refs_z", _pack(old[0] if headings is None else tuple(headings),
                                                     old[1] if links is None else tuple(links),
                                                     old[2] if urls is None else tuple(urls)))

    @property
    def draft(self) -> bool:
        return bool(self.front.get("draft", False))

    @property
    def slug(self) -> str:
        return str(self.front.get("slug") or posixpath.basename(self.source.stem_path))

    def line_of(self, key: str) -> int:
        return self.front_lines.get(key, 1)

    def __getitem__(self, key: str) -> Any:
        # Jinja's ``page.<key>`` falls back to item access: any front-matter key.
        if key in self.front:
            return self.front[key]
        raise KeyError(key)


def _html(page: Page) -> str:
    """The body HTML, decompressed (a new ``str`` at each read)."""
    z = page.html_z
    return zlib.decompress(z).decode("utf-8") if z else ""


_EMPTY = ((), (), ())


def _pack(headings: tuple, links: tuple, urls: tuple):
    """The three as plain tuples, marshalled (version 2: the same values give
    the same bytes) and compressed; as they are if a value is not plain."""
    if not (headings or links or urls):
        return b""
    try:
        plain = (tuple((h.level, h.id, h.text, h.html, h.line) for h in headings),
                 tuple((l.href, l.line, l.kind) for l in links), tuple(tuple(u) for u in urls))
        data = marshal.dumps(plain, 2)
    except (ValueError, AttributeError):  # a str subclass (Markup), or not the usual types
        return (headings, links, urls)
    if any(type(u) is not UrlAttribute for u in urls):
        return (headings, links, urls)
    return zlib.compress(data, 1)


def _refs(page: Page) -> tuple:
    packed = page.refs_z
    if type(packed) is not bytes:
        return packed
    if not packed:
        return _EMPTY
    headings, links, urls = marshal.loads(zlib.decompress(packed))
    return (tuple(Heading(*h) for h in headings), tuple(LinkRef(*l) for l in links),
            tuple(tuple.__new__(UrlAttribute, u) for u in urls))


# Set after the class is made: the dataclass takes ``html`` (and the others) as
# init-only arguments (``Page(html=...)``; ``dataclasses.replace`` keeps ``html_z``).
Page.html = property(_html, doc="the body HTML, links as written")  # type: ignore[assignment]
Page.headings = property(lambda page: _refs(page)[0], doc="the body's headings")  # type: ignore[assignment]
Page.links = property(lambda page: _refs(page)[1], doc="the body's outgoing links")  # type: ignore[assignment]
Page.urls = property(lambda page: _refs(page)[2],  # type: ignore[assignment]
                     doc="the URL attributes of ``html`` (sitegen.links.UrlAttribute), from the parse that made it")
