"""The theme's sidebar (``partials/nav.html``), rendered once per language
and place in the navigation instead of once per page.

The sidebar shows ``data.nav`` of the reader's language; of the page it reads
only ``page.url`` and ``page.nav_location``, and only to compare them with
the URLs of the navigation (which section is open, which link is the current
page).  So every page whose URL is not in the navigation, with the same
location, gets the same sidebar: it is rendered once, for the first such
page, and reused.  Pages the navigation lists get their own.

This holds for the theme's ``partials/nav.html`` and ``partials/nav_link.html``;
a site that overrides either keeps the plain ``{% include %}`` on every page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import jinja2
from markupsafe import Markup

NAV_TEMPLATES = ("partials/nav.html", "partials/nav_link.html")


def nav_urls(nav: Any) -> frozenset[str]:
    """Every URL a sidebar compares a page's URL with: each entry's ``url``
    (with and without its ``#fragment``) and each section's ``pages``."""
    found: set[str] = set()

    def walk(entries) -> None:
        for entry in entries or ():
            if not isinstance(entry, dict):
                continue
            url = entry.get("url")
            if isinstance(url, str):
                found.add(url)
                found.add(url.split("#")[0])
            found.update(u for u in entry.get("pages") or () if isinstance(u, str))
            walk(entry.get("contents"))
    walk(nav if isinstance(nav, list) else ())
    return frozenset(found)


class _Lazy:
    """Rendered when the layout prints it (``{{ sidebar_html }}``): a layout
    that shows no sidebar never renders one."""

    __slots__ = ("_render",)

    def __init__(self, render: Callable[[], str]):
        self._render = render

    def __html__(self) -> str:
        return self._render()

    def __str__(self) -> str:
        return self._render()


class Sidebars:
    """The sidebars of one renderer (one build, or one serve rebuild)."""

    def __init__(self, env: jinja2.Environment, theme_templates: Path):
        theme = Path(theme_templates).resolve()
        self.enabled = True
        for name in NAV_TEMPLATES:
            try:
                filename = env.get_template(name).filename
            except jinja2.TemplateError:
                self.enabled = False
                break
            if filename is None or Path(filename).resolve().parent.parent != theme:
                self.enabled = False
        self.env = env
        self._urls: dict[str, frozenset[str]] = {}
        self._html: dict[tuple, Markup] = {}

    def for_page(self, context: dict) -> _Lazy | None:
        """What ``sidebar_html`` is for a page's template context (None: include the partial)."""
        if not self.enabled:
            return None
        return _Lazy(lambda: self._get(context))

    def _get(self, context: dict) -> Markup:
        lang, page, nav = context["lang"], context["page"], context["data"].get("nav")
        urls = self._urls.get(lang)
        if urls is None:
            urls = self._urls[lang] = nav_urls(nav)
        url, location = getattr(page, "url", None), getattr(page, "nav_location", None)
        key = (lang, url if url in urls else None, location if location in urls else None, bool(location))
        html = self._html.get(key)
        if html is None:
            html = self._html[key] = Markup(self.env.get_template(NAV_TEMPLATES[0]).render(context))
        return html
