"""``_config.yml`` -> ``site.yml``: title, description, ``url``/``baseurl`` ->
``base_url``, languages, ``defaults:`` per path; every other key is kept
under ``params`` (Liquid still reads it as ``site.<key>``).  What has no
counterpart (Sass, plugins, collections, permalink styles) goes to the report.
"""

from __future__ import annotations

import re
from typing import Any

from .report import CHANGED, NOT_MAPPED, NOTE, ImportReport

LANG_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")

# plugins whose job sitegen or its theme does itself
HANDLED_PLUGINS = {
    "jekyll-redirect-from": "redirect_from/redirect_to work as before (`compat: jekyll`)",
    "jekyll-sitemap": "sitegen writes sitemap.xml itself",
    "jekyll-seo-tag": "the theme writes the page's title, description, canonical and hreflang links",
    "jekyll-feed": "no Atom feed is written",
    "jekyll-relative-links": "links to .md files are resolved by sitegen",
    "jekyll-optional-front-matter": "files without front matter are static files (as in Jekyll without it)",
    "jekyll-titles-from-headings": "a page without title shows its first heading, with a warning",
    "jekyll-default-layout": "pages use the theme's layouts",
}
# keys Jekyll itself reads: never copied to params
JEKYLL_KEYS = {
    "title", "description", "url", "baseurl", "lang", "languages", "default_lang", "default_language",
    "defaults", "plugins", "gems", "whitelist", "sass", "exclude", "include", "keep_files", "markdown",
    "kramdown", "highlighter", "permalink", "collections", "collections_dir", "source", "destination",
    "safe", "incremental", "livereload", "theme", "remote_theme", "timezone", "encoding", "paginate",
    "paginate_path", "future", "unpublished", "show_drafts", "limit_posts", "port", "host", "strict_front_matter",
    "liquid", "excerpt_separator", "permalink_style", "lsi", "webrick", "quiet", "verbose", "profile",
    "exclude_from_localizations", "parallel_localization",
}


def theme_layout(name: str, theme_layouts: set[str]) -> str:
    """The theme layout a Jekyll layout falls back to."""
    if name in theme_layouts:
        return name
    if name in ("home", "index", "top", "landing", "front"):
        return "home"
    return "page"


def map_config(raw: dict, languages: list[str], default_lang: str, report: ImportReport) -> dict:
    """The site.yml mapping (without languages, which the importer decides)."""
    site: dict[str, Any] = {}
    if isinstance(raw.get("title"), str) and raw["title"].strip():
        site["title"] = raw["title"].strip()
        report.add(CHANGED, "_config.yml", "`title` -> site.yml `title`")
    if isinstance(raw.get("description"), str) and raw["description"].strip():
        site["description"] = " ".join(raw["description"].split())
        report.add(CHANGED, "_config.yml", "`description` -> site.yml `description`")
    url = raw.get("url")
    baseurl = raw.get("baseurl")
    if isinstance(url, str) and url.strip() or isinstance(baseurl, str) and baseurl.strip():
        base = (url or "").strip().rstrip("/") + "/" + (baseurl or "").strip().strip("/")
        base = base.rstrip("/") + "/"
        if not re.match(r"^https?://", base) and not base.startswith("/"):
            base = "/" + base.lstrip("/")
        site["base_url"] = base
        report.add(CHANGED, "_config.yml", f"`url`/`baseurl` -> site.yml `base_url: {base}`")

    defaults = _defaults(raw.get("defaults"), languages, default_lang, report)
    if defaults:
        site["defaults"] = defaults

    for key in ("plugins", "gems"):
        for plugin in raw.get(key) or []:
            name = str(plugin)
            if name in HANDLED_PLUGINS:
                report.add(CHANGED if name != "jekyll-feed" else NOT_MAPPED, "_config.yml",
                           f"plugin `{name}`: {HANDLED_PLUGINS[name]}")
            else:
                report.add(NOT_MAPPED, "_config.yml", f"plugin `{name}` is not available in sitegen: "
                                                      "check the pages that rely on it")
    if raw.get("sass"):
        report.add(NOT_MAPPED, "_config.yml", "`sass`: Sass is not compiled; the theme's CSS applies")
    if raw.get("collections"):
        names = ", ".join(sorted(str(c) for c in raw["collections"]))
        report.add(NOT_MAPPED, "_config.yml", f"collections ({names}) are not imported")
    permalink = raw.get("permalink")
    if permalink and permalink != "pretty":
        report.add(NOTE, "_config.yml", f"`permalink: {permalink}`: pages get sitegen's URLs (`/x/`); "
                                        "`/x.html` still answers with a redirect")
    for key in ("markdown", "kramdown", "highlighter"):
        if key in raw:
            report.add(CHANGED, "_config.yml", f"`{key}`: sitegen's Markdown is kramdown's dialect (GFM input) "
                                               "with Pygments highlighting; the setting is not needed")
    params = {k: v for k, v in raw.items() if isinstance(k, str) and k not in JEKYLL_KEYS}
    if params:
        site["params"] = params
        report.add(CHANGED, "_config.yml", f"other settings ({', '.join(sorted(params))}) -> site.yml `params` "
                                           "(Liquid still reads them as `site.<key>`)")
    return site


def _defaults(value: Any, languages: list[str], default_lang: str, report: ImportReport) -> list:
    """Jekyll's ``defaults`` ({scope: {path, type}, values}) -> site.yml ``defaults``."""
    result = []
    if not isinstance(value, list):
        return result
    for item in value:
        if not isinstance(item, dict):
            continue
        scope = item.get("scope") or {}
        values = dict(item.get("values") or {})
        kind = scope.get("type")
        if kind not in (None, "pages"):
            report.add(NOT_MAPPED, "_config.yml", f"`defaults` for `type: {kind}` (only pages are imported)")
            continue
        path = str(scope.get("path") or "").strip().strip("/")
        if "*" in path:
            report.add(NOT_MAPPED, "_config.yml", f"`defaults` with a glob path `{path}` is not supported")
            continue
        first, _, rest = path.partition("/")
        if first in languages and first != default_lang:
            lang, inner = first, rest
        elif path:
            lang, inner = default_lang, path
        else:
            lang, inner = None, ""
        values.pop("lang", None)  # the folder decides the language
        for key in ("permalink",):
            if key in values:
                report.add(NOT_MAPPED, "_config.yml", f"`defaults` value `{key}` for `{path or '(all)'}`")
                values.pop(key)
        if not values:
            continue
        entry: dict[str, Any] = {}
        if inner:
            entry["path"] = inner + ("/" if "." not in inner.rsplit("/", 1)[-1] else "")
        if lang is not None:
            entry["lang"] = lang
        entry["values"] = values
        result.append(entry)
        report.add(CHANGED, "_config.yml", f"`defaults` for `{path or '(all)'}` -> site.yml `defaults`")
    return result
