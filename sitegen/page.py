"""The :class:`Page`: one parsed source file, the value ``parse`` hands on.

A model module with no pipeline logic, so that every later stage (site,
i18n, faq, render) can name the type without importing the parser.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
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
    html: str  # body HTML, links as written
    headings: tuple[Heading, ...]
    links: tuple[LinkRef, ...]
    ids: tuple[str, ...]
    body_hash: str  # hash of the normalised source body (translation staleness)
    body_line: int  # file lines before the body
    urls: tuple = ()  # the URL attributes of ``html`` (sitegen.links.UrlAttribute), from the parse that made it

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
