"""``sitegen check``: findings over a built :class:`Site`.

The site is loaded, modelled and rendered in memory exactly as ``build`` does
(nothing is written, ``_site/`` is never touched), but problems are collected
as findings instead of stopping the build.  Then the rendered output is
checked as a reader's browser would meet it:

* every link written in a page body (its :class:`LinkRef`, with its source
  line) resolves, in every language the page is shown in (fallbacks too), and
  its ``#fragment`` is an id of the target page's rendered HTML;
* every internal URL in every rendered page (``href``, ``src``, each ``srcset``
  candidate, ``poster``...: :mod:`sitegen.links`; navigation, switcher, footer,
  canonical, hreflang...) exists among the outputs, and its fragment among the
  target's ids; CSS ``url()`` references exist.  Pages are parsed as a browser
  parses them: a link in a comment, a script or escaped code is none;
* no element id appears twice in a page, no ``<title>`` is empty, no literal
  kramdown ``{:`` text leaks into a page;
* translations that are stale or orphaned (warnings; ``--strict`` makes every
  warning an error).

External links are listed, never fetched, unless ``external=True`` (network).

Every finding is a :class:`Diagnostic` with a rule id; the README has a table
of the rules and how to fix each.

The package: this module loads and renders the site and gathers the findings
(:func:`check_site`); :mod:`.checker` checks the rendered output, with
:mod:`.scan` parsing each page once; :mod:`.external` fetches external links;
:mod:`.report` holds the result, its rule ids and its text and JSON forms.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from ..errors import BuildError, Diagnostic
from .checker import GENERATED_PREFIXES, _Checker
from .external import check_external
from .report import (BROKEN_ANCHOR, BROKEN_LINK, DUPLICATE_ID, EMPTY_TITLE, EXTERNAL_LINK, IAL_LEAK, JSON_VERSION,
                     MISSING_FILE, TRANSLATION_ORPHAN, TRANSLATION_STALE, CheckReport, ExternalLink, _finish, _warn)
from .scan import scan_html

__all__ = [
    "BROKEN_ANCHOR", "BROKEN_LINK", "DUPLICATE_ID", "EMPTY_TITLE", "EXTERNAL_LINK", "GENERATED_PREFIXES", "IAL_LEAK",
    "JSON_VERSION", "MISSING_FILE", "TRANSLATION_ORPHAN", "TRANSLATION_STALE", "CheckReport", "ExternalLink",
    "check_external", "check_site", "scan_html",
]


def check_site(source: Path, base_url: str | None = None, strict: bool = False, external: bool = False,
               drafts: bool = False, jobs: int | None = None, timeout: float = 5.0) -> CheckReport:
    """Load, model and render the site in memory, then check it."""
    from .. import build as _build
    from ..assets import collect_assets
    from ..config import base_url_diagnostics, load_config
    from ..data import load_data
    from ..discover import PAGE as PAGE_FILE
    from ..i18n import translation_report
    from ..outputs import output_conflicts
    from ..parse import url_path
    from ..render import Renderer
    from ..site import lang_url
    from ..strings import load_strings

    findings: list[Diagnostic] = []
    try:
        config = load_config(Path(source), base_url=base_url)
        findings.extend(base_url_diagnostics(config))
        files = _build.source_files(config)
        data = load_data(config)
        strings = load_strings(config)
    except BuildError as exc:  # the site cannot be read far enough to render it
        return _finish(findings + list(exc.diagnostics), [], 0, 0, strict)

    page_files = [f for f in files if f.kind == PAGE_FILE]
    results = _build.parse_all(page_files, _build.parse_context(config, data, files, drafts), jobs)
    failed = {f.display for f, r in zip(page_files, results) if r.page is None}
    # where pages that did not parse would have been (their errors are reported; links to them are not)
    failed_urls = {unquote(lang_url(config, code, url_path(f, {}))) for f, r in zip(page_files, results) if r.page is None
                   for code in config.language_codes}
    site, problems = _build.model_site(config, files, data, strings, results, drafts, strict=False)
    findings.extend(problems)

    assets = collect_assets(config.root)
    report = translation_report(site)
    renderer = Renderer(site, assets, _build.GENERATOR, report=report)
    routes = list(site.routes.values())
    outputs: dict[str, bytes] = {}
    for route, (body, route_problems) in zip(routes, _build.render_routes(renderer, routes, jobs)):
        # broken links are checked below, with the reader's language and the anchor
        findings.extend(d for d in route_problems if d.rule not in (BROKEN_LINK, MISSING_FILE))
        outputs[route.output_path] = body
    outputs.update(_build.site_files(site, renderer, report))
    conflicts, copy_list = output_conflicts(site, outputs, _build.output_copies(site, assets))
    findings.extend(conflicts)
    copies = dict(copy_list)

    checker = _Checker(site, renderer, outputs, copies, failed, failed_urls)
    checker.run()
    findings.extend(checker.findings)
    findings.extend(_translation_findings(report))

    links = checker.external_links()
    if external:
        links = check_external(links, timeout=timeout)
        findings.extend(_warn(link.sources[0] if link.sources else "", None,
                                f"external link failed: {link.url} ({link.status})",
                                hint="fix or remove the link; it may also be a temporary network problem",
                                rule=EXTERNAL_LINK)
                        for link in links if link.status != "ok")
    html_count = sum(1 for name in outputs if name.endswith(".html"))
    result = _finish(findings, links, html_count, len(outputs) + len(copies), strict, external)
    result.site, result.translations = site, report
    return result


def _translation_findings(report) -> list[Diagnostic]:
    from ..i18n import ORPHAN, STALE

    found = []
    for t in report.translations:
        if t.page is None:
            continue
        line = t.page.front_lines.get("source_hash")
        if t.status == STALE:
            found.append(_warn(t.page.source.display, line,
                                 f"translation is stale: `{t.source.source.display}` changed since it was stamped",
                                 hint=f"update the translation, then run `sitegen i18n stamp {t.page.source.display}`",
                                 rule=TRANSLATION_STALE))
        elif t.status == ORPHAN:
            found.append(_warn(t.page.source.display, line,
                                 "translation of a page that no longer exists in the default language",
                                 hint="delete it, restore its source, or remove `source_hash` if it is now an original",
                                 rule=TRANSLATION_ORPHAN))
    return found
