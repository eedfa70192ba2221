"""What the incremental engine renders with: the normal renderer (per-route
diagnostics), the view renderer whose page views are the routes'
fingerprints, the link signature, and the compiled templates kept between
rebuilds."""

from __future__ import annotations

import jinja2

from .. import faq
from ..build import GENERATOR
from ..errors import Diagnostic
from ..i18n import is_stale_function
from ..render import Renderer
from ..site import Route, Site


class RouteRenderer(Renderer):
    """The normal renderer; a route's diagnostics are complete on their own
    (the base class reports a broken link once per renderer, and the engine
    keeps diagnostics per route)."""

    def render(self, route: Route):
        self._link_problems = {}
        return super().render(route)


class ViewRenderer(Renderer):
    """Computes what a route's template receives, without rendering: the
    route's fingerprint.  The FAQ view (every entry of the language, per FAQ
    route) is replaced by a signature computed once per language."""

    def __init__(self, site: Site, assets: dict, report, resolved: dict | None = None):
        super().__init__(site, assets, GENERATOR, report=None)  # no status JSON: not needed here
        self.report = report
        self.is_stale = is_stale_function(report)
        self._faq_signatures: dict[str, tuple] = {}
        # (id(page), lang) -> (page, body with links resolved), kept by the
        # engine while the site's link targets stay the same (see link_signature)
        self._resolved = resolved if resolved is not None else {}

    def resolve_body(self, body, page, lang, problems):
        if page is None or body is not page.html:
            return super().resolve_body(body, page, lang, problems)
        cached = self._resolved.get((id(page), lang))
        if cached is not None and cached[0] is page:
            return cached[1]
        resolved = super().resolve_body(body, page, lang, problems)
        self._resolved[(id(page), lang)] = (page, resolved)
        return resolved

    def faq_view(self, route: Route, layout: str, problems: list[Diagnostic]):
        lang = route.lang
        signature = self._faq_signatures.get(lang)
        if signature is None:
            rows = []
            for entry in faq.entries_for(self.site, lang):
                target = self.site.route_for_key(entry.key, lang)
                rows.append((entry.name, entry.key, entry.category, entry.order, entry.is_fallback, entry.page,
                             target.url if target is not None else None,
                             self.resolve_body(entry.page.html, entry.page, lang, [])))
            signature = self._faq_signatures[lang] = tuple(rows)
        return ("faq", layout, signature)

    def fingerprint(self, route: Route):
        try:
            return self.page_view(route, [])
        except Exception:  # let the real render report it
            return object()


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

