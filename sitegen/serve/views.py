"""What the incremental engine renders with: the normal renderer (per-route
diagnostics), the view renderer whose page views are the routes'
fingerprints, the link signature, and the compiled templates kept between
rebuilds."""

from __future__ import annotations

import dataclasses
import hashlib

import jinja2

from .. import faq
from ..build import GENERATOR
from ..errors import Diagnostic
from ..i18n import is_stale_function
from ..faq_views import related_entries
from ..render import PageView, Renderer
from ..site import Route, Site, lang_url


class _Resolving:
    """Bodies with their links resolved, kept per (page, language) while the
    page object and its body stay the same (the engine drops the whole cache
    when the site's link targets change, see :func:`link_signature`); the
    link problems found on the way are kept with them and reported again."""

    _resolved: dict

    def resolve_page(self, page, lang, problems):
        cached = self._resolved.get((id(page), lang))
        # the body is known by its stored (compressed) bytes: a str read back is a new object each time
        if cached is not None and cached[0] is page and cached[1] is page.html_z:
            problems.extend(cached[3])
            return cached[2]
        found: list[Diagnostic] = []
        resolved = super().resolve_page(page, lang, found)
        problems.extend(found)
        self._resolved[(id(page), lang)] = (page, page.html_z, resolved, tuple(found))
        return resolved


class _FaqEntries:
    """An FAQ entry's view, kept for the renderer's life while its page (its
    object, body, title, front matter) and its place in the FAQ stay the
    same: a saved entry rebuilds its own view, not every entry's."""

    _entry_views: dict
    lazy_answers = False  # a view is kept and compared from one save to the next: its answer with it

    def _faq_entry_view(self, entry, lang, problems):
        page = entry.page
        stamp = (entry.name, entry.key, entry.category, entry.order, entry.is_fallback, page.title, page.front)
        cached = self._entry_views.get((lang, id(page)))
        if cached is not None and cached[0] is page and cached[1] is page.html_z and cached[2] == stamp:
            problems.extend(cached[4])
            return cached[3]
        found: list[Diagnostic] = []
        view = super()._faq_entry_view(entry, lang, found)
        problems.extend(found)
        self._entry_views[(lang, id(page))] = (page, page.html_z, stamp, view, tuple(found))
        return view


class RouteRenderer(_FaqEntries, _Resolving, Renderer):
    """The normal renderer; a route's diagnostics are complete on their own
    (the base class reports a broken link once per renderer, and the engine
    keeps diagnostics per route)."""

    def __init__(self, site: Site, assets: dict, generator: str, report=None, resolved: dict | None = None):
        self._resolved = resolved if resolved is not None else {}
        self._entry_views = {}
        super().__init__(site, assets, generator, report=report)

    STATE = Renderer.STATE | {"_resolved", "_entry_views"}  # both keyed by the page object and its body

    def render(self, route: Route):
        self._link_problems = {}
        return super().render(route)


def theme_templates_only(site: Site) -> bool:
    """Whether every layout is the theme's own (the site has no template of
    its own that could show more of the FAQ or the translation status than
    the theme's do)."""
    folder = site.config.root / "templates"
    return not folder.is_dir() or not any(folder.rglob("*.htm*"))


def status_view(site: Site, status_json):
    """What the translation status page shows of the status (with the theme's
    template: not the body hashes, which change with every edit of a source)."""
    if not isinstance(status_json, dict) or not theme_templates_only(site):
        return status_json
    hidden = ("source_hash", "stamped_hash")
    return {**status_json, "pages": [{k: v for k, v in row.items() if k not in hidden}
                                     for row in status_json.get("pages", ())]}


def _question_only(entry):
    return (entry.name, entry.anchor, entry.category, entry.question, entry.question_text, entry.url,
            entry.is_fallback, entry.lang, entry.language_name, entry.tags, entry.updated)


def _category_head(group):
    return (group.key, group.label, group.anchor, group.url, group.count)


class ViewRenderer(_FaqEntries, _Resolving, Renderer):
    """Computes what a route's template receives, without rendering: the
    route's fingerprint.

    FAQ layouts: with the theme's templates, each gets what its template
    shows (an entry page: its own entry, its category's heading and the
    questions of its category; a category page: its category in full and the
    other categories' headings; the index: everything), so an answer edited
    or a question renamed re-renders the pages that show it, not every FAQ
    page.  With a site's own templates, every FAQ route gets a signature of
    every entry of its language."""

    def __init__(self, site: Site, assets: dict, report, resolved: dict | None = None):
        self._resolved = resolved if resolved is not None else {}
        self._entry_views = {}
        super().__init__(site, assets, GENERATOR, report=None)  # no status JSON: not needed here
        self.report = report
        self.is_stale = is_stale_function(report)
        self._faq_signatures: dict[str, tuple] = {}
        self.narrow_faq = theme_templates_only(site)

    STATE = Renderer.STATE | {"_resolved", "_entry_views", "_faq_signatures", "narrow_faq"}

    def forget(self, pages, urls, titles: bool, entries: bool) -> None:
        super().forget(pages, urls, titles, entries)
        if entries or titles:
            self._faq_signatures.clear()

    def faq_view(self, route: Route, layout: str, problems: list[Diagnostic]):
        if self.narrow_faq:  # what Renderer.faq_view selects, without writing the JSON-LD (made of the same)
            lang = route.lang
            groups = self._faq_groups(lang, [])
            index_url = lang_url(self.config, lang, "/faq/")
            if layout == faq.ENTRY_LAYOUT:
                if route.page is None:
                    return ("faq", layout, index_url)
                name = faq.entry_name(route.page)
                entry = next((e for g in groups for e in g.entries if e.name == name), None)
                current = next((g for g in groups if entry is not None and g.key == entry.category), None)
                related = related_entries(current.entries, name) if current is not None else ()
                return ("faq", layout, index_url, entry, _category_head(current) if current is not None else None,
                        tuple(_question_only(e) for e in related))
            if layout == faq.CATEGORY_LAYOUT:
                key = dict(route.extra).get("faq_category")
                current = next((g for g in groups if g.key == key), None)
                return ("faq", layout, index_url, tuple(_category_head(g) for g in groups), current)
            return ("faq", layout, index_url, groups)
        lang = route.lang
        signature = self._faq_signatures.get(lang)
        if signature is None:
            rows = []
            for entry in faq.entries_for(self.site, lang):
                target = self.site.route_for_key(entry.key, lang)
                rows.append((entry.name, entry.key, entry.category, entry.order, entry.is_fallback, entry.page,
                             entry.page.title, target.url if target is not None else None,
                             self.resolve_page(entry.page, lang, [])))
            signature = self._faq_signatures[lang] = tuple(rows)
        return ("faq", layout, signature)

    def fingerprint(self, route: Route):
        """What the route's template receives; a page's HTML body is kept as
        its digest (the cache holds a fingerprint per route, and the bodies
        were most of its size)."""
        try:
            view = self.page_view(route, [])
        except Exception:  # let the real render report it
            return object()
        if isinstance(view, PageView):
            digest = hashlib.blake2b(str(view.content).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
            view = dataclasses.replace(view, content=digest)
        return view


def link_signature(site: Site) -> int:
    """What a link in a page body resolves against: the routes (URL, kind,
    language, page source and translation key, redirect target), the static
    files and the site's base path.  While it stays the same, an unchanged
    page's body resolves to the same HTML."""
    routes = tuple((url, route.kind, route.lang, route.redirect_to,
                    route.page.source.rel if route.page is not None else None,
                    route.page.lang if route.page is not None else None,
                    route.page.key if route.page is not None else None)
                   for url, route in site.routes.items())
    return hash((site.config.base_url, tuple(site.config.language_codes), site.config.default_language,
                 routes, tuple(site.statics)))


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates shared by the renderers of successive rebuilds
    (keyed by template name and source checksum, so edits recompile)."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()

