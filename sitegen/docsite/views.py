"""What the theme's documentation features add to the renderer's views.

:class:`DocViews` is built once per renderer (before render workers fork):
it runs the one ``git log`` pass, indexes the site's image files and answers
per route with plain values (:meth:`page_fields`, :meth:`site_fields`), so
``render.py`` only passes them on.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Diagnostic, warning
from .dates import as_date, format_date
from .editlinks import edit_url
from .feeds import FEED_PATH, atom_feed, feed_info
from .gitdates import GitDates, git_dates
from .images import ImageSizer, image_size
from .navigation import NavLink, location, neighbours, reading_order
from .options import is_url

_ICON_TYPES = {".png": "image/png", ".svg": "image/svg+xml", ".ico": "image/x-icon", ".gif": "image/gif",
               ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}


@dataclass(frozen=True)
class ThemeView:
    """``site.theme`` in templates: hrefs ready to print (``url()`` applied)."""

    repo_url: str | None = None
    logo: str | None = None
    logo_width: int | None = None
    logo_height: int | None = None
    favicon: str | None = None
    favicon_type: str | None = None
    extra_css: tuple[str, ...] = ()
    extra_js: tuple[str, ...] = ()
    og_image: str | None = None  # absolute when base_url is
    twitter_site: str | None = None
    twitter_card: str | None = None


class DocViews:
    def __init__(self, site, urls, strings):
        self.site = site
        self.config = site.config
        self.urls = urls
        self.strings = strings
        self.options = site.config.theme
        sources = sorted({page.source.display for page in site.pages})
        self.git: GitDates = git_dates(site.config.root, sources)
        files: dict[str, Path] = {url: source.path for url, source in site.statics.items()}
        files.update({"/" + asset.output: asset.source for asset in urls.assets.values()})
        self.images = ImageSizer(files, urls.base_path)
        self._orders: dict[str, tuple[NavLink, ...]] = {}
        self._themes: dict[str, ThemeView] = {}
        for language in site.config.languages:  # load the CLDR data once, before render workers fork
            format_date(_dt.date(2000, 1, 1), language.code)

    # -- per build ------------------------------------------------------------------
    def warnings(self) -> list[Diagnostic]:
        """Said once per build: a shallow checkout hides some pages' dates."""
        if not self.git.shallow or not self.git.shallow_missing:
            return []
        count = self.git.shallow_missing
        return [warning(".git", None,
                        f"the git history is shallow: {count} page{'s' if count != 1 else ''} last changed before "
                        f"its first commit show{'' if count != 1 else 's'} no \"last updated\" date",
                        hint="fetch the whole history (GitHub Actions: actions/checkout with `fetch-depth: 0`; "
                             "or `git fetch --unshallow`)", rule="git-history")]

    # -- per language ---------------------------------------------------------------
    def reading_order(self, lang: str, nav: list) -> tuple[NavLink, ...]:
        if lang not in self._orders:
            self._orders[lang] = reading_order(nav)
        return self._orders[lang]

    def theme_view(self, lang: str) -> ThemeView:
        if lang in self._themes:
            return self._themes[lang]
        options = self.options
        logo = self._href(options.logo)
        size = self._asset_size(options.logo)
        favicon = self._href(options.favicon)
        image = self._href(options.og_image, absolute=True)
        view = ThemeView(
            repo_url=options.repo_url,
            logo=logo,
            logo_width=size[0] if size else None,
            logo_height=size[1] if size else None,
            favicon=favicon,
            favicon_type=_ICON_TYPES.get(Path(options.favicon).suffix.lower()) if options.favicon else None,
            extra_css=tuple(self._href(x) for x in options.extra_css),
            extra_js=tuple(self._href(x) for x in options.extra_js),
            og_image=image,
            twitter_site=options.twitter_username,
            twitter_card=options.twitter_card or (("summary_large_image" if image else "summary")
                                                  if options.twitter_username or image else None),
        )
        self._themes[lang] = view
        return view

    def feed_url(self, lang: str, notices: list) -> str | None:
        if not notices:
            return None
        return self.config.language(lang).prefix + FEED_PATH

    def feeds(self, site_title, data_view, generator: str, on_home=lambda lang: True) -> dict[str, bytes]:
        """``feed.xml`` per language that has notices: output path -> bytes.
        ``on_home(lang)``: that language's home page shows the notices."""
        files = {}
        for language in self.config.languages:
            lang = language.code
            notices = data_view(lang)["notices"]
            if not notices:
                continue
            info = feed_info(lang, site_title(lang), self.config.description.get(lang, ""), self.urls,
                             language.home_url, self.strings.get(lang, "notices"),
                             self.strings.get(lang, "important"),
                             lambda code, path: self.config.language(code).prefix + path, on_home(lang))
            files[(language.prefix + FEED_PATH).lstrip("/")] = atom_feed(info, notices, generator)
        return files

    # -- per route --------------------------------------------------------------------
    def page_fields(self, route, page, front: dict, layout: str, crumbs, nav: list, is_home: bool) -> dict:
        lang = route.lang
        order = self.reading_order(lang, nav)
        prev = following = None
        if not is_home and layout not in ("redirect", "404"):
            prev, following = neighbours(order, route.url)
        fields: dict[str, Any] = {
            "prev": prev,
            "next": following,
            "nav_location": location(order, route.url, [c.url for c in crumbs]),
        }
        if page is not None and route.kind in ("page", "fallback"):
            fields["edit_url"] = edit_url(self.options, page.source.display)
            fields["edit_original"] = page.lang != lang
            date = None
            for key in ("updated", "last_modified_at"):
                date = date or as_date(front.get(key))
            date = date or self.git.date_of(page.source.display) or as_date(front.get("date"))
            if date is not None:
                fields["updated"] = date.isoformat()
                fields["updated_text"] = self.date_text(date, lang)
            image = front.get("image")
            if isinstance(image, str) and image.strip():
                fields["image"] = self._page_image(image.strip(), page, lang)
        return fields

    def date_text(self, value, lang: str) -> str:
        date = as_date(value)
        if date is None:
            return str(value or "")
        pattern = self.strings.bundles.get(lang, {}).get("date_format")
        return format_date(date, lang, pattern)

    # -- helpers ----------------------------------------------------------------------
    def _href(self, ref: str | None, absolute: bool = False) -> str | None:
        if not ref:
            return None
        if is_url(ref):
            return ref
        asset = self.urls.assets.get(ref)
        path = "/" + asset.output if asset is not None else "/assets/" + ref
        return self.urls.absolute_url(path) if absolute else self.urls.url(path)

    def _asset_size(self, ref: str | None):
        if not ref or is_url(ref):
            return None
        asset = self.urls.assets.get(ref)
        return image_size(asset.source) if asset is not None else None

    def _page_image(self, value: str, page, lang: str) -> str:
        if is_url(value):
            return value
        resolved = self.site.resolve(value, page, lang)
        path = resolved.url if resolved is not None and resolved.internal else value
        if not path.startswith("/"):
            path = "/" + path
        return self.urls.absolute_url(path)


def notice_anchor(date: str, default_text: str) -> str:
    """``sg-notice-2026-04-01-1a2b3c``: the same in every language (from the
    default language's text); ``sg-`` as every id the theme adds."""
    digest = hashlib.sha256(default_text.encode("utf-8")).hexdigest()[:6]
    return f"sg-notice-{date}-{digest}" if date else f"sg-notice-{digest}"


def unique_anchors(notices: list[dict]) -> list[dict]:
    """Two notices with the same date and text keep distinct anchors (``-2``, ``-3``)."""
    seen: dict[str, int] = {}
    for notice in notices:
        anchor = notice.get("anchor")
        if anchor in seen:
            seen[anchor] += 1
            notice["anchor"] = f"{anchor}-{seen[anchor]}"
        else:
            seen[anchor] = 1
    return notices
