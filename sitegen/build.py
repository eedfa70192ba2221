"""The pipeline: config → discover → parse → model → render → write.

Each stage collects all its problems and the build fails once, listing them
all; nothing is published unless the whole build is clean.  Rendered pages
go to a staging folder as they come (no build holds its whole output in
memory), which replaces the output folder only at the end (:mod:`sitegen.write`).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import re
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Collection, Iterator

from . import __version__, faq, jekyll
from .assets import collect_assets
from .config import Config, base_url_diagnostics, load_config
from .jekyll.frontmatter import published_files, url_front
from .jekyll.urls import redirect_from_url
from .data import load_data
from .discover import PAGE, SourceFile, discover
from .errors import ERROR, BuildError, Diagnostic, error
from .i18n import report_json_bytes, translation_report
from .parse import Page, ParseContext, ParseResult, parse_page, url_path
from .render import Renderer
from .site import GENERATED, Route, Site, assemble, lang_url
from .search import index_site
from .sitemap import sitemap_xml
from .strings import load_strings
from .outputs import output_conflicts
from .stagedfile import StagedFile
from .write import OutputConflict, Staging, publish, unsafe_output_reason

GENERATOR = f"sitegen {__version__}"
PARALLEL_THRESHOLD = 64  # pages; below this, process start-up costs more than it saves


@dataclass(frozen=True)
class BuildOptions:
    source: Path
    out: Path | None = None
    base_url: str | None = None
    drafts: bool = False
    jobs: int | None = None
    search: bool = True
    keep_going: bool = False  # build every page that can be built; list the others (exit status 1)

    @property
    def out_dir(self) -> Path:
        return Path(self.out) if self.out is not None else Path(self.source) / "_site"


@dataclass
class BuildResult:
    site: Site
    out: Path
    files: Collection[str]  # the output paths written (build --incremental: a mapping to their bytes)
    warnings: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    errors: list[Diagnostic] = field(default_factory=list)  # --keep-going only
    failed: list[tuple[str, int | None]] = field(default_factory=list)  # --keep-going: pages not built
    notes: list[str] = field(default_factory=list)  # about the output folder (leftovers removed) or the cache

    @property
    def page_count(self) -> int:
        return sum(1 for name in self.files if name.endswith(".html"))


@dataclass
class Loaded:
    """The site read and modelled, not yet rendered (``build`` and ``check`` share it)."""

    config: Config
    site: Site
    warnings: list[Diagnostic]
    failed: tuple = ()  # --keep-going: (source display, line) of pages that did not parse


def load_site(options: BuildOptions) -> Loaded:
    config = load_config(Path(options.source), base_url=options.base_url)
    files = source_files(config)
    data = load_data(config)
    strings = load_strings(config)
    ctx = parse_context(config, data, files, options.drafts)
    results = parse_all([f for f in files if f.kind == PAGE], ctx, options.jobs)
    site, problems = model_site(config, files, data, strings, results, options.drafts,
                                strict=not options.keep_going)
    failed = tuple(failed_page(r.diagnostics, f.display) for f, r in
                   zip([f for f in files if f.kind == PAGE], results) if r.page is None)
    return Loaded(config, site, problems, failed)


def failed_page(diagnostics, display: str) -> tuple[str, int | None]:
    """(page, line) of a page that could not be built: its first error's line,
    or the line of the include that led to an error in another file."""
    for d in diagnostics:
        if d.level != ERROR:
            continue
        if d.path == display:
            return display, d.line
        found = re.findall(re.escape(display) + r":(\d+)", d.message)
        return display, int(found[-1]) if found else None
    return display, None


def source_files(config: Config) -> list[SourceFile]:
    """The site's files; with ``compat: jekyll`` a page file without front matter is static, as in Jekyll."""
    return published_files(config, discover(config))


def parse_context(config: Config, data: dict, files: list[SourceFile], drafts: bool) -> ParseContext:
    """What page bodies see besides themselves; Liquid sites also get every
    page's front matter (``site.pages``), read first (front matter only)."""
    if not jekyll.uses_liquid(config):
        return ParseContext(config, data)
    from .jekyll.site_index import build_index

    def url_of(source: SourceFile, front: dict) -> str:
        return lang_url(config, source.lang, url_path(source, url_front(config, source, front)))
    return ParseContext(config, data, build_index(config, [f for f in files if f.kind == PAGE], url_of, drafts))


def model_site(config: Config, files: list[SourceFile], data: dict, strings, results: list[ParseResult],
               drafts: bool, strict: bool = True) -> tuple[Site, list[Diagnostic]]:
    """Parsed pages -> the :class:`Site` (shared with the incremental engine).
    ``strict`` raises :class:`BuildError` on errors; otherwise they are returned."""
    problems: list[Diagnostic] = []
    pages: list[Page] = []
    for result in results:
        problems.extend(result.diagnostics)
        if result.page is not None and (drafts or not result.page.draft):
            pages.append(result.page)
    pages = faq.one_page_faq(pages, jekyll.is_compat(config))
    problems.extend(faq.check_entries(config, pages))
    problems.extend(_reserved_url_problems(config, pages))
    if strict:
        _raise_on_errors(problems)
    taken = {lang_url(config, p.lang, p.path) for p in pages}
    generated = [route for route in generated_routes(config) + faq.generated_routes(config, pages)
                 if route.url not in taken]
    site, model_problems = assemble(config, pages, files, data, strings, generated)
    problems.extend(model_problems)
    if strict:
        _raise_on_errors(problems)
    return site, problems


# files every build writes besides the pages (see site_files)
RESERVED_OUTPUTS = ("/sitemap.xml", "/robots.txt", "/translation-status.json")


def _reserved_url_problems(config: Config, pages: list[Page]) -> list[Diagnostic]:
    """A page whose URL is one of the generated files would be overwritten silently."""
    problems = []
    reserved = set(RESERVED_OUTPUTS) | {lang_url(config, lang.code, "/feed.xml") for lang in config.languages}
    for page in pages:
        url = lang_url(config, page.lang, page.path)
        if url in reserved:
            problems.append(error(page.source.display, page.line_of("permalink") if "permalink" in page.front else None,
                                  f"the URL {url} is reserved: sitegen writes that file itself",
                                  hint="choose another `permalink`", rule="duplicate-url"))
        olds = page.front.get("redirect_from")
        for old in [olds] if isinstance(olds, str) else olds if isinstance(olds, list) else []:
            if isinstance(old, str) and old.strip() and redirect_from_url(config, page.lang, old) in reserved:
                problems.append(error(page.source.display, page.line_of("redirect_from"),
                                      f"`redirect_from: {old}` names the URL "
                                      f"{redirect_from_url(config, page.lang, old)}, which is reserved: sitegen "
                                      "writes that file itself (the redirect would be lost)",
                                      hint="remove that entry from `redirect_from`", rule="duplicate-url"))
    return problems


def build(options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    loaded = load_site(options)
    site, config = loaded.site, loaded.config
    problems = base_url_diagnostics(config) + list(loaded.warnings)
    assets = collect_assets(config.root)
    report = translation_report(site)
    renderer = Renderer(site, assets, GENERATOR, report=report)

    failed = list(loaded.failed)
    routes = list(site.routes.values())
    notes: list[str] = []
    out, refused = _output_folder(options)
    # each page is written into the staging folder by the process that renders it (nothing comes
    # back but its problems): nothing is published unless the build is clean
    with Staging(out, notes, refused) as staging:
        stage = staging.open()
        with contextlib.closing(stage_routes(renderer, routes, options.jobs, stage)) as staged:
            for route, (made, route_problems, failure) in zip(routes, staged):
                problems.extend(route_problems)
                if failure is not None:
                    staging.fail(failure)
                elif made:
                    staging.added(route.output_path)
                elif any(d.level == ERROR for d in route_problems):  # only with --keep-going
                    failed.append(failed_page(route_problems, route.page.source.display) if route.page
                                  else (route.url, None))
        for name, body in site_files(site, renderer, report).items():
            staging.add(name, body, replace=True)
        conflicts, copies = output_conflicts(site, staging.written, output_copies(site, assets))
        problems.extend(conflicts)
        problems.extend(renderer.docs.warnings())
        problems = list(dict.fromkeys(problems))  # fallback pages repeat their source's findings
        if not options.keep_going:
            _raise_on_errors(problems)
        staging.publish(copies, index=index_site if options.search else None)
    return BuildResult(site, out, staging.written, [d for d in problems if d.level != ERROR],
                       time.perf_counter() - started, [d for d in problems if d.level == ERROR],
                       sorted(set(failed), key=lambda f: (f[0], f[1] or 0)), notes)


def site_files(site: Site, renderer: Renderer, report) -> dict[str, bytes]:
    """The files besides the pages: sitemap, robots.txt, translation status, notice feeds."""
    return {
        "sitemap.xml": sitemap_xml(site, renderer.urls.absolute_url),
        "robots.txt": robots_txt(renderer.urls.absolute_url),
        "translation-status.json": report_json_bytes(report, site),
        **renderer.feeds(),
    }


def output_copies(site: Site, assets: dict) -> list[tuple[str, Path]]:
    """(output path, source file) for static content files and assets."""
    config = site.config
    copies = [(lang_url(config, f.lang, "/" + f.rel).lstrip("/"), f.path) for f in site.statics.values()]
    copies += [(asset.output, asset.source) for asset in assets.values()]
    return copies


def write_output(options: BuildOptions, files: dict[str, bytes], copies: list[tuple[str, Path]],
                 notes: list[str] | None = None) -> Path:
    """Stage everything (and the search index), then swap it into place
    (notes about leftovers of killed builds removed on the way go to ``notes``)."""
    out, refused = _output_folder(options)
    if refused is not None:
        raise refused
    return publish(out, files, copies, index=index_site if options.search else None, notes=notes)


def _output_folder(options: BuildOptions) -> tuple[Path, BuildError | None]:
    """The output folder, and the error to raise if it cannot be one (the
    CLI refuses these first, as a usage error; this guards API callers)."""
    out = options.out_dir.resolve()
    try:
        reason = unsafe_output_reason(Path(options.source), out)
    except BuildError as exc:  # a previous output this user cannot list
        return out, exc
    if reason is None:
        return out, None
    return out, BuildError([error(str(out), None, f"the output folder {reason}",
                                  hint="choose another --out, such as <source>/_site", rule="output")])


def generated_routes(config: Config) -> list[Route]:
    """Utility pages every site gets: a 404 page per language and the
    translation status page for editors (not in the sitemap)."""
    routes = []
    for lang in config.languages:
        routes.append(Route(lang_url(config, lang.code, "/404.html"), lang.code, GENERATED, None,
                            layout="404", extra=(("title_key", "not_found_title"), ("noindex", True),
                                                 ("twin_url", "/404.html"))))
        routes.append(Route(lang_url(config, lang.code, "/search/"), lang.code, GENERATED, None,
                            layout="search", extra=(("title_key", "search"), ("noindex", True),
                                                    ("twin_url", "/search/"))))
    if len(config.languages) > 1:
        routes.append(Route("/translation-status/", config.default_language, GENERATED, None,
                            layout="translation_status",
                            extra=(("title_key", "translation_status"), ("noindex", True))))
    return routes


def robots_txt(absolute_url) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute_url('/sitemap.xml')}\n".encode("utf-8")


# Parsing one page makes some ten thousand short-lived objects (markdown-it
# tokens and their dicts).  With Python's default threshold (a young
# collection every 700 allocations) they outlive a few collections, are
# promoted and then scanned again and again by full collections over every
# page parsed so far: a tenth of a build's time.  Collected every 20,000
# allocations, a page's tokens die before they are promoted.
GC_YOUNG_THRESHOLD = 20_000


@contextlib.contextmanager
def _page_sized_collections():
    """The cyclic GC's young generation sized for a page's objects (inherited by forked workers)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], GC_YOUNG_THRESHOLD), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def parse_all(files: list[SourceFile], ctx: ParseContext, jobs: int | None) -> list[ParseResult]:
    workers = _workers(jobs)
    with _page_sized_collections():
        if workers <= 1 or len(files) < PARALLEL_THRESHOLD:
            return [parse_page(f, ctx) for f in files]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(parse_page, files, [ctx] * len(files), chunksize=16))


def _workers(jobs: int | None) -> int:
    return jobs if jobs is not None else (os.cpu_count() or 1)


# Worker processes are forked with the renderer already built, so nothing has
# to be pickled but a URL in and bytes out (or, staging, its problems out).
_FORKED_RENDERER: Renderer | None = None
_FORKED_STAGE: Path | None = None


def _render_url(url: str):
    assert _FORKED_RENDERER is not None
    return _FORKED_RENDERER.render(_FORKED_RENDERER.site.routes[url])


def _stage_url(url: str):
    assert _FORKED_RENDERER is not None
    return stage_route(_FORKED_RENDERER, _FORKED_RENDERER.site.routes[url], _FORKED_STAGE)


def stage_route(renderer: Renderer, route: Route, stage: Path | None) -> tuple[bool, list[Diagnostic], Exception | None]:
    """Render a route into its file in the staging folder ``stage`` (None:
    render for its problems only): (made, problems, the write failure)."""
    if stage is None:
        made, problems = renderer.render_to(route, lambda part: None)
        return made, problems, None
    problems = []
    try:
        target = StagedFile(stage, route.output_path)
        made, problems = renderer.render_to(route, target.write)
        if made:
            target.close()
        else:
            target.discard()
    except (OutputConflict, OSError) as exc:
        return False, problems, exc
    return made, problems, None


def stage_routes(renderer: Renderer, routes: list[Route], jobs: int | None, stage: Path | None) -> Iterator:
    """:func:`stage_route` of every route, lazily, in order (in parallel
    processes for large sites, as :func:`render_routes`)."""
    workers = _workers(jobs)
    if workers <= 1 or len(routes) < PARALLEL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
        return _stage_serial(renderer, routes, stage)
    return _render_forked(renderer, routes, workers, _stage_url, stage)


def _stage_serial(renderer: Renderer, routes: list[Route], stage: Path | None) -> Iterator:
    with _page_sized_collections():
        for route in routes:
            yield stage_route(renderer, route, stage)


def render_routes(renderer: Renderer, routes: list[Route], jobs: int | None) -> Iterator:
    """Render every route, lazily: (body, problems) of each in order, as the
    caller takes them (in parallel processes for large sites, POSIX fork)."""
    workers = _workers(jobs)
    if workers <= 1 or len(routes) < PARALLEL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
        return _render_serial(renderer, routes)
    return _render_forked(renderer, routes, workers)


def _render_serial(renderer: Renderer, routes: list[Route]) -> Iterator:
    with _page_sized_collections():
        for route in routes:
            yield renderer.render(route)


def _render_forked(renderer: Renderer, routes: list[Route], workers: int, task=_render_url,
                   stage: Path | None = None) -> Iterator:
    global _FORKED_RENDERER, _FORKED_STAGE
    with _page_sized_collections():
        _FORKED_RENDERER, _FORKED_STAGE = renderer, stage
        # the site stays as it is while workers render: out of the GC's sight, a
        # worker's collections do not write to (and so copy) every page it inherits
        gc.freeze()
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
                yield from pool.map(task, [route.url for route in routes], chunksize=32)
        finally:
            gc.unfreeze()
            _FORKED_RENDERER, _FORKED_STAGE = None, None


def _raise_on_errors(problems: list[Diagnostic]) -> None:
    errors = [d for d in problems if d.level == ERROR]
    if errors:
        raise BuildError(errors + [d for d in problems if d.level != ERROR])
