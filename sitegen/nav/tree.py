"""Navigation from the content tree, for sites without ``data/nav*.yml``.

The blocks have the shape of ``data/nav.<lang>.yml`` (``name``, ``url``,
``contents`` of ``{name, url}``), so every template that shows navigation
uses them unchanged:

* the home page first, then the top-level pages and folders;
* a folder is a section: its ``index.md`` gives the block's name, link and
  ``order``; without one the block is named after the folder and links
  nowhere; every other page under it (sub-folders flattened, each
  sub-folder's index first) is an entry of the block;
* ``faq/`` is the FAQ index with its category pages (not every question);
* ordered by ``order:`` in the front matter (smaller first; pages without
  one come after), then by file name, so every language lists the same
  pages in the same order;
* a page missing in the reader's language is listed with the title of its
  original and leads to its fallback page (or, with ``fallback: redirect`` /
  ``none``, to the original), where the menu marks it with a language badge.

Names are the pages' titles as plain text (inline HTML removed).

A menu is for finding one's way, and it is part of every page: when the tree
would give more than :data:`MAX_LINKS` links, the menu keeps the top-level
pages and the sections' own links only (their index pages), so a large site
without ``data/nav.yml`` does not carry its whole table of contents in every
page (a thousand pages would make every page, and the build, several times
larger).
"""

from __future__ import annotations

import html
import re

from .. import faq
from ..discover import PAGE_SUFFIXES
from ..routes import REDIRECT, lang_url
from ..site import Site

MAX_LINKS = 100
_TAGS = re.compile(r"<[^>]+>")
_LAST = float("inf")


def content_nav(site: Site, lang: str) -> list[dict]:
    """The navigation blocks of ``lang`` derived from the content tree."""
    home_url = site.config.language(lang).home_url
    home: dict | None = None
    top: dict[str, dict] = {}  # first path segment -> node
    for key in sorted(site.by_key):
        original = site.source_page(key)
        if original is None or original.front.get("redirect_to") or faq.is_entry(original):
            continue
        rel = original.source.rel
        parts = _stem(rel).split("/")
        item = {"name": _title(site, key, lang), "url": _reader_url(site, key, lang), "order": _order(original),
                "parts": parts}
        if parts == ["index"]:
            home = item
            continue
        if parts[0] == "faq" and parts[1:] == ["index"]:
            continue  # the FAQ block below
        section = top.setdefault(parts[0], {"segment": parts[0], "index": None, "entries": []})
        if len(parts) == 1:
            section["page"] = item
        elif parts[1:] == ["index"]:
            section["index"] = item
        else:
            section["entries"].append(item)

    blocks: list[tuple[tuple, dict]] = []
    faq_block = _faq_block(site, lang)
    for segment, section in top.items():
        if segment == "faq" and faq_block is not None:
            continue
        if "page" in section and not section["index"] and not section["entries"]:
            page = section["page"]
            blocks.append(((page["order"], segment), {"name": page["name"], "url": page["url"]}))
            continue
        if "page" in section:  # `zoom.md` beside `zoom/`: a page of its own, then the section
            page = section["page"]
            blocks.append(((page["order"], segment), {"name": page["name"], "url": page["url"]}))
        index = section["index"]
        folder_orders = _folder_orders(section)
        entries = sorted(section["entries"], key=lambda item: _entry_key(item, folder_orders))
        block = {"name": index["name"] if index else _folder_name(segment),
                 "url": index["url"] if index else None,
                 "contents": [{"name": e["name"], "url": e["url"]} for e in entries]}
        blocks.append(((index["order"] if index else _LAST, segment), block))

    if faq_block is not None:
        blocks.append(faq_block)
    blocks.sort(key=lambda pair: pair[0])
    result = [block for _, block in blocks]
    if sum(1 + len(block.get("contents") or ()) for block in result) > MAX_LINKS:
        result = [{"name": block["name"], "url": block["url"]} for block in result if block.get("url")]
    if home is not None:
        result.insert(0, {"name": home["name"], "url": home["url"] or home_url})
    return result


def _faq_block(site: Site, lang: str) -> tuple[tuple, dict] | None:
    index_url = lang_url(site.config, lang, "/faq/")
    route = site.routes.get(index_url)
    if route is None:
        return None
    page = route.page
    order = _order(page) if page is not None else _LAST
    name = _plain(page.title) if page is not None else html.escape(site.strings.get(lang, "faq"), quote=False)
    contents = []
    for category in site.config.faq_categories:
        url = lang_url(site.config, lang, f"/faq/{category.key}/")
        if url in site.routes:
            contents.append({"name": html.escape(category.label(lang, site.config.default_language), quote=False),
                             "url": url})
    block = {"name": name, "url": index_url}
    if contents:
        block["contents"] = contents
    return (order, "faq"), block


def _reader_url(site: Site, key: str, lang: str) -> str:
    """Where a reader of ``lang`` goes for ``key``: the translation, the
    fallback page, else (``redirect``/``none``) straight to the original."""
    route = site.route_for_key(key, lang)
    if route is None or route.kind == REDIRECT:
        route = site.page_route(site.source_page(key))
    return route.url


def _title(site: Site, key: str, lang: str) -> str:
    page = site.by_key[key].get(lang) or site.source_page(key)
    return _plain(page.title)


def _plain(title: str) -> str:
    """A title as nav text: tags dropped, then escaped (nav names are markup)."""
    return html.escape(" ".join(html.unescape(_TAGS.sub("", str(title))).split()), quote=False)


def _order(page) -> float:
    value = page.front.get("order") if page is not None else None
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else _LAST


def _stem(rel: str) -> str:
    for suffix in PAGE_SUFFIXES:
        if rel.lower().endswith(suffix):
            return rel[: -len(suffix)]
    return rel


def _folder_orders(section: dict) -> dict[tuple, float]:
    """Sub-folder path -> the ``order`` of its index page."""
    return {tuple(e["parts"][:-1]): e["order"] for e in section["entries"] if e["parts"][-1] == "index"}


def _entry_key(item: dict, folder_orders: dict) -> tuple:
    """Depth first: each level by (order, name); a folder's index comes first."""
    parts = item["parts"][1:]
    if parts[-1] == "index":
        parts = parts[:-1]
        own = ((-_LAST, ""),)  # before the folder's other pages
    else:
        own = ()
    key = []
    for depth, name in enumerate(parts):
        path = tuple(item["parts"][:1] + parts[: depth + 1])
        order = item["order"] if depth == len(parts) - 1 and not own else folder_orders.get(path, _LAST)
        key.append((order, name))
    return tuple(key) + own


def _folder_name(segment: str) -> str:
    text = segment.replace("-", " ").replace("_", " ").strip()
    return html.escape(text[:1].upper() + text[1:] if text else segment, quote=False)

