"""What templates receive besides the FAQ: :class:`PageView` (``page``),
:class:`SiteView` (``site``) and their parts, and :class:`Urls`, the
``url()``, ``absolute_url()`` and ``asset()`` of templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from .assets import Asset
from .config import Config, Language
from .markdown import Heading


class Urls:
    """``url()``, ``absolute_url()`` and ``asset()`` for templates."""

    def __init__(self, config: Config, assets: dict[str, Asset]):
        parts = urlsplit(config.base_url)
        self.base_path = parts.path.rstrip("/")
        self.origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme else ""
        self.assets = assets

    def url(self, path: Any) -> str:
        path = str(path or "/")
        if path[0] == "/" and path[:2] != "//":  # the common case: a site path (no scheme to look for)
            return self.base_path + path
        if urlsplit(path).scheme or path.startswith("//") or path.startswith("#"):
            return path
        if not path.startswith("/"):
            path = "/" + path
        return self.base_path + path

    def absolute_url(self, path: Any) -> str:
        path = str(path or "/")
        if path[0] == "/" and path[:2] != "//":
            return self.origin + self.base_path + path
        if urlsplit(path).scheme or path.startswith("//"):
            return path
        return self.origin + self.url(path)

    def asset(self, rel: str) -> str:
        rel = rel.lstrip("/")
        asset = self.assets.get(rel)
        if asset is None:
            raise jinja2.TemplateRuntimeError(f"asset `{rel}` does not exist in the theme or the site's assets/")
        return self.url("/" + asset.output)


@dataclass(frozen=True)
class SwitchEntry:
    code: str
    name: str
    url: str
    current: bool
    is_translation: bool
    # ids found on both this page and the target: the switcher script keeps a
    # #fragment only when the page it leads to has the same id
    keep_hash: tuple[str, ...] = ()


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    href: str


@dataclass(frozen=True)
class Crumb:
    title: Markup
    url: str


@dataclass(frozen=True)
class SiteView:
    title: str
    description: str
    languages: tuple[Language, ...]
    default_language: str
    params: dict
    base_url: str
    generator: str
    config: Config
    theme: Any = None  # docsite.views.ThemeView: logo, favicon, extra_css/js, og_image, twitter
    feed_url: str | None = None  # the notices' Atom feed of this language


@dataclass(frozen=True)
class PageView:
    title: Markup
    title_text: str
    description: str | None
    content: Markup
    url: str
    lang: str
    source_lang: str
    layout: str
    toc: tuple[Heading, ...]
    show_toc: bool
    breadcrumbs: tuple[Crumb, ...]
    is_fallback: bool
    source_url: str | None
    source_language_name: str | None
    is_stale: bool
    switcher: tuple[SwitchEntry, ...]
    alternates: tuple[Alternate, ...]
    canonical: str
    updated: str | None
    redirect_to: str | None
    noindex: bool
    target_blank: bool
    front: dict = field(default_factory=dict)
    source: Any = None  # the Page shown (None on generated pages)
    extra: dict = field(default_factory=dict)  # generated pages' own values
    # documentation features (sitegen.docsite): reading order, edit link, dates, og:image
    prev: Any = None  # docsite.navigation.NavLink before this page in the navigation
    next: Any = None
    nav_location: str | None = None  # the navigation entry this page belongs to (itself or an ancestor)
    edit_url: str | None = None
    edit_original: bool = False  # the edit link leads to another language's source (a fallback)
    updated_text: str | None = None  # `updated` in the reader's language (2026年4月1日 / April 1, 2026)
    image: str | None = None  # absolute og:image of this page (front matter `image`)

    def __getitem__(self, key: str) -> Any:
        if key in self.extra:
            return self.extra[key]
        if key in self.front:
            return self.front[key]
        raise KeyError(key)
