"""The ``site.yml`` keys of sites that came from Jekyll (any site may use them).

* ``templates: liquid`` -- page bodies are Liquid templates (Jekyll's tags and
  filters) instead of the default Jinja (``templates: jinja``).
* ``compat: jekyll`` -- Jekyll's URL and front-matter rules where editors
  depend on them: ``redirect_from`` and ``permalink`` are site-absolute paths,
  every page also answers at ``/x.html`` (a redirect page), ``slug`` does not
  move a page, a ``redirect_to`` stub needs no title, a page without a title
  or with unclosed front matter is built with a warning, and a file without
  front matter is published as a static file.
* ``layouts: {default: page}`` -- layout aliases: a page whose front matter
  names ``default`` uses the theme's ``page`` layout.
* ``defaults:`` -- front-matter defaults per folder, as Jekyll's ``defaults``:
  ``[{path: zoom/, lang: en, values: {toc: false}}]`` (``path`` inside
  ``content/<lang>/``; ``lang`` optional; the page's own front matter wins).
* ``data_aliases: {notice: notices}`` -- Liquid's ``site.data.notice`` reads
  ``data/notices.yml`` (the importer renames data files the theme reads).

Read by :func:`read_settings`, which ``config/load.py`` calls with the raw mapping;
this module imports nothing of the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..errors import suggest
from ..schema.kinds import AnyMapping, Custom, Enum, Field, LanguageRef, ListOf, Mapping, Text
from ..yamlfile import to_plain, type_name

TEMPLATE_LANGUAGES = ("jinja", "liquid")
COMPAT_MODES = ("none", "jekyll")


def _is_names(value) -> bool:
    return value is None or (isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                                             for k, v in value.items()))


def _names_json(langs) -> dict:
    return {"type": ["object", "null"], "additionalProperties": {"type": "string", "pattern": r"\S"}}


_NAMES = Custom(_is_names, _names_json, "a mapping of names (`old: new`)")
FRONT_DEFAULT = Mapping({
    "path": Field(Text(nonempty=False, description="a folder inside content/<lang>/ such as `zoom/`",
                       pattern=r"^(?!/)(?!.*(^|/)\.\.(/|$))"), False,
                  "a folder (or file) inside content/<lang>/; empty for every page"),
    "lang": Field(LanguageRef(), False, "only pages of this language"),
    "values": Field(AnyMapping(), False, "front-matter keys and their default values"),
}, description="a defaults entry {path, lang, values}")

# site.yml keys of this module, for config.py's table (the validator's key list and `sitegen schema`)
FIELDS = {
    "templates": Field(Enum(TEMPLATE_LANGUAGES), False, "the template language of page bodies (default jinja)"),
    "compat": Field(Custom(lambda v: v in (None, False) or v in COMPAT_MODES,
                           lambda langs: {"enum": [*COMPAT_MODES, None, False]}, "none or jekyll"), False,
                    "jekyll: Jekyll's URL and front-matter rules (written by `sitegen import jekyll`)"),
    "layouts": Field(_NAMES, False, "layout aliases: a page's `layout: default` uses the theme's `page`"),
    "defaults": Field(ListOf(FRONT_DEFAULT), False, "front-matter defaults per folder, as Jekyll's `defaults`"),
    "data_aliases": Field(_NAMES, False, "Liquid's `site.data.<alias>` reads data/<name>.yml"),
}
KEYS = tuple(FIELDS)


@dataclass(frozen=True)
class FrontDefault:
    """One entry of ``defaults:``: values for pages under ``path`` (in ``lang``)."""

    path: str  # "" for every page, else a folder such as "zoom/" or a file "zoom/a.md"
    lang: str | None
    values: dict
    line: int

    def applies(self, lang: str, rel: str) -> bool:
        if self.lang is not None and self.lang != lang:
            return False
        if not self.path:
            return True
        return rel == self.path.rstrip("/") or rel.startswith(self.path.rstrip("/") + "/")


@dataclass(frozen=True)
class Settings:
    templates: str = "jinja"
    compat: str = "none"
    layouts: tuple = ()  # ((alias, layout), ...)
    defaults: tuple[FrontDefault, ...] = ()
    data_aliases: tuple = ()  # ((alias, data name), ...)


def read_settings(raw: Any, codes: list[str], bad: Callable) -> Settings:
    """``bad(key, message, hint=None, line=None)`` reports a problem at a key of site.yml."""
    templates = raw.get("templates", "jinja")
    if templates not in TEMPLATE_LANGUAGES:
        bad("templates", f"`templates` must be one of {', '.join(TEMPLATE_LANGUAGES)}, found `{templates}`",
            hint=suggest(str(templates), TEMPLATE_LANGUAGES) or "`liquid` for sites moved from Jekyll")
        templates = "jinja"
    compat = raw.get("compat", "none")
    if compat is None or compat is False:
        compat = "none"
    if compat not in COMPAT_MODES:
        bad("compat", f"`compat` must be one of {', '.join(COMPAT_MODES)}, found `{compat}`",
            hint=suggest(str(compat), COMPAT_MODES))
        compat = "none"
    return Settings(templates, compat, _names(raw, "layouts", bad), _defaults(raw, codes, bad),
                    _names(raw, "data_aliases", bad))


def _names(raw, key: str, bad) -> tuple:
    value = raw.get(key)
    if value is None:
        return ()
    if not isinstance(value, dict):
        bad(key, f"`{key}` must be a mapping of names (`old: new`), found {type_name(value)}")
        return ()
    pairs = []
    for name, target in value.items():
        if not isinstance(target, str) or not target.strip() or not isinstance(name, str):
            bad(key, f"`{key}.{name}` must be a name, found {type_name(target)}", line=value.line_of(name))
            continue
        pairs.append((name, target.strip()))
    return tuple(pairs)


def _defaults(raw, codes: list[str], bad) -> tuple[FrontDefault, ...]:
    value = raw.get("defaults")
    if value is None:
        return ()
    if not isinstance(value, list):
        bad("defaults", f"`defaults` must be a list of {{path, lang, values}}, found {type_name(value)}")
        return ()
    result = []
    for index, item in enumerate(value):
        line = value.line_of(index)
        if not isinstance(item, dict):
            bad("defaults", f"each `defaults` entry must be a mapping, found {type_name(item)}", line=line)
            continue
        for k in item:
            if k not in ("path", "lang", "values"):
                bad("defaults", f"unknown key `{k}` in a `defaults` entry", line=item.line_of(k),
                    hint=suggest(str(k), ("path", "lang", "values")) or "write {path: folder/, values: {...}}")
        path = item.get("path", "")
        if path is None:
            path = ""
        if not isinstance(path, str) or ".." in path.split("/") or path.startswith("/"):
            bad("defaults", f"`path` of a `defaults` entry must be a folder inside content/<lang>/ such as "
                            f"`zoom/`, found `{path}`", line=item.line_of("path"))
            continue
        lang = item.get("lang")
        if lang is not None and lang not in codes:
            bad("defaults", f"`lang` of a `defaults` entry must be one of the languages, found `{lang}`",
                line=item.line_of("lang"), hint=suggest(str(lang), codes))
            continue
        values = item.get("values", {})
        if not isinstance(values, dict):
            bad("defaults", f"`values` of a `defaults` entry must be a mapping of front-matter keys, "
                            f"found {type_name(values)}", line=item.line_of("values"))
            continue
        result.append(FrontDefault(path.strip().removeprefix("./"), lang, to_plain(values), line))
    return tuple(result)
