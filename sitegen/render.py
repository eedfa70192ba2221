"""Render one route to bytes with Jinja2.

The environment loads the site's ``templates/`` over the theme's
(``sitegen/theme/templates``), file by file.  Templates receive objects
(:class:`PageView`, :class:`SiteView`), never re-shaped dicts.  Rendering a
route reads nothing but templates, so routes render independently.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

from . import faq
from .assets import Asset
from .body_links import BodyLinks
from .content_templates import ContentUndefined, limit_nesting
from .docsite.views import DocViews
from .errors import BuildError, Diagnostic, error, warning
from .faq_views import FaqCategoryView, FaqEntryView, FaqView, FaqViews, related_entries  # noqa: F401 (views of the FAQ)
from .frontmatter import toc_depth
from .htmltext import strip_tags
from .i18n import is_stale_function, original_of
from .markdown import Heading
from .nav_views import NavViews
from .page_views import Alternate, Crumb, PageView, SiteView, SwitchEntry, Urls  # noqa: F401 (what templates receive)
from .sandbox import SANDBOX_HINT, SecurityError, TemplateSandbox
from .sandbox_limits import bounded_parts
from .sidebar import Sidebars
from .site import FALLBACK, GENERATED, PAGE, REDIRECT, Route, Site
from .sitepaths import link_problem, site_template_loader

THEME_TEMPLATES = Path(__file__).parent / "theme" / "templates"
# the theme's layouts a page may choose (`layout: home`), and its templates a
# page may not: the skeleton and the layouts of generated pages
PAGE_LAYOUTS = ("home", "page")
INTERNAL_LAYOUTS = ("base", "404", "redirect", "search", "translation_status",
                    faq.INDEX_LAYOUT, faq.CATEGORY_LAYOUT, faq.ENTRY_LAYOUT)

_EXTERNAL_A = re.compile(r"^https?://|^//")


# --- the renderer ------------------------------------------------------------

class Renderer(FaqViews, NavViews, BodyLinks):
    def __init__(self, site: Site, assets: dict[str, Asset], generator: str, report=None):
        self.site = site
        self.config = site.config
        self.urls = Urls(site.config, assets)
        self.generator = generator
        self.report = report
        self.is_stale = is_stale_function(report) if report is not None else (lambda page: False)
        loaders = []
        site_templates = site.config.root / "templates"
        check_template_files(site_templates)
        if site_templates.is_dir():
            loaders.append(site_template_loader(site_templates, site.config.root))
        loaders.append(jinja2.FileSystemLoader(str(THEME_TEMPLATES)))
        self.env = TemplateSandbox(  # layouts and the theme are sandboxed too (sitegen.sandbox)
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=jinja2.select_autoescape(["html", "xml", "htm"]),
            # as strict as page bodies (content_templates.ContentUndefined): printing
            # or looping over an undefined value is an error naming the template's
            # file and line; `{% if page.x %}`, `is defined` and `| default` still work
            undefined=ContentUndefined,
            auto_reload=False,  # one renderer per build (and per serve rebuild): no stat per include
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.loopcontrols"],
        )
        limit_nesting(self.env)
        self.env.filters["relative_url"] = self.urls.url
        self.env.filters["absolute_url"] = self.urls.absolute_url
        self.env.globals.update(url=self.urls.url, absolute_url=self.urls.absolute_url, asset=self.urls.asset)
        if report is not None:
            # the editors' status page (layout translation_status) lists these
            self.env.globals["translation_status"] = report.to_json(site)
        self._data_views: dict[str, dict] = {}
        self._data_problems: dict[str, tuple[Diagnostic, ...]] = {}
        self.docs = DocViews(site, self.urls, site.strings)  # one git pass, before render workers fork
        self.env.filters["date_text"] = self.docs.date_text
        self._site_views = {lang.code: self._site_view(lang.code) for lang in self.config.languages}
        self._link_problems: dict[tuple, Diagnostic] = {}
        self._links_by_href: dict[str, dict] = {}  # page source -> unquoted href -> its first LinkRef
        self._faq_cache: dict[str, tuple] = {}
        self._answer_problems: list[Diagnostic] = []
        self._ids_cache: dict[str, frozenset] = {}
        self.sidebars = Sidebars(self.env, THEME_TEMPLATES)

    #: Everything an instance holds.  ``serve`` keeps a renderer from one save
    #: to the next only while it holds nothing else, since :meth:`forget` is
    #: what brings the rest up to date: a new attribute is declared here and,
    #: if it remembers pages, forgotten there.
    STATE = frozenset({
        "site", "config", "urls", "generator", "report", "is_stale", "env", "_data_views", "_data_problems", "docs",
        "_site_views", "_link_problems", "_links_by_href", "_faq_cache", "_answer_problems", "_ids_cache",
        "sidebars",
    })

    def forget(self, pages, urls, titles: bool, entries: bool) -> None:
        """Forget what was remembered of ``pages``, patched into the site by a
        ``serve`` save: their links and the ids of ``urls`` (their routes);
        the FAQ lists when an FAQ entry or a title changed; the navigation
        and data views when a title did."""
        for page in pages:
            self._links_by_href.pop(page.source.display, None)
        for url in urls:
            self._ids_cache.pop(url, None)
        if entries or titles:
            self._faq_cache.clear()
        if titles:
            self._data_views.clear()
            self._data_problems.clear()

    # -- public -----------------------------------------------------------------
    def layout_exists(self, layout: str) -> bool:
        try:
            self.env.get_template(f"{layout}.html")
            return True
        except jinja2.TemplateNotFound:
            return False
        except jinja2.TemplateSyntaxError:
            return True  # reported when rendering

    def render(self, route: Route) -> tuple[bytes, list[Diagnostic]]:
        """The route's file, and its problems (``b""`` when it cannot be made)."""
        parts: list[str] = []
        made, problems = self.render_to(route, parts.append)
        return ("".join(parts).encode("utf-8") if made else b""), problems

    def render_to(self, route: Route, write: Callable[[str], Any]) -> tuple[bool, list[Diagnostic]]:
        """Render the route's file into ``write``, part by part as it is made
        (a large FAQ listing is never whole in memory): whether it could be
        made (otherwise what was written is to be thrown away), and its
        problems.  What ``write`` raises is raised."""
        problems: list[Diagnostic] = []
        view = self.page_view(route, problems)
        layout = view.layout
        template_name = f"{layout}.html"
        context = {
            "page": view,
            "site": self._site_views[route.lang],
            "lang": route.lang,
            "home_url": self.config.language(route.lang).home_url,
            "data": self.data_view(route.lang, problems),
            "t": self.translator(route.lang),
        }
        sidebar = self.sidebars.for_page(context)
        if sidebar is not None:
            context["sidebar_html"] = sidebar
        owner = route.page.source.display if route.page is not None else route.url
        try:
            template = self.env.get_template(template_name)
            last = ""
            for part in bounded_parts(template.generate(context)):
                if part:
                    try:
                        write(part)
                    except BaseException as exc:
                        raise _WriteFailed(exc) from None
                    last = part
        except _WriteFailed as failed:
            raise failed.error from None
        except jinja2.TemplateNotFound as exc:
            if exc.name != template_name:
                filename, line = _layout_error_location(exc)
                problems.append(error(self._template_display(filename) if filename else owner, line,
                                      f"template `{exc.name}` not found while rendering layout `{layout}`",
                                      hint="add it to templates/ or fix the include/extends name", rule="template"))
                return False, problems
            line = route.page.line_of("layout") if route.page is not None else None
            problems.append(error(owner, line, f"unknown layout `{layout}` (no template `{template_name}`)",
                                  hint=f"use one of: {', '.join(self.layouts())}, or add templates/{template_name}",
                                  rule="unknown-layout"))
            return False, problems
        except jinja2.TemplateSyntaxError as exc:
            problems.append(error(self._template_display(exc.filename), exc.lineno,
                                  f"template syntax error: {exc.message}", rule="template"))
            return False, problems
        except Exception as exc:  # template runtime errors are the site author's to fix
            filename, line = _layout_error_location(exc)
            message = re.sub(r"'sitegen\.(?:render|page_views|faq_views)\.(\w+)View object'", lambda m: f"`{m.group(1).lower()}`", str(exc))
            problems.append(error(self._template_display(filename) if filename else owner, line,
                                  f"template error while rendering {route.url}: {message}",
                                  hint=getattr(exc, "hint", SANDBOX_HINT) if isinstance(exc, SecurityError) else
                                  "front-matter keys are `page.<key>`; test optional values with `{% if page.x %}`",
                                  rule="template"))
            return False, problems
        if not last.endswith("\n"):
            write("\n")
        return True, problems

    def feeds(self) -> dict[str, bytes]:
        """The notices' Atom feed of every language that has notices (``feed.xml``)."""
        return self.docs.feeds(self.config.title_for, lambda lang: self.data_view(lang, []), self.generator,
                               self._home_shows_notices)

    def _home_shows_notices(self, lang: str) -> bool:
        route = self.site.routes.get(self.config.language(lang).home_url)
        if route is None or route.kind in (REDIRECT, GENERATED):
            return False
        return (route.layout or (route.page.layout if route.page is not None else "page")) == "home"

    def language_name(self, code: str, reader_lang: str) -> str:
        """A language's name in the reader's language ("Japanese" for English readers)."""
        name = self.site.strings.bundles.get(reader_lang, {}).get(f"lang_{code}")
        return name or self.config.language(code).name

    def layouts(self) -> list[str]:
        return page_layouts(self.config.root)

    def translator(self, lang: str) -> Callable[..., str]:
        strings = self.site.strings

        def t(key: str, **values) -> str:
            return strings.get(lang, key, **values)
        return t

    # -- views ------------------------------------------------------------------
    def _site_view(self, lang: str) -> SiteView:
        config = self.config
        return SiteView(
            title=config.title_for(lang),
            description=config.description.get(lang) or config.description.get(config.default_language, ""),
            languages=config.languages,
            default_language=config.default_language,
            params=config.params,
            base_url=config.base_url,
            generator=self.generator,
            config=config,
            theme=self.docs.theme_view(lang),
            feed_url=self.docs.feed_url(lang, self.data_view(lang, [])["notices"]),
        )

    def page_view(self, route: Route, problems: list[Diagnostic]) -> PageView:
        site, config = self.site, self.config
        page = route.page
        front = dict(page.front) if page is not None else {}
        extra = dict(route.extra)
        if route.kind == GENERATED:
            front = {}
        if route.kind == GENERATED:  # a label or UI string: text, escaped like everywhere else
            title = escape(self._generated_title(route))
        else:
            title = Markup(page.title if page else "")  # page titles are inline HTML
        layout = route.layout or (page.layout if page is not None else "page")
        if route.kind == REDIRECT:
            layout = "redirect"
        content = ""
        toc: tuple[Heading, ...] = ()
        if page is not None and route.kind in (PAGE, FALLBACK):
            content = self.docs.images.apply(self.resolve_page(page, route.lang, problems))
            depth = toc_depth(page.front)
            toc = tuple(h for h in page.headings if 2 <= h.level <= depth and h.id)
        switch = site.switcher(route)
        names = {lang.code: lang.name for lang in config.languages}
        here = self._ids(route)
        switcher = tuple(SwitchEntry(code, names[code], url, code == route.lang, real,
                                     self._shared_ids(here, url) if code != route.lang else ())
                         for code, url, real in switch)
        alternates: tuple[Alternate, ...] = ()
        canonical_path = route.url
        source_url = None
        if route.kind == FALLBACK and page is not None:
            source_url = site.page_route(page).url
            canonical_path = source_url
        elif route.kind == GENERATED and extra.get("alternates"):
            alternates = tuple(Alternate(code, self.urls.absolute_url(url)) for code, url in extra["alternates"])
        elif route.kind in (PAGE, GENERATED):
            alternates = tuple(Alternate(code, self.urls.absolute_url(url))
                               for code, url in site.hreflang_alternates(route))
        stale = False
        notice_lang = route.source_lang  # the language the notice names
        if route.kind == PAGE and page is not None and self.is_stale(page):
            stale = True
            original = original_of(site, page.key)
            if original is not None:
                source_url = site.page_route(original).url
                notice_lang = original.lang
        redirect_to = None
        if route.kind == REDIRECT:
            redirect_to = route.redirect_to
            canonical_path = redirect_to or route.url
            if redirect_to and not urlsplit(redirect_to).scheme:
                resolved = site.resolve(redirect_to, page, route.lang)
                if resolved is not None and resolved.route is not None and resolved.route.kind == REDIRECT \
                        and resolved.route.page is page:
                    resolved = None  # a stub whose target is itself (`redirect_to: /x.md` in x.md)
                canonical_path = resolved.url if resolved else redirect_to
                if resolved is None and page is not None and page.front.get("redirect_to") == route.redirect_to:
                    # Jekyll writes the target as it is: a warning there, an error on native sites
                    report = warning if self.config.jekyll.compat == "jekyll" else error
                    problems.append(report(page.source.display, page.line_of("redirect_to"),
                                          f"`redirect_to` leads to no page: `{route.redirect_to}`",
                                          hint="write the target's Markdown file (`../faq/index.md`), its URL path "
                                               "(`/faq/`) or a full https:// URL", rule="broken-redirect"))
                redirect_to = self.urls.url(canonical_path)
        if layout in (faq.INDEX_LAYOUT, faq.CATEGORY_LAYOUT, faq.ENTRY_LAYOUT) and route.kind != REDIRECT:
            extra["faq"] = self.faq_view(route, layout, problems)
        show_toc = bool(toc) and len(toc) >= 2 and front.get("toc", True) is not False and layout not in ("home", "redirect")
        crumbs = self.breadcrumbs(route, problems)
        docs = self.docs.page_fields(route, page, front, layout, crumbs, self.data_view(route.lang, [])["nav"],
                                     is_home=route.url == config.language(route.lang).home_url)
        return PageView(
            title=title,
            title_text=strip_tags(title),
            description=front.get("description") or extra.get("description"),
            content=Markup(content),
            url=route.url,
            lang=route.lang,
            source_lang=route.source_lang,
            layout=layout,
            toc=toc,
            show_toc=show_toc,
            breadcrumbs=crumbs,
            is_fallback=route.kind == FALLBACK,
            source_url=source_url,
            source_language_name=self.language_name(notice_lang, route.lang) if route.kind == FALLBACK or stale else None,
            is_stale=stale,
            switcher=switcher,
            alternates=alternates,
            canonical=self.urls.absolute_url(canonical_path) if not urlsplit(canonical_path).scheme else canonical_path,
            updated=docs.pop("updated", None),
            redirect_to=redirect_to,
            noindex=route.kind in (FALLBACK, REDIRECT) or bool(front.get("noindex")) or bool(extra.get("noindex")),
            target_blank=front.get("target_blank", True) is not False,
            front=front,
            source=page,
            extra=extra,
            **docs,
        )

    def _ids(self, route: Route) -> frozenset:
        """The ids a reader can link to on a route: its body's (headings with
        stable ids, ``{: #id}``) and, on FAQ index and category pages, the
        entry anchors (file names) and category anchors."""
        cached = self._ids_cache.get(route.url)
        if cached is not None:
            return cached
        ids: set[str] = set()
        page = route.page
        if page is not None and route.kind in (PAGE, FALLBACK):
            ids.update(page.ids)  # every id (and <a name>) of the rendered body, found once at parse time
        layout = route.layout or (page.layout if page is not None else None)
        if route.kind != REDIRECT and layout in (faq.INDEX_LAYOUT, faq.CATEGORY_LAYOUT):
            category = dict(route.extra).get("faq_category") if layout == faq.CATEGORY_LAYOUT else None
            for entry in faq.entries_for(self.site, route.lang):
                if category is None or entry.category == category:
                    ids.add(entry.name)
            if category is None:
                ids.update(f"category-{c.key}" for c in self.config.faq_categories)
        ids.discard("")
        self._ids_cache[route.url] = frozenset(ids)
        return self._ids_cache[route.url]

    def _shared_ids(self, here: frozenset, url: str) -> tuple[str, ...]:
        target = self.site.routes.get(url)
        if target is None or not here:
            return ()
        return tuple(sorted(here & self._ids(target)))

    def _template_display(self, filename: str | None) -> str:
        if not filename:
            return "templates"
        path = Path(filename)
        for base in (self.config.root, THEME_TEMPLATES.parent.parent.parent):
            try:
                return path.resolve().relative_to(base.resolve()).as_posix()
            except ValueError:
                continue
        return path.as_posix()


class _WriteFailed(Exception):
    """What the writer of :meth:`Renderer.render_to` raised, on its way out."""

    def __init__(self, error: BaseException):
        super().__init__(error)
        self.error = error


def page_layouts(root: Path) -> list[str]:
    """The layouts a page may choose with ``layout:``: the theme's page
    layouts and the site's own top-level templates, not the templates of
    generated pages (FAQ, redirects, 404, search, translation status)."""
    names = set(PAGE_LAYOUTS)
    site_templates = Path(root) / "templates"
    if site_templates.is_dir():
        for path in site_templates.glob("*.html"):
            name = path.name[: -len(".html")]
            if not name.startswith(("_", ".")) and name not in INTERNAL_LAYOUTS:
                names.add(name)
    return sorted(names)


def check_template_files(folder: Path) -> None:
    """Every file under ``templates/`` must be UTF-8 text: a :class:`BuildError`
    naming the file and line otherwise (Jinja would fail on whichever page
    first used it, with a codec message)."""
    problems = []
    root = folder.parent.resolve()
    for path in [folder] + (sorted(folder.rglob("*")) if folder.is_dir() and not folder.is_symlink() else []):
        refused = link_problem(path, root) if path.is_symlink() else None
        if refused is not None:
            shown = path.relative_to(root).as_posix()
            problems.append(error(shown, None, f"`{shown}` {refused[0]}", hint=refused[1], rule="symlink"))
    if problems:
        raise BuildError(problems)
    if not folder.is_dir():
        return
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(error(f"templates/{path.relative_to(folder).as_posix()}", data[: exc.start].count(b"\n") + 1,
                                  "the file is not UTF-8 text", hint="save it as UTF-8", rule="encoding"))
    if problems:
        raise BuildError(problems)


def _layout_error_location(exc: BaseException) -> tuple[str | None, int | None]:
    tb = exc.__traceback__
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml")):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
