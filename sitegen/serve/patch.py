"""A saved page, patched into the site in memory.

The common save in ``sitegen serve`` changes one page's body (or its title)
and nothing else.  Re-assembling the whole site for it, and comparing every
route's view, costs time in proportion to the site; this module answers such
a save in proportion to what it changed:

1. the changed paths are pages the site already has (not new, not deleted,
   not included by another page, no page with computed includes), on a
   native site (no Liquid site index, no one-page FAQ), with no errors;
2. each is parsed again; its new :class:`~sitegen.page.Page` may differ from
   the one in the site only in its body (HTML, headings, ids, links, body
   hash) and its title, with the same parse diagnostics;
3. the page object in the site is updated in place (every route, translation
   set and FAQ entry holding it sees the new body), and the renderer of the
   last complete rebuild is kept, its caches of those pages dropped;
4. only the routes that read the page are compared (see :func:`candidates`):
   the routes of its translation key (the page, its counterparts' switchers
   and staleness notices, its fallback copies), the FAQ pages when it is an
   entry, the pages under it when its title (a breadcrumb) changed, the
   translation status page when the status changed; their views decide what
   is rendered, exactly as in a complete rebuild.

Anything else (and anything doubtful: the per-language navigation changed,
the renderer holds state this module does not know) is a complete rebuild.
With ``verify`` (the tests), every patched rebuild is checked against a
complete comparison of every route and of the site files.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

from .. import faq
from ..build import parse_all, site_files
from ..content_templates import include_roots
from ..discover import PAGE
from ..i18n import is_stale_function, report_json_bytes, translation_report
from ..jekyll import is_compat
from ..parse import ParseResult
from ..faq_views import RELATED_LIMIT
from .hashing import include_dependencies
from .views import ViewRenderer, status_view

# Page fields a patch may change; any other difference is a complete rebuild
BODY_FIELDS = ("html_z", "refs_z", "ids", "body_hash")
PATCHABLE = frozenset(BODY_FIELDS + ("title",))
STATUS_LAYOUT = "translation_status"


@dataclasses.dataclass
class RouteIndex:
    """Which routes read what, for one assembled site."""

    by_key: dict  # translation key -> urls of the routes showing a page of that key
    faq_routes: tuple  # (url, layout, category or None) of the FAQ index, category and entry routes
    status_routes: tuple  # urls of the translation status routes
    sources: dict  # absolute path -> SourceFile, of the site's pages
    included: frozenset  # absolute paths some page includes
    dynamic: bool  # a page has includes whose name is computed


def route_index(engine) -> RouteIndex:
    if engine.route_index is not None:
        return engine.route_index
    by_key: dict[str, list[str]] = {}
    faq_routes, status_routes = [], []
    for url, route in engine.site.routes.items():
        page = route.page
        if page is not None:
            by_key.setdefault(page.key, []).append(url)
        layout = route.layout or (page.layout if page is not None else None)
        if layout in (faq.INDEX_LAYOUT, faq.CATEGORY_LAYOUT, faq.ENTRY_LAYOUT):
            category = page.front.get("category") if layout == faq.ENTRY_LAYOUT and page is not None else None
            faq_routes.append((url, layout, category if isinstance(category, str) else None))
        if layout == STATUS_LAYOUT:
            status_routes.append(url)
    included: set[str] = set()
    dynamic = False
    for paths, computed, _ in engine.deps.values():
        included.update(os.path.abspath(p) for p in paths)
        dynamic = dynamic or computed
    sources = {os.path.abspath(f.path): f for f in engine.files if f.kind == PAGE}
    engine.route_index = RouteIndex({k: tuple(v) for k, v in by_key.items()}, tuple(faq_routes),
                                    tuple(status_routes), sources, frozenset(included), dynamic)
    return engine.route_index


def difference(old, new) -> set[str] | None:
    """The fields in which two versions of a page differ; None when one of
    them is not :data:`PATCHABLE`."""
    if type(old) is not type(new):
        return None
    changed = {f.name for f in dataclasses.fields(old) if getattr(old, f.name) != getattr(new, f.name)}
    if "front" in changed:  # the title is in the front matter too: only it may differ
        before, after = dict(old.front), dict(new.front)
        before.pop("title", None), after.pop("title", None)
        if before != after or list(old.front) != list(new.front):
            return None
        changed.add("title")
        changed.discard("front")
        return changed | {"front"} if changed <= PATCHABLE else None
    return changed if changed <= PATCHABLE else None


def _usable(engine) -> bool:
    renderer, viewer = engine.renderer, engine.viewer
    return (engine.site is not None and renderer is not None and viewer is not None and not engine.global_error
            and not engine.errors and not engine.failed and engine.context is not None
            and engine.context.site_index is None and not is_compat(engine.config)
            and set(vars(renderer)) <= renderer.STATE and set(vars(viewer)) <= viewer.STATE)


def rebuild(engine, report, paths: list[str]) -> bool:
    """Bring the engine up to date for a save of ``paths``, if it is a
    patchable one (True); False: nothing was done, rebuild completely."""
    if not _usable(engine):
        return False
    index = route_index(engine)
    if index.dynamic:
        return False
    hasher = engine._hasher
    todo = []
    for path in dict.fromkeys(paths):
        source = index.sources.get(path)
        if source is None or path in index.included or not os.path.isfile(path):
            return False
        digest = hasher.sha(Path(path))
        known = engine.parsed.get(source)
        if digest is None or known is None or known[1].page is None:
            return False
        if digest != known[0]:
            todo.append((source, digest))
    if not todo:  # saved without a change
        engine.collect_problems(report, [f for f in engine.files if f.kind == PAGE])
        return True
    config = engine.config
    changes = []
    for (source, digest), result in zip(todo, parse_all([s for s, _ in todo], engine.context, 1)):
        old_result = engine.parsed[source][1]
        old = old_result.page
        if result.page is None or result.diagnostics != old_result.diagnostics:
            return False
        names = difference(old, result.page)
        if names is None or (old.draft and not engine.options.drafts):
            return False
        included, computed = include_dependencies(
            source.path, include_roots(config.content_dir, source.lang, config.default_language))
        if included or computed:
            return False
        changes.append((source, digest, old, result, names))

    retitled = [old for _, _, old, _, names in changes if "title" in names and faq.is_entry(old)]
    before = faq_orders(engine.viewer, engine.config.language_codes) if retitled else {}
    hashes = {id(old): old.body_hash for _, _, old, _, _ in changes}

    # the point of no return: the site's page objects take the new versions
    pages = []
    for source, digest, old, result, names in changes:
        for name in names:
            object.__setattr__(old, name, getattr(result.page, name))
        engine.parsed[source] = (digest, ParseResult(old, result.diagnostics))
        engine.good[source] = old
        engine.deps[source] = ((), False, ())
        pages.append((old, names))
    report.reparsed = len(changes)
    return _rerender(engine, report, index, pages, before, hashes)


def _forget(renderer, index: RouteIndex, pages) -> None:
    """Drop what a kept renderer remembers of the patched pages."""
    renderer.forget([page for page, _ in pages], [url for page, _ in pages for url in index.by_key.get(page.key, ())],
                    titles=any("title" in names for _, names in pages),
                    entries=any(faq.is_entry(page) for page, _ in pages))


def faq_orders(viewer, languages) -> dict:
    """lang -> category -> the entries' (name, url) in their order, as the FAQ lists them."""
    orders = {}
    for lang in languages:
        orders[lang] = {g.key: [(e.name, e.url) for e in g.entries] for g in viewer._faq_groups(lang, [])}
    return orders


def _neighbours(orders: dict, name: str) -> set[str]:
    """The entry pages whose related list (sitegen.render.related_entries) can
    show the entry ``name``: those near it in its category's order."""
    reach = RELATED_LIMIT + 1
    urls = set()
    for categories in orders.values():
        for entries in categories.values():
            at = next((i for i, (n, _) in enumerate(entries) if n == name), None)
            if at is not None:
                urls.update(url for _, url in entries[max(0, at - reach):at + reach + 1])
    return urls


def candidates(engine, index: RouteIndex, pages, status_changed: bool, before: dict, after: dict) -> list[str]:
    """The routes whose view can show something of the patched pages."""
    site = engine.site
    narrow = engine.viewer.narrow_faq
    urls: dict[str, None] = {}
    for page, names in pages:
        urls.update(dict.fromkeys(index.by_key.get(page.key, ())))
        if faq.is_entry(page) or "title" in names:
            # the index and category pages show every entry; an entry page shows the
            # questions of its neighbours (its own answer is on the routes of its key)
            name = faq.entry_name(page) if faq.is_entry(page) else None
            near = _neighbours(before, name) | _neighbours(after, name) if name and "title" in names else set()
            urls.update(dict.fromkeys(
                url for url, layout, _ in index.faq_routes
                if layout != faq.ENTRY_LAYOUT or not narrow or url in near))
        if "title" in names:  # a breadcrumb of every page under it
            for url in index.by_key.get(page.key, ()):
                if url.endswith("/"):
                    urls.update(dict.fromkeys(u for u in site.routes if u.startswith(url)))
    if status_changed:
        urls.update(dict.fromkeys(index.status_routes))
    return [u for u in urls if u in site.routes]


def _status(engine, pages, hashes: dict):
    """(report, its JSON, translation-status.json) after the patch.  A body
    changes the status of no translation unless one of its key is stamped
    with a source hash: then the report is made again; otherwise only the
    source hashes of the page's rows change, in the JSON and in the file."""
    site, report = engine.site, engine.page_report
    hashed = [page for page, names in pages if "body_hash" in names]
    if not hashed:
        return report, engine.status_json, engine.outputs.get("translation-status.json")
    if any(p.front.get("source_hash") not in (None, "") for page in hashed
           for p in site.by_key.get(page.key, {}).values()) or not isinstance(engine.status_json, dict):
        report = translation_report(site)
        return report, report.to_json(site), report_json_bytes(report, site)
    ids = {id(page) for page in hashed}
    rows = list(engine.status_json["pages"])
    data = engine.outputs.get("translation-status.json") or b""
    for at, translation in enumerate(report.translations):
        if id(translation.source) in ids:
            rows[at] = {**rows[at], "source_hash": translation.source.body_hash}
    for page in hashed:
        old, new = (json.dumps(h).encode() for h in (hashes[id(page)], page.body_hash))
        expected = sum(1 for t in report.translations if t.source is page)
        if data.count(old) != expected or old == new:  # the hash is not only there: write it all again
            data = None
            break
        data = data.replace(old, new)
    status_json = {**engine.status_json, "pages": rows}
    return report, status_json, data if data is not None else report_json_bytes(report, site)


def _rerender(engine, report, index: RouteIndex, pages, before: dict, hashes: dict) -> bool:
    site, renderer, viewer = engine.site, engine.renderer, engine.viewer
    for kept in (renderer, viewer):
        _forget(kept, index, pages)
    page_report, status_json, status_file = _status(engine, pages, hashes)
    status_changed = status_json != engine.status_json
    if status_changed:
        renderer.report = viewer.report = page_report
        renderer.is_stale = viewer.is_stale = is_stale_function(page_report)
        renderer.env.globals["translation_status"] = status_json
    if any("title" in names for _, names in pages):
        data_views = {code: viewer.data_view(code, []) for code in engine.config.language_codes}
        if data_views != engine.data_views:  # the navigation shows it: every page of the language
            return _complete(engine, report)
    after = faq_orders(viewer, engine.config.language_codes) if before else {}
    if page_report is engine.page_report and viewer.narrow_faq:  # only source hashes, which the theme's page hides
        shown_changed = False
    else:
        shown_changed = status_changed and status_view(site, status_json) != status_view(site, engine.status_json)
    fingerprints, todo = {}, []
    for url in candidates(engine, index, pages, shown_changed, before, after):
        route = site.routes[url]
        fingerprint = fingerprints[url] = viewer.fingerprint(route)
        if (engine.fingerprints.get(url) != fingerprint
                or (shown_changed and getattr(fingerprint, "layout", None) == STATUS_LAYOUT)):
            todo.append(route)
    # in this process: forking a process this size costs more than the few hundred pages a save can reach
    engine.render_routes(renderer, todo, fingerprints, report, fork=False)
    engine.status_json, engine.page_report = status_json, page_report
    if status_file is not None and engine.outputs.get("translation-status.json") != status_file:
        engine.outputs["translation-status.json"] = status_file
        report.changed.append("translation-status.json")
    engine.collect_problems(report, [f for f in engine.files if f.kind == PAGE])
    if engine.verify:
        verify(engine)
    return True


def _complete(engine, report) -> bool:
    """A patch that turned out to reach every page: the complete rebuild (the
    site's pages are already the new versions; nothing is parsed again)."""
    engine.route_index = None
    return False


def verify(engine) -> None:
    """Every route's view and every site file, computed from scratch, equal
    what the engine keeps (raises AssertionError naming the first that does not)."""
    site = engine.site
    fresh = translation_report(site)
    assert fresh.to_json(site) == engine.status_json, "the translation status is out of date"
    viewer = ViewRenderer(site, engine.assets, fresh, {})
    for url, route in site.routes.items():
        if url in engine.failed:  # rendered with errors: rendered again next time
            continue
        fingerprint = viewer.fingerprint(route)
        assert engine.fingerprints.get(url) == fingerprint, f"the view of {url} changed, but it was not rendered"
    renderer = type(engine.renderer)(site, engine.assets, engine.renderer.generator, report=fresh)
    for rel, body in site_files(site, renderer, fresh).items():
        assert engine.outputs.get(rel) == body, f"{rel} is out of date"
