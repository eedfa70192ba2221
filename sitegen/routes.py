"""Routes: every output URL and what it shows (a page, a fallback, a redirect
or a generated page), and the URL helpers they are built with."""

from __future__ import annotations

from dataclasses import dataclass

from .config import Config
from .links.urlpath import decode_path
from .page import Page

PAGE = "page"
FALLBACK = "fallback"
REDIRECT = "redirect"
GENERATED = "generated"


@dataclass(frozen=True)
class Route:
    url: str  # site-relative: "/en/zoom/account/", "/404.html"
    lang: str  # the reader's language
    kind: str  # page | fallback | redirect | generated
    page: Page | None = None
    redirect_to: str | None = None  # site-relative path or absolute URL
    layout: str | None = None  # generated pages: the template to use
    extra: tuple = ()  # generated pages: (name, value) pairs for the template

    @property
    def output_path(self) -> str:
        return url_to_file(self.url)

    @property
    def source_lang(self) -> str:
        return self.page.lang if self.page is not None else self.lang

    @property
    def is_fallback(self) -> bool:
        return self.kind == FALLBACK


def url_to_file(url: str) -> str:
    """The output file of a site-relative URL: its decoded path (``/%23hash/`` → ``#hash/index.html``)."""
    path = decode_path(url.lstrip("/"))
    if path == "" or path.endswith("/"):
        return path + "index.html"
    return path


def lang_url(config: Config, lang: str, path: str) -> str:
    """The site-relative URL of a language-relative path."""
    prefix = config.language(lang).prefix
    return prefix + path
