"""The checks over the rendered output of a site: links, anchors, files, ids,
titles, leaked kramdown text, CSS references."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import Diagnostic
from ..links import is_valid_url
from ..sitepaths import may_read
from .report import (BROKEN_ANCHOR, BROKEN_LINK, DUPLICATE_ID, EMPTY_TITLE, IAL_LEAK, MISSING_FILE, ExternalLink, _err,
                     _warn)
from .scan import _Scan, scan_html

_SKIPPED_SCHEMES = ("mailto", "tel", "data", "javascript", "sms", "webcal", "about", "blob")
_CSS_URL_RE = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")
_CSS_IMPORT_RE = re.compile(r"@import\s+(['\"])([^'\"]+)\1")
GENERATED_PREFIXES = ("pagefind/",)  # written by the search indexer after rendering


class _Checker:
    def __init__(self, site, renderer, outputs: dict[str, bytes], copies: dict, failed: set[str],
                 failed_urls: set[str] = frozenset()):
        from ..site import FALLBACK, PAGE

        self.site = site
        self.config = site.config
        self.renderer = renderer
        self.outputs = outputs
        self.copies = copies
        self.failed = failed
        self.failed_urls = failed_urls
        self.known = set(outputs) | set(copies)
        self.findings: list[Diagnostic] = []
        self._scans: dict[str, _Scan] = {}
        # anchor hints on pages with many ids: output -> (first character, length) -> ids; hints given
        self._ids_by_start: dict[str, dict[tuple[str, int], list[str]]] = {}
        self._hints_given: dict[str, int] = {}
        self._external: dict[str, set[str]] = {}
        self._reported: set[str] = set()  # rendered URLs already reported with their source line
        self._page_kinds = (PAGE, FALLBACK)
        base = urlsplit(self.config.base_url)
        self.base_path = base.path.rstrip("/")
        self.origin = f"{base.scheme}://{base.netloc}" if base.scheme else ""
        self._owner_files = None
        # a link written once in a template or data file shows on many pages:
        # one finding per (file, line, message), naming the pages
        self._owned: dict[tuple, list[str]] = {}

    # -- helpers ----------------------------------------------------------------
    def scan(self, output: str) -> _Scan | None:
        if output not in self.outputs or not output.endswith(".html"):
            return None
        if output not in self._scans:
            self._scans[output] = scan_html(self.outputs[output].decode("utf-8", "replace"))
        return self._scans[output]

    def output_for(self, rel: str) -> str | None:
        """The output file a site-relative path (no leading slash, unquoted) names, or None."""
        if rel.startswith(GENERATED_PREFIXES):
            return rel
        candidates = [rel + "index.html"] if rel == "" or rel.endswith("/") else [rel, rel + "/index.html"]
        for candidate in candidates:
            if candidate in self.known:
                return candidate
        return None

    def ids_of(self, output: str):
        """The ids of an output page (a view of its scan: no copy per link, a
        page with 20,000 footnotes has 40,000 ids and as many links)."""
        scan = self.scan(output)
        return scan.ids.keys() if scan is not None else None

    def _hint_candidates(self, output: str, fragment: str) -> list[str]:
        """The ids of ``output`` a "did you mean" for ``fragment`` looks at:
        every id of an ordinary page; on a page with thousands (20,000
        footnotes), those starting with the same character and of about the
        same length, at most 200, and none after 200 broken anchors into that
        page (a similarity search through every id for every broken anchor
        would make `check` quadratic)."""
        ids = self.ids_of(output) or ()
        if len(ids) <= 200:
            return list(ids)
        hinted = self._hints_given[output] = self._hints_given.get(output, 0) + 1
        if hinted > 200 or not fragment:
            return []
        buckets = self._ids_by_start.get(output)
        if buckets is None:
            buckets = self._ids_by_start[output] = {}
            for ident in sorted(ids):
                buckets.setdefault((ident[:1], len(ident)), []).append(ident)
        candidates: list[str] = []
        for size in sorted(range(max(1, len(fragment) - 3), len(fragment) + 4), key=lambda n: abs(n - len(fragment))):
            candidates.extend(buckets.get((fragment[:1], size), ()))
        return candidates[:200]

    def _points_at_failed_page(self, href: str, page) -> bool:
        """A link to a page that did not parse: its error is already reported."""
        if not self.failed:
            return False
        path = unquote(href.split("#", 1)[0].split("?", 1)[0])
        base = posixpath.dirname(page.source.rel)
        candidate = path.lstrip("/") if path.startswith("/") else posixpath.normpath(posixpath.join(base, path))
        stems = {candidate, candidate + ".md", candidate.rstrip("/") + "/index.md", candidate + ".html"}
        if any(f"content/{lang}/{stem}" in self.failed for lang in self.config.language_codes for stem in stems):
            return True
        # a path into another language's folder (`../../en/x.md`, `/en/x.md`)
        inside = candidate if path.startswith("/") else posixpath.normpath(posixpath.join(page.lang, candidate))
        return any(f"content/{stem}" in self.failed
                   for stem in (inside, inside + ".md", inside.rstrip("/") + "/index.md", inside + ".html"))

    def add_external(self, url: str, where: str) -> None:
        if urlsplit(url).scheme in ("http", "https") or url.startswith("//"):
            self._external.setdefault(url, set()).add(where)

    def external_links(self) -> list[ExternalLink]:
        return [ExternalLink(url, tuple(sorted(sources))) for url, sources in sorted(self._external.items())]

    # -- the checks -------------------------------------------------------------
    def run(self) -> None:
        for route in self.site.routes.values():
            if route.page is not None and route.kind in self._page_kinds:
                self.check_body_links(route)
        for output in sorted(self.outputs):
            if output.endswith(".html"):
                self.check_output(output)
        for output, source in sorted(self.copies.items()):
            if output.endswith(".css"):
                self.check_css(output, source)
        for (file, at, message, hint, rule), urls in self._owned.items():
            where = urls[0] if len(urls) == 1 else f"{urls[0]} and {len(urls) - 1} more page{'s' if len(urls) > 2 else ''}"
            self.findings.append(_err(file, at, message + f" (on {where})", hint=hint, rule=rule))

    def check_body_links(self, route) -> None:
        page, lang = route.page, route.lang
        path = page.source.display
        reported = self._reported
        for link in page.links:
            href = link.href.strip()
            if not href:
                continue
            try:
                if urlsplit(href).scheme in _SKIPPED_SCHEMES:
                    continue
                resolved = self.site.resolve(href, page, lang)
            except ValueError:  # a URL urllib cannot split (`http://[zz`)
                resolved = None
            is_file = link.kind in ("image", "file")
            if resolved is None:
                if self._points_at_failed_page(href, page):
                    continue
                reported.add(unquote(href))
                if not is_valid_url(href):
                    self.findings.append(_err(path, link.line, f"not a valid URL: `{href}`",
                                               hint="fix the URL (a host in brackets must be an IPv6 address)",
                                               rule=BROKEN_LINK))
                elif is_file:
                    self.findings.append(_err(path, link.line, f"{'image' if link.kind == 'image' else 'file'} "
                                                               f"not found: `{href}`",
                                               hint=self._missing_file_hint(href, page, lang), rule=MISSING_FILE))
                else:
                    self.findings.append(_err(path, link.line, f"link to a missing page or file: `{href}`",
                                               hint="link to the Markdown file (e.g. `../faq/index.md`) relative to "
                                                    "this file, or to an output path such as `/faq/`",
                                               rule=BROKEN_LINK))
                continue
            if not resolved.internal:
                own = self._own_absolute(resolved.url)
                if own is None:
                    self.add_external(resolved.url, path)
                    continue
                target_url = own
            else:
                target_url = resolved.url
            def report(message, hint, rule, rendered, line=link.line):
                reported.add(unquote(rendered))
                self.findings.append(_err(path, line, message, hint=hint, rule=rule))
            self._check_target(target_url, route.output_path, is_file, report, href)

    def _missing_file_hint(self, href: str, page, lang: str) -> str:
        """Where a page-relative file was looked for, and the asset it may mean
        (`img/logo.png` written for `/assets/img/logo.png`)."""
        general = ("check the file name; files are copied from content/<lang>/ next to their page (paths are "
                   "relative to the page's file), or from assets/")
        target = unquote(urlsplit(href).path)
        if not target or target.startswith("/") or "://" in href:
            return general
        looked = posixpath.normpath(posixpath.join(posixpath.dirname(page.source.display), target))
        bare = target.removeprefix("./")
        try:
            asset = None if bare.startswith("../") else self.site.resolve("/assets/" + bare, page, lang)
        except ValueError:
            asset = None
        if asset is not None and asset.internal \
                and self.output_for(unquote(urlsplit(asset.url).path).lstrip("/")) is not None:
            return f"did you mean the asset `/assets/{bare}`? there is no {looked}"
        return f"there is no {looked}; {general}"

    def _own_absolute(self, url: str) -> str | None:
        """``https://site/docs/x/`` -> ``/x/`` when it is this site's own base URL."""
        if self.origin and url.startswith(self.origin + self.base_path + "/"):
            return url[len(self.origin + self.base_path):]
        return None

    def _check_target(self, url: str, current: str, is_file: bool, report, href: str) -> None:
        """``url`` is site-relative (no base path): does it exist, does its fragment?"""
        parts = urlsplit(url)
        rendered = self.renderer.urls.url(url) if not url.startswith("#") else url
        if not parts.path:
            target = current
        else:
            target = self.output_for(unquote(parts.path).lstrip("/"))
            if target is None and unquote(parts.path) in self.failed_urls:
                return  # a page that did not parse: its own error says why
            if target is None:
                if is_file:
                    report(f"file not found: `{unquote(href)}` (no output {unquote(url)})",
                           "check the file name and folder", MISSING_FILE, rendered)
                else:
                    report(f"link to a page or file that is not built: `{unquote(href)}` (no output {unquote(url)})",
                           "link to the Markdown file so sitegen can follow renames, or fix the path",
                           BROKEN_LINK, rendered)
                return
        if parts.fragment and target.endswith(".html") and not target.startswith(GENERATED_PREFIXES):
            fragment = unquote(parts.fragment)
            ids = self.ids_of(target)
            if ids is not None and fragment not in ids and fragment != "top":
                where = "this page" if target == current else "/" + target.removesuffix("index.html")
                report(f"anchor `#{fragment}` does not exist on {where} (link `{unquote(href)}`)",
                       _anchor_hint(fragment, self._hint_candidates(target, fragment)), BROKEN_ANCHOR,
                       rendered)

    def check_output(self, output: str) -> None:
        scan = self.scan(output)
        route = self._route_of(output)
        page = route.page if route is not None and route.kind in self._page_kinds else None
        url = "/" + output.removesuffix("index.html")
        reported = self._reported

        # duplicate ids
        for ident, places in sorted(scan.ids.items()):
            if len(places) < 2:
                continue
            if page is not None and ident in page.ids:
                heading = next((h for h in page.headings if h.id == ident), None)
                line = heading.line if heading else None
                for text in (f'id="{ident}"', f"id='{ident}'", f"#{ident}"):
                    if line is None:
                        line = self._locate_text(page, text)[1]
                self.findings.append(_err(page.source.display, line,
                                           f"id `{ident}` is used {len(places)} times on {url}",
                                           hint="give each heading/element its own id (`{#other-id}`); the theme "
                                                "also uses some ids such as `main`", rule=DUPLICATE_ID))
            else:
                line, col = places[1]
                self.findings.append(_err(url, line, f"id `{ident}` is used {len(places)} times in the page",
                                           hint="ids must be unique in a page; check the templates", col=col,
                                           rule=DUPLICATE_ID))

        # empty <title>
        for text, line in scan.titles:
            if not text.strip():
                owner = page.source.display if page is not None else url
                self.findings.append(_err(owner, page.line_of("title") if page is not None else line,
                                           f"the page {url} has an empty <title>",
                                           hint="give the page a `title:` in its front matter", rule=EMPTY_TITLE))

        # kramdown IAL text that did not attach
        for text, line, col in scan.leaks:
            owner, at = self._locate_text(page, text)
            self.findings.append(_warn(owner or url, at if owner else line,
                                         f"kramdown attribute list `{text}` was not applied and shows as text on {url}",
                                         hint="put `{: ...}` on its own line right after the block (no blank line "
                                              "between), or right after a span such as `[x](y){: .cls}`",
                                         col=None if owner else col, rule=IAL_LEAK))

        # every href/src in the rendered page
        for tag, value, line, col, is_file in scan.links:
            value = value.strip()
            if not value or value == "#" or unquote(value) in reported:
                continue
            try:
                parts = urlsplit(value)
            except ValueError:
                self._template_finding(value, url, line, col, f"link `{value}` is not a valid URL",
                                       "fix the URL (a host in brackets must be an IPv6 address)", BROKEN_LINK)
                continue
            if parts.scheme in _SKIPPED_SCHEMES:
                continue
            if parts.scheme or value.startswith("//"):
                own = self._own_absolute(value)
                if own is None:
                    self.add_external(value, page.source.display if page is not None else url)
                    continue
                site_url = own
            elif value.startswith("#"):
                site_url = value
            elif value.startswith("/"):
                if self.base_path and not (value == self.base_path or value.startswith(self.base_path + "/")):
                    self._template_finding(value, url, line, col,
                                           f"link `{value}` is outside the site's base path `{self.base_path}/`",
                                           "write links with `url()` / `relative_url` in templates", BROKEN_LINK)
                    continue
                site_url = value[len(self.base_path):] or "/"
            else:
                base_dir = posixpath.dirname("/" + output)
                site_url = posixpath.normpath(posixpath.join(base_dir, parts.path)) + ("/" if parts.path.endswith("/") else "")
                if parts.query:
                    site_url += "?" + parts.query
                if parts.fragment:
                    site_url += "#" + parts.fragment
            def report(message, hint, rule, rendered, value=value, line=line, col=col):
                self._template_finding(value, url, line, col, message, hint, rule)
            self._check_target(site_url, output, is_file, report, value)

    def _template_finding(self, value, url, line, col, message, hint, rule) -> None:
        owner = self._find_owner(value)
        if owner is not None:
            file, at = owner
            urls = self._owned.setdefault((file, at, message, hint, rule), [])
            if url not in urls:
                urls.append(url)
        else:
            self.findings.append(_err(url, line, message, hint=hint, col=col, rule=rule))

    def _find_owner(self, value: str) -> tuple[str, int] | None:
        """The template or data file that most likely wrote a link, with the line."""
        if self._owner_files is None:
            from ..render import THEME_TEMPLATES

            root = self.config.root
            files = []
            for base, display in ((root / "data", None), (root / "templates", None), (THEME_TEMPLATES, "theme")):
                if base.is_dir():
                    for p in sorted(base.rglob("*")):
                        if p.is_file() and p.suffix in (".yml", ".yaml", ".html", ".xml", ".j2") \
                                and may_read(p, root):
                            shown = (p.relative_to(root).as_posix() if display is None
                                     else "sitegen/theme/templates/" + p.relative_to(base).as_posix())
                            files.append((shown, p.read_text(encoding="utf-8", errors="replace").splitlines()))
            if self.config.config_file is not None:
                files.append(("site.yml", self.config.config_file.read_text(encoding="utf-8").splitlines()))
            self._owner_files = files
        try:
            needle = urlsplit(value)
        except ValueError:  # `http://[zz`, written as it is
            needle = urlsplit("")._replace(path=value)
        path = needle.path
        if self.base_path and path.startswith(self.base_path + "/"):
            path = path[len(self.base_path):]
        for prefix in [lang.prefix for lang in self.config.languages if lang.prefix]:
            if path.startswith(prefix + "/"):
                path = path[len(prefix):]
        candidates = [c for c in (path + ("#" + needle.fragment if needle.fragment else ""), path,
                                  path.rstrip("/")) if c and c != "/"]
        for candidate in dict.fromkeys(candidates):
            # a URL written literally: a YAML value (`url: /x/`, `- /x/`) or a quoted template string
            literal = re.compile(r"(?:[:\-]\s*[\"']?" + re.escape(candidate) + r"[\"']?\s*(?:#.*)?$)|"
                                 r"(?:[\"']" + re.escape(candidate) + r"[\"'])")
            for shown, lines in self._owner_files:
                for number, text in enumerate(lines, 1):
                    if candidate in text and literal.search(text):
                        return shown, number
        return None

    def _locate_text(self, page, text: str) -> tuple[str | None, int | None]:
        if page is None:
            return None, None
        try:
            lines = page.source.path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return page.source.display, None
        for number, line in enumerate(lines, 1):
            if text in line:
                return page.source.display, number
        return page.source.display, None

    def _route_of(self, output: str):
        if not hasattr(self, "_routes_by_output"):
            self._routes_by_output = {route.output_path: route for route in self.site.routes.values()}
        return self._routes_by_output.get(output)

    def check_css(self, output: str, source: Path) -> None:
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return
        shown = _display_source(source, self.config.root)
        for regex in (_CSS_URL_RE, _CSS_IMPORT_RE):
            for match in regex.finditer(text):
                value = match.group(2).strip()
                parts = urlsplit(value)
                if not value or parts.scheme or value.startswith(("//", "#")):
                    continue
                if value.startswith("/"):
                    rel = unquote(parts.path)[len(self.base_path):].lstrip("/") if self.base_path and \
                        parts.path.startswith(self.base_path + "/") else unquote(parts.path).lstrip("/")
                else:
                    rel = posixpath.normpath(posixpath.join(posixpath.dirname(output), unquote(parts.path)))
                if self.output_for(rel) is None:
                    line = text.count("\n", 0, match.start()) + 1
                    self.findings.append(_err(shown, line, f"file not found: `{value}` (no output /{rel})",
                                               hint="check the path; CSS urls are relative to the CSS file",
                                               rule=MISSING_FILE))


def _display_source(source: Path, root: Path) -> str:
    for base, prefix in ((root, ""), (Path(__file__).parent.parent, "sitegen/")):
        try:
            return prefix + Path(source).resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return Path(source).as_posix()


def _anchor_hint(fragment: str, ids) -> str:
    from ..errors import suggest

    hint = suggest(fragment, ids)
    if hint:
        return hint
    # the page's own ids (headings, `{#id}`), not the theme's (`main`, `sg-*`)
    own = sorted(i for i in ids if i != "main" and not i.startswith("sg-"))
    listed = f"ids on that page: {', '.join(own[:8])}{', ...' if len(own) > 8 else ''}; " if own else ""
    return (f"{listed}link to a heading's id (`## Title {{#id}}` sets one); "
            "ids of Japanese headings keep their characters")
