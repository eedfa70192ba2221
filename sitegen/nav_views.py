"""The navigation views of the renderer: breadcrumbs, and the data
templates get as ``data`` (the menu with its links resolved, the notices).
:class:`NavViews` needs the renderer's ``site``, ``config``, ``docs``,
``resolve_body`` and its ``_data_views`` / ``_data_problems`` caches."""

from __future__ import annotations

import posixpath

from markupsafe import Markup, escape

from .data import NAV_ORIGIN, nav_origin
from .docsite.navigation import annotate_sections
from .docsite.views import notice_anchor, unique_anchors
from .errors import Diagnostic, error, warning
from .nav import content_nav
from .page_views import Crumb
from .parse import as_date_text
from .site import FALLBACK, GENERATED, PAGE, REDIRECT, Route


class NavViews:
    """Breadcrumbs and the ``data`` view of each language (built once, kept)."""

    _data_views: dict
    _data_problems: dict

    def breadcrumbs(self, route: Route, problems: list[Diagnostic]) -> tuple[Crumb, ...]:
        site = self.site
        home_url = self.config.language(route.lang).home_url
        if route.url == home_url or route.kind == REDIRECT:
            return ()
        crumbs: list[Crumb] = []
        seen = {route.url}
        current = route
        for _ in range(12):
            parent = self._parent_route(current, route.lang, problems)
            if parent is None or parent.url in seen:
                break
            seen.add(parent.url)
            crumbs.append(Crumb(self._crumb_title(parent), parent.url))
            if parent.url == home_url:
                break
            current = parent
        if not crumbs or crumbs[-1].url != home_url:
            home = site.routes.get(home_url)
            title = self._crumb_title(home) if home is not None else escape(self.site.strings.get(route.lang, "home"))
            crumbs.append(Crumb(title, home_url))
        return tuple(reversed(crumbs))

    def _crumb_title(self, route: Route) -> Markup:
        """A page's title or ``breadcrumb.title`` (inline HTML, as titles are);
        a generated page's label or UI string (text: escaped)."""
        page = route.page
        if page is None:
            return escape(self._generated_title(route) or route.url)
        crumb = page.front.get("breadcrumb")
        if isinstance(crumb, dict) and crumb.get("title"):
            return Markup(str(crumb["title"]))
        return Markup(page.title)

    def _generated_title(self, route: Route) -> str:
        """The title of a generated page, as text: its ``title`` (an FAQ
        category's label from site.yml) or the UI string ``title_key`` names."""
        extra = dict(route.extra)
        if extra.get("title"):
            return str(extra["title"])
        return self.site.strings.get(route.lang, extra["title_key"]) if extra.get("title_key") else ''

    def _parent_route(self, route: Route, lang: str, problems: list[Diagnostic]) -> Route | None:
        page = route.page
        crumb = page.front.get("breadcrumb") if page is not None and route.kind != GENERATED else None
        if isinstance(crumb, dict) and crumb.get("parent"):
            resolved = self.site.resolve(str(crumb["parent"]), page, lang)
            if resolved is not None and resolved.route is not None:
                return resolved.route
            problems.append(error(page.source.display, page.line_of("breadcrumb"),
                                  f"`breadcrumb.parent` leads to no page: `{crumb['parent']}`",
                                  hint="write the parent's Markdown file (`../faq/index.md`) or URL path (`/faq/`)",
                                  rule="front-matter-value"))
        parent = dict(route.extra).get("parent_url")
        if parent and parent in self.site.routes:
            return self.site.routes[parent]
        url = route.url
        prefix = self.config.language(lang).prefix
        while True:
            if url.endswith(".html"):
                url = posixpath.dirname(url).rstrip("/") + "/"
            else:
                url = posixpath.dirname(url.rstrip("/")).rstrip("/") + "/"
            if len(url) < len(prefix + "/"):
                return None
            found = self.site.routes.get(url)
            if found is not None and found.kind != REDIRECT:
                return found
            if url == prefix + "/" or url == "/":
                return None

    def data_view(self, lang: str, problems: list[Diagnostic]) -> dict:
        if lang in self._data_views:
            problems.extend(self._data_problems.get(lang, ()))
            return self._data_views[lang]
        data = dict(self.site.data.get(lang, {}))
        found: list[Diagnostic] = []
        if isinstance(data.get("nav"), list):
            data["nav"] = annotate_sections([self._nav_block(block, lang, found) for block in data["nav"]
                                             if isinstance(block, dict)])
        elif "nav" not in data:  # no data/nav*.yml: the content tree, in the same shape
            data["nav"] = annotate_sections([self._nav_block(block, lang, found)
                                             for block in content_nav(self.site, lang)])
        else:  # an empty data/nav.yml: no menu
            data["nav"] = []
        if isinstance(data.get("notices"), list):
            data["notices"] = unique_anchors([self._notice(item, lang, index)
                                              for index, item in enumerate(data["notices"]) if isinstance(item, dict)])
        else:
            data["notices"] = []
        self._data_views[lang] = data
        self._data_problems[lang] = tuple(dict.fromkeys(found))
        problems.extend(self._data_problems[lang])
        return data

    def _nav_link(self, entry: dict, lang: str, problems: list[Diagnostic]) -> dict:
        url = entry.get("url")
        result = {key: value for key, value in entry.items() if key != NAV_ORIGIN}
        if isinstance(result.get("name"), str):
            result["name"] = Markup(result["name"])  # trusted inline HTML, like page titles
        result["is_fallback"] = False
        result["source_lang"] = None
        result["external"] = False
        result["contents"] = []
        if url:
            resolved = self.site.resolve(str(url), None, lang)
            if resolved is None:
                result["url"] = str(url)
                path, line = nav_origin(entry)
                problems.append(warning(path or "data", line, f"navigation link target not found: `{url}`",
                                        hint="write the page's URL path (`/zoom/account/`) or its Markdown file "
                                             "(`/zoom/account.md`)", rule="broken-link"))
            elif not resolved.internal:
                result["external"] = True
                result["url"] = resolved.url
            else:
                result["url"] = resolved.url
                # leads to content in another language: a fallback page, or (with
                # `fallback: redirect` / `none`) the original itself
                target = resolved.route
                shown = target.page if target is not None and target.kind in (FALLBACK, REDIRECT, PAGE) else None
                if shown is not None and (target.kind == FALLBACK or shown.lang != lang):
                    result["is_fallback"] = True
                    result["source_lang"] = shown.lang
        else:
            result["url"] = None
        return result

    def _nav_block(self, block: dict, lang: str, problems: list[Diagnostic]) -> dict:
        result = self._nav_link(block, lang, problems)
        result["contents"] = [self._nav_link(entry, lang, problems)
                              for entry in block.get("contents") or [] if isinstance(entry, dict)]
        return result

    def _notice(self, item: dict, lang: str, index: int = 0) -> dict:
        from .markdown import render_inline

        content = render_inline(str(item.get("content", "")), lang=lang, **self.config.markdown.as_kwargs())
        content = self.resolve_body(content, None, lang, [])
        date = as_date_text(item.get("date")) or ""
        # the same anchor in every language: from the default language's text of this notice
        originals = self.site.data.get(self.config.default_language, {}).get("notices")
        original = originals[index] if isinstance(originals, list) and index < len(originals) else None
        if not (isinstance(original, dict) and as_date_text(original.get("date")) == date):
            original = item
        return {
            "date": date,
            "date_text": self.docs.date_text(date, lang) if date else "",
            "anchor": notice_anchor(date, str(original.get("content", ""))),
            "content": Markup(content),
            "important": bool(item.get("important", False)),
            "outdated": bool(item.get("outdated", False)),
        }
