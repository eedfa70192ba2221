"""What a Liquid page body may know about the whole site before any body is
rendered: Jekyll's ``site.pages`` (every page's URL, title and front matter),
``site.data`` (data files in Jekyll's shape, not localised) and the names
defined anywhere in the site (to tell a typo from a value that is only
sometimes set).

Built by a first pass that reads front matter only (YAML, no Markdown, no
templates), and only for ``templates: liquid`` sites.  The result is plain
data, so it travels to parse workers like the rest of the parse context.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..matter import parse_front_matter
from ..yamlfile import YamlProblem, load_yaml_file, to_plain
from . import frontmatter as jfm

DATA_SUFFIXES = (".yml", ".yaml")
INCLUDES = "_includes"

# names a body defines: {% assign x %} {% capture x %} {% for x in %} {% include f x=... %}
_DEFINES = re.compile(r"\{%-?\s*(?:assign|capture|increment|decrement)\s+([\w-]+)"
                      r"|\{%-?\s*(?:for|tablerow)\s+([\w-]+)\s+in\b")
_INCLUDE_TAG = re.compile(r"\{%-?\s*include(?:_relative)?\s+(.*?)-?%\}", re.S)
_PARAM = re.compile(r"([\w-]+)\s*=")

# what Jekyll itself puts on pages and on `site`
PAGE_ATTRIBUTES = ("url", "path", "name", "dir", "lang", "title", "content", "excerpt", "layout")
SITE_ATTRIBUTES = ("pages", "data", "title", "description", "url", "baseurl", "lang", "languages",
                   "default_language", "params", "static_files")


@dataclass(frozen=True)
class SiteIndex:
    pages: tuple  # plain dicts, in source order
    data: dict  # Jekyll's site.data
    known_names: frozenset


def jekyll_path(lang: str, default_lang: str, rel: str) -> str:
    """Where the file was in the Jekyll site: ``en/oc/index.md`` for ``content/en/oc/index.md``."""
    return rel if lang == default_lang else f"{lang}/{rel}"


def page_object(config, source, front: dict, url: str) -> dict:
    """``page`` as Jekyll shows it to Liquid: front matter plus ``url``
    (the page's URL in this site, language prefix included, no base path),
    ``path`` (the file's Jekyll path), ``name``, ``dir`` and ``lang``."""
    path = jekyll_path(source.lang, config.default_language, source.rel)
    page = dict(front)
    page["url"] = url
    page["path"] = path
    page["name"] = posixpath.basename(path)
    page["dir"] = ("/" + posixpath.dirname(path) + "/").replace("//", "/")
    page.setdefault("lang", source.lang)
    return page


def build_index(config, page_files: Iterable, url_of: Callable[[object, dict], str], drafts: bool) -> SiteIndex:
    """``url_of(source, front)`` is the page's site-relative URL (the caller's URL rules)."""
    pages = []
    names: set[str] = set(PAGE_ATTRIBUTES) | set(SITE_ATTRIBUTES)
    for source in page_files:
        try:
            text = source.path.read_text(encoding="utf-8").replace("\r\n", "\n")
        except (OSError, UnicodeDecodeError):
            continue  # the parse step reports it
        _collect_names(text, names)
        try:
            fm = parse_front_matter(text)
            front = to_plain(fm.data)
        except YamlProblem:
            if not jfm.unclosed_front_matter(config, text):
                continue
            front = {}
        front = jfm.with_defaults(config, source, front)
        if front.get("draft") and not drafts:
            continue
        names.update(str(k) for k in front)
        pages.append(page_object(config, source, front, url_of(source, front)))
    for root in include_roots(config):
        for path in _files_under(root):
            try:
                _collect_names(path.read_text(encoding="utf-8"), names)
            except (OSError, UnicodeDecodeError):
                continue
    data = liquid_data(config)
    _collect_keys(data, names)
    return SiteIndex(tuple(pages), data, frozenset(names))


def include_roots(config) -> tuple[Path, ...]:
    """Every folder ``{% include %}`` may read from (any language)."""
    roots = []
    for code in config.language_codes:
        root = config.content_dir / code / INCLUDES
        if root.is_dir() and not root.is_symlink():
            roots.append(root)
    return tuple(roots)


def _files_under(root: Path) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return found


def _collect_names(text: str, names: set[str]) -> None:
    if "{%" not in text:
        return
    for match in _DEFINES.finditer(text):
        names.add(match.group(1) or match.group(2))
    for match in _INCLUDE_TAG.finditer(text):
        names.update(_PARAM.findall(match.group(1)))


def _collect_keys(value, names: set[str], depth: int = 0) -> None:
    if depth > 12:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            names.add(str(key))
            _collect_keys(item, names, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _collect_keys(item, names, depth + 1)


def liquid_data(config) -> dict:
    """``site.data`` in Jekyll's shape: ``data/nav.ja.yml`` is ``site.data.nav.ja``
    (Jekyll's ``_data/nav/ja.yml``), ``data/en/x.yml`` is ``site.data.en.x``;
    values as written (not localised); ``data_aliases`` add other names."""
    base = config.root / "data"
    tree: dict = {}
    if not base.is_dir():
        return tree
    for path in _files_under(base):
        if path.suffix not in DATA_SUFFIXES:
            continue
        rel = path.relative_to(base).as_posix()
        parts = rel[: -len(path.suffix)].replace("/", ".").split(".")
        try:
            value = to_plain(load_yaml_file(path))
        except YamlProblem:
            continue  # load_data reports it
        node = tree
        for part in parts[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[parts[-1]] = value
    for alias, target in config.jekyll.data_aliases:
        if target in tree and alias not in tree:
            tree[alias] = tree[target]
    return tree
