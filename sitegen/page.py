"""The :class:`Page`: one parsed source file, the value ``parse`` hands on.

A model module with no pipeline logic, so that every later stage (site,
i18n, faq, render) can name the type without importing the parser.

A build holds every page of the site until the last one is rendered, so a
page keeps its body compactly: the HTML compressed (``html_z``, read back as
``page.html``), and the strings its URL attributes and links repeat (tag and
attribute names, URLs written on many pages) shared between pages.
"""

from __future__ import annotations

import posixpath
import zlib
from dataclasses import InitVar, dataclass
from typing import Any

from .discover import SourceFile
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
    headings: tuple[Heading, ...]
    links: tuple[LinkRef, ...]
    ids: tuple[str, ...]
    body_hash: str  # hash of the normalised source body (translation staleness)
    body_line: int  # file lines before the body
    urls: tuple = ()  # the URL attributes of ``html`` (sitegen.links.UrlAttribute), from the parse that made it
    html_z: bytes = b""  # ``html``, UTF-8, compressed (zlib)
    # body HTML, links as written: given to the constructor, read as the property below
    html: InitVar[str | None] = None

    def __post_init__(self, html: str | None) -> None:
        if html is not None:
            object.__setattr__(self, "html_z", zlib.compress(html.encode("utf-8"), 1) if html else b"")
        _share_strings(self)

    def __setstate__(self, state: dict) -> None:  # from a worker process: share its strings with the others
        self.__dict__.update(state)
        _share_strings(self)

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


# Set after the class is made: the dataclass takes ``html`` as an init-only
# argument (``Page(html=...)``, ``dataclasses.replace`` keeps ``html_z``).
Page.html = property(_html, doc="the body HTML, links as written")  # type: ignore[assignment]

_shared: dict = {}
_SHARED_MAX = 500_000  # distinct values; beyond that (a long serve session) sharing starts again
_URL_FIELDS = frozenset(("tag", "name", "value", "rel", "attr_names"))


def _share(value):
    if len(_shared) > _SHARED_MAX:
        _shared.clear()
    return _shared.setdefault(value, value)


def _share_strings(page: Page) -> None:
    """One string object for the values many pages repeat (``a``, ``href``,
    ``noopener``, a URL linked from many pages) in the URL attributes and links."""
    urls = page.urls
    if urls:
        kind = type(urls[0])
        shared = tuple(kind._fields.index(name) for name in _URL_FIELDS if name in kind._fields) \
            if hasattr(kind, "_fields") else ()
        if shared:
            object.__setattr__(page, "urls", tuple(
                tuple.__new__(type(u), [_share(v) if i in shared else v for i, v in enumerate(u)]) for u in urls))
    for link in page.links:
        object.__setattr__(link, "href", _share(link.href))
        object.__setattr__(link, "kind", _share(link.kind))
