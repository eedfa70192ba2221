"""Incremental rebuilds: the engine behind ``sitegen serve`` and
``sitegen build --incremental``.

The engine keeps the whole site in memory between rebuilds: every parsed
page ({SourceFile: (content hash, ParseResult)}), the last good page of every
source, and every output ({relpath: bytes}).  A rebuild re-parses only the
files whose content changed, re-assembles the :class:`Site` from the updated
page set (cheap), and re-renders only the routes whose *inputs* changed.

What a route's output depends on is recorded, per route, as a fingerprint:
the :class:`PageView` the renderer computes for it (its page, resolved body
links, language switcher, alternates, breadcrumbs, staleness, fallback
source; FAQ layouts get a signature of every FAQ entry of their language
instead of the full FAQ view).  A template sees nothing else but the
per-language data view (nav, notices: compared per language), the UI strings,
the config and the assets (any change there re-renders everything) and the
``translation_status`` global (re-renders the status page).  So a route is
re-rendered exactly when something it shows could have changed; the result
is byte-identical to a clean build, which the tests check.

``build --incremental`` persists the same state in ``<source>/.sitegen-cache/``.
The cache is reused only by the same sitegen (version and code), the same
source folder and the same ``--base-url``/``--drafts``; it records the hashes
of the input groups (site.yml, data, i18n and the theme's strings, templates
and the theme, content partials, assets), and a group that changed since
re-parses or re-renders everything exactly as ``serve`` does.  Pages are
keyed by their content hash and by the files their body includes.  An
unreadable cache is a note and a build from scratch, never a failure.  The
cache is plain data (JSON with a version stamp, see :mod:`sitegen.cachefile`):
reading it runs no code; it is written again only when the build changed
something.
"""


from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..assets import collect_assets
from ..build import (GENERATOR, PARALLEL_THRESHOLD, BuildOptions, BuildResult, model_site, output_copies,
                     parse_all, parse_context, site_files, source_files, write_output)
from ..config import CONFIG_FILE, base_url_diagnostics, load_config
from ..content_templates import include_roots
from ..data import DATA_DIR, load_data
from ..discover import PAGE, PARTIAL, SourceFile
from ..errors import ERROR, BuildError, Diagnostic, display_path
from ..i18n import translation_report
from ..parse import ParseResult, url_path
from ..render import THEME_TEMPLATES, Renderer
from ..site import Route, Site, lang_url
from ..strings import THEME_DIR, load_strings
from . import inplace, manifest, patch
from .cache import CacheMixin
from .layout import CACHE_DIR
from .hashing import Hasher, include_dependencies
from .views import MemoryBytecodeCache, RouteRenderer, ViewRenderer, link_signature, status_view

STATUS_LAYOUT = "translation_status"
VERIFY = os.environ.get("SITEGEN_VERIFY_INCREMENTAL") == "1"


@dataclass
class RebuildReport:
    rendered: list[str] = field(default_factory=list)  # URLs passed to Renderer.render
    changed: list[str] = field(default_factory=list)  # output paths whose bytes changed (or were added)
    removed: list[str] = field(default_factory=list)  # output paths that no longer exist
    seconds: float = 0.0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)  # changed input files, as an editor reads them
    full: bool = False  # every route was re-rendered (first build, templates, config, strings, assets)
    reparsed: int = 0
    copies_changed: bool = False  # static files or assets were added, removed or changed

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def anything_changed(self) -> bool:
        return bool(self.changed or self.removed or self.copies_changed or self.errors)

    def as_json(self) -> dict:
        return {
            "rendered": self.rendered,
            "changed": self.changed,
            "removed": self.removed,
            "seconds": round(self.seconds, 4),
            "inputs": self.inputs,
            "full": self.full,
            "reparsed": self.reparsed,
            "errors": [d.as_json() for d in self.errors],
            "warnings": [d.as_json() for d in self.diagnostics if d.level != ERROR],
        }



# Worker processes are forked with the renderer already built (as in build.py).
_FORKED: Renderer | None = None


def _render_forked(url: str):
    assert _FORKED is not None
    return _FORKED.render(_FORKED.site.routes[url])


class IncrementalBuilder(CacheMixin):
    """Holds a site in memory and brings it up to date with :meth:`rebuild`.

    ``strict=False`` (serve): errors never raise; the last good page of a
    broken file stays in the model and the last good output of a broken route
    stays in :attr:`outputs`; :attr:`errors` and :attr:`error_urls` say what
    is broken.  ``cache_dir`` persists the state between runs.
    """

    def __init__(self, options: BuildOptions, cache_dir: Path | None = None, allow_fork: bool = True):
        self.options = options
        self.root = Path(options.source).resolve()
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.allow_fork = allow_fork
        self._hasher = Hasher(self.root)
        self._bytecode = MemoryBytecodeCache()
        self._cache_checked = False
        self._reused: tuple | None = None  # (keys, asset_map) of the cache read, if one was
        self._reset()

    def _reset(self) -> None:
        self.config = None
        self.data = None
        self.strings = None
        self.site: Site | None = None
        self.assets: dict = {}
        self.parsed: dict[SourceFile, tuple[str | None, ParseResult]] = {}
        self.good: dict[SourceFile, object] = {}  # last good Page of each source
        self.outputs: dict[str, bytes] = {}  # relpath -> bytes (pages and site files)
        self.copies: dict[str, Path] = {}  # relpath -> source file (statics, assets)
        self.route_outputs: dict[str, str] = {}  # url -> relpath
        self.fingerprints: dict[str, object] = {}  # url -> the inputs it was last rendered from
        self.route_problems: dict[str, list[Diagnostic]] = {}
        self.failed: set[str] = set()  # urls whose last render had errors
        self.data_views: dict[str, dict] = {}
        self.deps: dict[SourceFile, tuple] = {}  # source -> (included files, dynamic, their hashes)
        self.status_json = None
        self.keys: dict[str, str] = {}  # input group -> hash, of the last good rebuild
        self.asset_map: dict[str, str] | None = None
        self.model_problems: list[Diagnostic] = []
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.error_urls: set[str] = set()
        self.global_error = False  # config, data, strings or content layout unreadable: no site at all
        self.builds = 0
        self.notes: list[str] = []  # about the cache between runs (unreadable, outdated, not saved)
        self._link_signature: int | None = None
        self._resolved_bodies: dict = {}
        self.files: list[SourceFile] = []
        self.context = None  # the ParseContext of the last complete rebuild
        self.renderer: RouteRenderer | None = None
        self.viewer: ViewRenderer | None = None
        self.page_report = None
        self.route_index = None  # sitegen.serve.patch's index of the routes, built when first needed
        self.verify = VERIFY  # tests: check each patched rebuild against a complete comparison

    # -- public -----------------------------------------------------------------
    def rebuild(self, changed_paths: Iterable[str | Path] = ()) -> RebuildReport:
        started = time.perf_counter()
        inputs, paths = [], []
        for path in changed_paths:
            path = os.path.abspath(path)
            paths.append(path)
            self._hasher.forget(path)
            inputs.append(display_path(path, self.root))
        report = RebuildReport(inputs=sorted(set(inputs)))
        try:
            if not (paths and patch.rebuild(self, report, paths)):
                self._rebuild(report)
            self.global_error = False
        except BuildError as exc:  # the site cannot be modelled at all
            self.global_error = True
            self.errors = [d for d in exc.diagnostics if d.level == ERROR]
            self.warnings = [d for d in exc.diagnostics if d.level != ERROR]
            report.diagnostics = list(exc.diagnostics)
        self.builds += 1
        _settle(report.full)
        report.seconds = time.perf_counter() - started
        return report

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def page_count(self) -> int:
        return sum(1 for name in self.outputs if name.endswith(".html"))

    def result(self, out: Path, seconds: float) -> BuildResult:
        return BuildResult(self.site, out, dict(self.outputs), list(self.warnings), seconds)

    # -- the rebuild --------------------------------------------------------------
    def _rebuild(self, report: RebuildReport) -> None:
        options, root, hasher = self.options, self.root, self._hasher
        keys = {
            "config": hasher.tree([root / CONFIG_FILE]) + f"|{options.base_url}|{options.drafts}",
            "data": hasher.tree([root / DATA_DIR]),
            "strings": hasher.tree([root / "i18n", THEME_DIR / "i18n"]),
            "templates": hasher.tree([root / "templates", THEME_TEMPLATES]),
        }
        changed = {name for name, value in keys.items() if self.keys.get(name) != value}  # so far
        if self.config is None or "config" in changed:
            self.config = load_config(root, base_url=options.base_url)
        config = self.config
        if self.data is None or changed & {"config", "data"}:
            self.data = load_data(config)
        if self.strings is None or changed & {"config", "strings"}:
            self.strings = load_strings(config)
        files = source_files(config)
        keys["partials"] = hasher.tree([f.path for f in files if f.kind == PARTIAL]) + \
            "|".join(f.display for f in files if f.kind == PARTIAL)
        ctx = parse_context(config, self.data, files, options.drafts)
        if ctx.site_index is not None:  # Liquid: a page's front matter shows on every page (site.pages)
            keys["site_index"] = hashlib.sha256(repr((ctx.site_index.pages, ctx.site_index.data,
                                                          sorted(ctx.site_index.known_names))).encode()).hexdigest()
        assets = collect_assets(root)
        asset_map = {rel: asset.output for rel, asset in assets.items()}
        if not self._cache_checked:
            self._cache_checked = True
            self._load_cache()
        changed = {name for name, value in keys.items() if self.keys.get(name) != value}
        reparse_all = bool(changed & {"config", "data", "partials", "site_index"})
        render_all = bool(changed & {"config", "strings", "templates"}) or asset_map != self.asset_map
        report.full = render_all

        # 1. parse what changed
        sources = [f for f in files if f.kind == PAGE]
        present = set(sources)
        for gone in [f for f in self.parsed if f not in present]:
            del self.parsed[gone]
            self.good.pop(gone, None)
            self.deps.pop(gone, None)
        todo: list[tuple[SourceFile, str | None]] = []
        for source in sources:
            digest = hasher.sha(source.path)
            known = self.parsed.get(source)
            deps = self.deps.get(source)
            if (reparse_all or known is None or known[0] != digest or digest is None or deps is None
                    or deps[1] or tuple(hasher.sha(p) for p in deps[0]) != deps[2]):
                todo.append((source, digest))
        jobs = self.options.jobs if self.allow_fork else 1
        for (source, digest), result in zip(todo, parse_all([s for s, _ in todo], ctx, jobs)):
            self.parsed[source] = (digest, result)
            if result.page is not None:
                self.good[source] = result.page
            paths, dynamic = include_dependencies(
                source.path, include_roots(config.content_dir, source.lang, config.default_language))
            self.deps[source] = (paths, dynamic, tuple(hasher.sha(p) for p in paths))
        report.reparsed += len(todo)

        # 2. the model, from the last good page of each broken source
        results = []
        for source in sources:
            result = self.parsed[source][1]
            if result.page is None and source in self.good:
                result = ParseResult(self.good[source], result.diagnostics)
            results.append(result)
        site, model_problems = model_site(config, files, self.data, self.strings, results, options.drafts,
                                          strict=False)

        # 3. re-render what can have changed
        page_report = translation_report(site)
        signature = link_signature(site)
        if signature != self._link_signature:  # a link can now resolve elsewhere
            self._resolved_bodies = {}
            self._link_signature = signature
        renderer = RouteRenderer(site, assets, GENERATOR, report=page_report, resolved=self._resolved_bodies)
        renderer.env.bytecode_cache = self._bytecode  # templates compile once per serve session
        viewer = ViewRenderer(site, assets, page_report, self._resolved_bodies)
        status_json = renderer.env.globals.get("translation_status")
        status_changed = status_view(site, status_json) != status_view(site, self.status_json)
        data_views = {code: viewer.data_view(code, []) for code in config.language_codes}
        dirty_langs = {code for code in config.language_codes if data_views[code] != self.data_views.get(code)}
        fingerprints: dict[str, object] = {}
        todo_routes: list[Route] = []
        for url, route in site.routes.items():
            fingerprint = viewer.fingerprint(route)
            fingerprints[url] = fingerprint
            if (render_all or route.lang in dirty_langs or url in self.failed
                    or url not in self.fingerprints or self.route_outputs.get(url) != route.output_path
                    or (status_changed and getattr(fingerprint, "layout", None) == STATUS_LAYOUT)
                    or self.fingerprints[url] != fingerprint):
                todo_routes.append(route)

        for url in [u for u in self.route_outputs if u not in site.routes]:
            rel = self.route_outputs.pop(url)
            self.fingerprints.pop(url, None)
            self.route_problems.pop(url, None)
            self.failed.discard(url)
            if rel in self.outputs:
                del self.outputs[rel]
                report.removed.append(rel)
        self.render_routes(renderer, todo_routes, fingerprints, report)

        for rel, body in site_files(site, renderer, page_report).items():
            if self.outputs.get(rel) != body:
                self.outputs[rel] = body
                report.changed.append(rel)
        copies = dict(output_copies(site, assets))
        copy_keys = {rel: hasher.sha(path) for rel, path in copies.items()}
        report.copies_changed = copy_keys != getattr(self, "_copy_keys", None)
        self._copy_keys = copy_keys
        self.copies = copies

        self.site, self.assets, self.asset_map = site, assets, asset_map
        self.data_views, self.status_json = data_views, status_json
        self.model_problems = list(model_problems)
        self.keys = keys  # (a routes that failed is re-rendered next time anyway)
        # what a save of one page reuses (sitegen.serve.patch)
        self.files, self.context, self.renderer, self.viewer = files, ctx, renderer, viewer
        self.page_report, self.route_index = page_report, None
        self.collect_problems(report, sources)  # 4. what is broken

    def render_routes(self, renderer: Renderer, routes: list[Route], fingerprints: dict, report: RebuildReport,
                      fork: bool = True) -> None:
        """Render ``routes`` (in forked workers when there are many and ``fork``),
        keep their outputs, problems and fingerprints."""
        rendered = self._render(renderer, routes) if fork else [renderer.render(route) for route in routes]
        for route, (body, problems) in zip(routes, rendered):
            url, rel = route.url, route.output_path
            report.rendered.append(url)
            self.route_problems[url] = list(problems)
            old_rel = self.route_outputs.get(url)
            if old_rel is not None and old_rel != rel and old_rel in self.outputs:
                del self.outputs[old_rel]
                report.removed.append(old_rel)
            self.route_outputs[url] = rel
            if any(d.level == ERROR for d in problems):
                self.failed.add(url)
                self.fingerprints.pop(url, None)
                continue  # the last good output (if any) keeps being served
            self.failed.discard(url)
            self.fingerprints[url] = fingerprints[url]
            if self.outputs.get(rel) != body:
                self.outputs[rel] = body
                report.changed.append(rel)

    def collect_problems(self, report: RebuildReport, sources: list[SourceFile]) -> None:
        """Every problem of the site as it is now (model, renderer, routes)."""
        site = self.site
        problems = list(self.model_problems) + self.renderer.docs.warnings()
        for url in site.routes:
            problems.extend(self.route_problems.get(url, ()))
        problems = list(dict.fromkeys(problems))
        self.errors = [d for d in problems if d.level == ERROR]
        self.warnings = [d for d in problems if d.level != ERROR]
        report.diagnostics = problems
        # without errors, the only pages showing one are none (failed routes have errors)
        self.error_urls = self._error_urls(site, sources) if self.errors else set()

    def _render(self, renderer: Renderer, routes: list[Route]) -> list:
        global _FORKED
        workers = self.options.jobs if self.options.jobs is not None else (os.cpu_count() or 1)
        if (not self.allow_fork or workers <= 1 or len(routes) < PARALLEL_THRESHOLD
                or "fork" not in multiprocessing.get_all_start_methods()):
            return [renderer.render(route) for route in routes]
        _FORKED = renderer
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
                return list(pool.map(_render_forked, [route.url for route in routes], chunksize=32))
        finally:
            _FORKED = None

    def _error_urls(self, site: Site, sources: list[SourceFile]) -> set[str]:
        by_display: dict[str, set[str]] = {}
        for url, route in site.routes.items():
            if route.page is not None:
                by_display.setdefault(route.page.source.display, set()).add(url)
        urls = set(self.failed)
        for diagnostic in self.errors:
            urls |= by_display.get(diagnostic.path, set())
        for source in sources:  # a new file broken from the start: where it would appear
            result = self.parsed[source][1]
            if result.page is None and source not in self.good:
                urls.add(lang_url(site.config, source.lang, url_path(source, {})))
        return urls



def build_incremental(options: BuildOptions) -> BuildResult:
    """``sitegen build --incremental``: like :func:`sitegen.build.build`, byte
    for byte, reusing ``<source>/.sitegen-cache/`` between runs (and, for the
    CLI's no-op case, :mod:`sitegen.serve.manifest`)."""
    started = time.perf_counter()
    root = Path(options.source).resolve()
    seen = manifest.seen_inputs(root, options.out_dir)  # before anything is read
    in_place = not options.search and manifest.outputs_as_left(root, options.out_dir, options.base_url,
                                                                options.drafts, options.search)
    manifest.forget(root)
    engine = IncrementalBuilder(options, cache_dir=root / CACHE_DIR)
    report = engine.rebuild()
    if report.errors:
        raise BuildError(report.diagnostics)
    out = None
    if in_place and engine.reused_cache and not report.copies_changed and not engine.notes:
        try:
            out = inplace.update(options.out_dir, engine.outputs, report.changed, report.removed)
        except inplace.NotInPlace:
            out = None  # staged and swapped as a whole instead
    if out is None:
        out = write_output(options, engine.outputs, list(engine.copies.items()), engine.notes)
    engine.save_cache(report)
    result = engine.result(out, time.perf_counter() - started)
    result.warnings = base_url_diagnostics(result.site.config) + result.warnings  # as build() reports them
    result.rendered = len(report.rendered)  # for the CLI's summary line
    result.reparsed = report.reparsed
    result.notes = list(engine.notes)
    if not result.notes:
        manifest.record(root, out, options.base_url, options.drafts, options.search, seen, result.page_count,
                        result.warnings)
    return result


def _settle(full: bool) -> None:
    """Keep the site out of the cyclic GC's sight between rebuilds: with the
    whole site in memory, each collection would otherwise walk every page
    (a save's work would be mostly that).  After a complete rebuild, the
    garbage of the previous site is collected first."""
    if full:
        gc.unfreeze()
        gc.collect()
    gc.freeze()
