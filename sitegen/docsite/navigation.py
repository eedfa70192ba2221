"""The navigation as a reader moves through it.

The navigation is ``data.nav`` as the renderer resolved it for one language
(``data/nav.<lang>.yml``, or the content tree): blocks of ``name``, ``url``
(site-relative, maybe with a ``#fragment``), ``contents``, ``external``,
``is_fallback`` and ``source_lang``, nested to any depth.

* **Reading order**: every entry depth-first, a block before its contents;
  only pages of this site (external links are left out), a page once (an
  entry pointing at a ``#section`` of a page already listed adds nothing).
  Previous / next are the neighbours in that order.
* **Location**: the navigation entry a page belongs to: the page itself when
  the navigation lists it, else its nearest ancestor that it lists (an FAQ
  entry belongs to the FAQ index).  The sidebar opens the section holding it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable


@dataclass(frozen=True)
class NavLink:
    name: Any  # as written in the navigation (text, or markup for inline HTML)
    url: str  # site-relative page URL, no fragment
    is_fallback: bool = False  # leads to content in another language
    source_lang: str | None = None


def page_url(url: Any) -> str | None:
    if not url or not isinstance(url, str):
        return None
    path = url.split("#", 1)[0]
    return path or None


def _walk(entries: Iterable) -> Iterable[dict]:
    for entry in entries or ():
        if isinstance(entry, dict):
            yield entry
            yield from _walk(entry.get("contents") or ())


def reading_order(nav: list) -> tuple[NavLink, ...]:
    order: list[NavLink] = []
    seen: set[str] = set()
    for entry in _walk(nav):
        url = page_url(entry.get("url"))
        if url is None or entry.get("external") or not url.startswith("/") or url in seen:
            continue
        seen.add(url)
        order.append(NavLink(entry.get("name"), url, bool(entry.get("is_fallback")), entry.get("source_lang")))
    return tuple(order)


def neighbours(order: tuple[NavLink, ...], url: str) -> tuple[NavLink | None, NavLink | None]:
    for index, link in enumerate(order):
        if link.url == url:
            previous = order[index - 1] if index > 0 else None
            following = order[index + 1] if index + 1 < len(order) else None
            return previous, following
    return None, None


def location(order: tuple[NavLink, ...], url: str, ancestors: Iterable[str]) -> str | None:
    """The page URL of the navigation entry ``url`` belongs to (see the module doc);
    ``ancestors`` are the page's breadcrumb URLs, the home page first."""
    listed = {link.url for link in order}
    if url in listed:
        return url
    for ancestor in reversed(list(ancestors)):
        if ancestor in listed:
            return ancestor
    return None


def annotate_sections(nav: list) -> list:
    """Give every entry with ``contents`` the set of page URLs below it
    (``pages``, itself included), so the sidebar opens a section with one
    lookup per page instead of walking the tree in the template."""
    for entry in nav or ():
        if isinstance(entry, dict) and entry.get("contents"):
            annotate_sections(entry["contents"])
            entry["pages"] = frozenset(url for url in (page_url(e.get("url")) for e in _walk([entry])) if url)
    return nav
