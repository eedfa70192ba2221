"""The values ``site.yml`` becomes: a frozen :class:`Config` and its parts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..docsite.options import ThemeOptions
from ..jekyll.settings import Settings

CONFIG_FILE = "site.yml"

FALLBACK_MODES = ("content", "redirect", "none")


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # native name, shown in the switcher
    prefix: str  # "" for the default language, "/en" for the others

    @property
    def home_url(self) -> str:
        return self.prefix + "/"


@dataclass(frozen=True)
class FaqCategory:
    key: str
    labels: dict  # language code -> label

    def label(self, lang: str, default_lang: str) -> str:
        return self.labels.get(lang) or self.labels.get(default_lang) or self.key


@dataclass(frozen=True)
class FieldRule:
    """One key of the front-matter schema declared in ``site.yml``."""

    key: str
    type: str | None
    required: bool
    allowed: tuple | None
    section: str  # "" for every page, "faq/" for pages under content/<lang>/faq/
    line: int


@dataclass(frozen=True)
class MarkdownOptions:
    """``markdown:`` in site.yml; the defaults are kramdown's (Jekyll's) behaviour."""

    linkify: bool = False  # bare URLs and e-mail addresses become links
    typographer: bool = True  # "quotes" -> “quotes”, -- -> –, ... -> …

    def as_kwargs(self) -> dict:
        return {"linkify": self.linkify, "typographer": self.typographer}


@dataclass(frozen=True)
class Config:
    root: Path
    title: dict  # language code -> title
    description: dict
    languages: tuple[Language, ...]
    default_language: str
    base_url: str  # always ends with "/"
    params: dict
    fallback: str
    faq_categories: tuple[FaqCategory, ...] = ()
    front_matter: tuple[FieldRule, ...] = ()
    config_file: Path | None = None
    # where base_url came from: "site.yml" (line base_url_line), "--base-url" or "" (not set)
    base_url_origin: str = ""
    base_url_line: int | None = None
    jekyll: Settings = Settings()  # templates, compat, layouts, defaults, data_aliases (sitegen/jekyll/settings.py)
    theme: ThemeOptions = ThemeOptions()  # repo_url, edit_uri, extra_css/js, logo, favicon, og_image, twitter
    markdown: MarkdownOptions = MarkdownOptions()

    @property
    def language_codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    @property
    def base_path(self) -> str:
        """The path part of base_url without its trailing slash ("" or "/docs")."""
        return urlsplit(self.base_url).path.rstrip("/")

    def language(self, code: str) -> Language:
        for lang in self.languages:
            if lang.code == code:
                return lang
        raise KeyError(code)

    def title_for(self, lang: str) -> str:
        return self.title.get(lang) or self.title.get(self.default_language) or ""

    @property
    def content_dir(self) -> Path:
        return self.root / "content"
