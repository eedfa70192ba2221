"""The theme's sidebar (``partials/nav.html``), rendered once per language
instead of once per page.

The sidebar shows ``data.nav`` of the reader's language; of the page it reads
only ``page.url`` and ``page.nav_location``, and only to decide two things:
which sections are open (``<details ... open>``) and which link is the
current page (``aria-current="page"``).  So the sidebar of a language is
rendered once from copies of the two partials in which those two decisions
print a unique marker instead; each page's sidebar is that text with every
marker replaced by what the partials would have printed for the page (the
same comparisons, made in Python).

This holds for the theme's ``partials/nav.html`` and ``partials/nav_link.html``;
a site that overrides either keeps the plain ``{% include %}`` on every page.
When the theme's partials no longer hold the exact text replaced here, or a
rendered sidebar does not hold each marker exactly once, every distinct
sidebar is rendered with the partials themselves (once per language and
place in the navigation).
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any, Callable

import jinja2
from markupsafe import Markup

NAV_TEMPLATES = ("partials/nav.html", "partials/nav_link.html")

# the page-dependent pieces of the theme's partials, and what the marked copies print instead
_OPEN = '<details class="site-nav-group"{% if open %} open{% endif %}>'
_OPEN_MARKED = '<details class="site-nav-group"{{ _sg_nav_open(item) }}>'
_INCLUDE = '{% include "partials/nav_link.html" %}'
_INCLUDE_MARKED = '{% include _sg_nav_link %}'
_CURRENT = '{% if item.url == page.url %} aria-current="page"{% endif %}'
_CURRENT_MARKED = '{{ _sg_nav_current(item) }}'
_OPEN_TEXT = " open"
_CURRENT_TEXT = ' aria-current="page"'


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


class _Marked:
    """One language's sidebar with a marker where each page-dependent piece goes."""

    __slots__ = ("nav", "texts", "opens", "currents")

    def __init__(self, nav: Any, texts: list[str], slots: list[tuple[bool, dict]]):
        self.nav = nav  # the data.nav it was rendered from (a serve rebuild may bring a new one)
        self.texts = texts  # len(slots) + 1 pieces of text around the markers
        # the markers a page's URL (or its navigation entry) turns on: section `i` is
        # open when `page.url in item.pages or page.nav_location in item.pages`, link
        # `i` is the current page when `item.url == page.url`
        self.opens: dict[Any, list[int]] = {}
        self.currents: dict[Any, list[int]] = {}
        for index, (is_open, item) in enumerate(slots):
            for url in (item["pages"] if is_open else (item["url"],) if "url" in item else ()):
                (self.opens if is_open else self.currents).setdefault(url, []).append(index)

    def fill(self, page: Any) -> Markup:
        url, location = getattr(page, "url", None), getattr(page, "nav_location", None)
        out = list(self.texts)  # the text before marker i is out[i]
        opened = self.opens.get(url, ())
        if location != url and location in self.opens:
            opened = set(opened).union(self.opens[location])
        for index in opened:
            out[index] += _OPEN_TEXT
        for index in self.currents.get(url, ()):
            out[index] += _CURRENT_TEXT
        return Markup("".join(out))


class Sidebars:
    """The sidebars of one renderer (one build, or one serve rebuild)."""

    def __init__(self, env: jinja2.Environment, theme_templates: Path):
        theme = Path(theme_templates).resolve()
        self.enabled = True
        sources = []
        for name in NAV_TEMPLATES:
            try:
                filename = env.get_template(name).filename
                sources.append(env.loader.get_source(env, name)[0])
            except jinja2.TemplateError:
                self.enabled = False
                break
            if filename is None or Path(filename).resolve().parent.parent != theme:
                self.enabled = False
        self.env = env
        self._marked_templates = _marked_templates(env, *sources) if self.enabled else None
        self._marked: dict[str, _Marked | None] = {}
        # without the marked partials: one rendering per language and place in the navigation
        self._urls: dict[str, frozenset[str]] = {}
        self._html: dict[tuple, Markup] = {}

    def for_page(self, context: dict) -> _Lazy | None:
        """What ``sidebar_html`` is for a page's template context (None: include the partial)."""
        if not self.enabled:
            return None
        return _Lazy(lambda: self._get(context))

    def _get(self, context: dict) -> Markup:
        lang, nav = context["lang"], context["data"].get("nav")
        marked = self._marked.get(lang)
        if self._marked_templates is not None and (lang not in self._marked or (marked is not None and marked.nav is not nav)):
            marked = self._marked[lang] = self._render_marked(context, nav)
        if marked is not None:
            return marked.fill(context["page"])
        return self._get_rendered(context)

    def _render_marked(self, context: dict, nav: Any) -> _Marked | None:
        """The language's sidebar with markers, or None when the markers cannot stand for the page's pieces."""
        nav_template, link_template = self._marked_templates
        token = secrets.token_hex(8)
        slots: list[tuple[bool, dict]] = []

        def mark(is_open: bool) -> Callable[[Any], Markup]:
            def marker(item: Any) -> Markup:
                if not isinstance(item, dict) or (not isinstance(item.get("pages"), (set, frozenset)) if is_open
                                                  else not isinstance(item.get("url"), (str, type(None)))):
                    raise _Unmarkable
                slots.append((is_open, item))
                return Markup(f"\x00{token}:{len(slots) - 1}\x00")
            return marker

        try:
            text = nav_template.render(dict(context, _sg_nav_open=mark(True), _sg_nav_current=mark(False),
                                            _sg_nav_link=link_template))
        except _Unmarkable:
            return None
        pieces = re.split(f"\x00{token}:(\\d+)\x00", text)
        if [int(n) for n in pieces[1::2]] != list(range(len(slots))):
            return None  # a marker lost or repeated: render each sidebar with the partials
        return _Marked(nav, pieces[::2], slots)

    def _get_rendered(self, context: dict) -> Markup:
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


class _Unmarkable(Exception):
    """A navigation entry the marked partials cannot decide for (not the shape the renderer makes)."""


def _marked_templates(env: jinja2.Environment, nav_source: str, link_source: str) -> tuple | None:
    """The theme's two partials with markers for the page-dependent pieces
    (None: the partials do not hold them exactly as expected)."""
    if (nav_source.count(_OPEN) != 1 or nav_source.count(_INCLUDE) != 2 or link_source.count(_CURRENT) != 1
            or "page." in link_source.replace(_CURRENT, "")):
        return None
    nav_marked = nav_source.replace(_OPEN, _OPEN_MARKED).replace(_INCLUDE, _INCLUDE_MARKED)
    link_marked = link_source.replace(_CURRENT, _CURRENT_MARKED)
    try:
        return env.from_string(nav_marked), env.from_string(link_marked)
    except jinja2.TemplateError:
        return None
