"""Assemble the :class:`Site`: every output URL and what it shows.

Pages in several languages that share a translation key are counterparts.
A page missing in one language gets a *fallback route* there (``fallback:
content``), a redirect (``redirect``) or nothing (``none``).  A fallback
records both the reader's language and the language the content came from,
which is what the notice, the ``lang`` wrapper and the canonical link need.

Links are resolved here too: source paths (``../faq/index.md``) go to the
target page in the reader's language or its fallback; output paths
(``/oc/join``, ``/oc/join.html``) go to the page that produces them.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Iterable
from urllib.parse import unquote, urlsplit

from .config import Config
from .discover import PAGE_SUFFIXES, SourceFile
from .errors import Diagnostic, error
from .jekyll.urls import html_aliases, redirect_from_url
from .links.urlpath import encode_path
from .page import Page
from .routes import FALLBACK, GENERATED, PAGE, REDIRECT, Route, lang_url  # noqa: F401 (the model's names, used by many stages)
from .strings import UiStrings


@dataclass(frozen=True)
class Resolved:
    url: str  # site-relative URL (with fragment/query), or the href unchanged
    route: Route | None = None  # the page linked to, when it is a page
    internal: bool = True


@dataclass
class Site:
    config: Config
    pages: tuple[Page, ...]
    routes: dict[str, Route]
    by_key: dict[str, dict[str, Page]]
    statics: dict[str, SourceFile]  # url -> file
    data: dict
    strings: UiStrings
    _by_source: dict = field(default_factory=dict)  # (lang, rel) -> Page
    _static_by_source: dict = field(default_factory=dict)  # (lang, rel) -> url
    _fallback_key_routes: dict = field(default_factory=dict)  # (key, lang) -> Route
    # (lang, source rel) -> a generated page standing for an absent source file
    # (the FAQ index for `faq/index.md`), so source links to it always work
    _generated_by_source: dict = field(default_factory=dict)
    # resolve()'s answers, once the site is complete (None while it is assembled)
    _resolved: dict | None = field(default=None, repr=False, compare=False)

    # -- queries ----------------------------------------------------------------
    def page_route(self, page: Page) -> Route:
        return self.routes[lang_url(self.config, page.lang, page.path)]

    def route_for_key(self, key: str, lang: str) -> Route | None:
        """The route a reader of ``lang`` gets for ``key``: translation or fallback."""
        page = self.by_key.get(key, {}).get(lang)
        if page is not None:
            return self.routes.get(lang_url(self.config, lang, page.path))
        return self._fallback_key_routes.get((key, lang))

    def source_page(self, key: str) -> Page | None:
        """The original of a key: the default language's page, else the first language's."""
        versions = self.by_key.get(key, {})
        for code in [self.config.default_language] + list(self.config.language_codes):
            if code in versions:
                return versions[code]
        return None

    def counterparts(self, route: Route) -> dict[str, Route]:
        """lang -> the route of each real version of ``route`` (itself included):
        translations, and generated pages that are twins (the FAQ index of every
        language, ``/faq/<category>/``, 404, search).  Fallbacks and redirects are
        not counterparts."""
        result: dict[str, Route] = {}
        page = route.page
        if route.kind == PAGE and page is not None:
            path = page.path
            for code, version in self.by_key.get(page.key, {}).items():
                other = self.routes.get(lang_url(self.config, code, version.path))
                if other is not None and other.kind == PAGE:
                    result[code] = other
        elif route.kind == GENERATED:
            path = dict(route.extra).get("twin_url")
            if path:
                result[route.lang] = route
        else:
            return {}
        if path:
            # a page in one language and a generated twin in another (faq/index.md)
            for code in self.config.language_codes:
                if code in result:
                    continue
                other = self.routes.get(lang_url(self.config, code, path))
                if other is not None and (other.kind == GENERATED and dict(other.extra).get("twin_url") == path
                                          or other.kind == PAGE and route.kind == GENERATED
                                          and other.page is not None and other.page.path == path):
                    result[code] = other
        return {code: result[code] for code in self.config.language_codes if code in result}

    def switcher(self, route: Route) -> list[tuple[str, str, bool]]:
        """(lang, site-relative url, is_real_translation) for every language.

        Each entry leads to the counterpart, else to the fallback page (``fallback:
        content``), else to that language's home page (``none``, and ``redirect``,
        whose redirect page would only lead back to a page in another language)."""
        result = []
        key = route.page.key if route.page is not None and route.kind in (PAGE, FALLBACK) else None
        real = self.counterparts(route)
        for lang in self.config.languages:
            if lang.code == route.lang:
                result.append((lang.code, route.url, lang.code in real))
                continue
            if lang.code in real:
                result.append((lang.code, real[lang.code].url, True))
                continue
            target = self.route_for_key(key, lang.code) if key is not None else None
            if target is None:
                result.append((lang.code, lang.home_url, False))
            elif target.kind == REDIRECT:
                if target.page is not None and target.page.lang != lang.code:
                    result.append((lang.code, lang.home_url, False))
                else:
                    result.append((lang.code, target.redirect_to or lang.home_url, False))
            else:
                result.append((lang.code, target.url, target.kind == PAGE))
        return result

    def hreflang_alternates(self, route: Route, keep=None) -> list[tuple[str, str]]:
        """(hreflang, site-relative url) for a page with real translations:
        each indexable counterpart plus ``x-default`` (the default language's
        version, else the original's); empty when there is nothing to list.
        ``keep`` (default :func:`is_indexable`) decides which routes count."""
        keep = keep or is_indexable
        if not keep(route):
            return []
        real = [(code, r.url) for code, r in self.counterparts(route).items() if keep(r)]
        if len(real) < 2:
            return []
        urls = dict(real)
        default = urls.get(self.config.default_language)
        if default is None and route.page is not None:
            original = self.source_page(route.page.key)
            default = urls.get(original.lang) if original is not None else None
        if default is None:
            default = real[0][1]
        return real + [("x-default", default)]

    def translations_of(self, page: Page) -> dict[str, Page]:
        return self.by_key.get(page.key, {})

    # -- links ------------------------------------------------------------------
    def resolve(self, href: str, page: Page | None, reader_lang: str) -> Resolved | None:
        """Resolve a link written in ``page`` for a reader of ``reader_lang``.

        Returns ``None`` when an internal link has no target.  The answer
        depends on the page only through its folder and language, so it is
        remembered for every page of that folder (a body is resolved once per
        language it is shown in; FAQ lists, navigation and notices resolve the
        same links again).
        """
        cache = self._resolved
        if cache is None:
            return self._resolve(href, page, reader_lang)
        key = (href, page.source.rel.rpartition("/")[0] if page is not None else None,
               page.lang if page is not None else None, reader_lang)
        try:
            return cache[key]
        except KeyError:
            found = cache[key] = self._resolve(href, page, reader_lang)
            return found

    def _resolve(self, href: str, page: Page | None, reader_lang: str) -> Resolved | None:
        href = href.strip()
        if not href or href.startswith("#"):
            return Resolved(href)
        try:
            parts = urlsplit(href)
        except ValueError:  # `http://[zz`: no URL at all, so no target
            return None
        if parts.scheme or href.startswith("//"):
            return Resolved(href, internal=False)
        path = unquote(parts.path)
        suffix = ""
        if parts.query:
            suffix += "?" + parts.query
        if parts.fragment:
            suffix += "#" + parts.fragment
        if not path:
            return Resolved(href)

        # 1. a source path: relative to the file, or absolute from content/<lang>/
        source_dir = posixpath.dirname(page.source.rel) if page is not None else ""
        explicit_lang = None
        if path.startswith("/"):
            inner = path.lstrip("/")
            first, _, rest = inner.partition("/")
            if first in self.config.language_codes and first != self.config.default_language:
                explicit_lang = first
            candidate = inner
            if first in self.config.language_codes and self._source_page(candidate, page, reader_lang) is None:
                # "/en/zoom/account.md" (no folder en/ in content/<lang>/): content/en/zoom/account.md itself
                found = self._in_language(first, rest, suffix)
                if found is not None:
                    return found
        else:
            candidate = posixpath.normpath(posixpath.join(source_dir, path))
            if candidate.startswith("../") or candidate == "..":
                # it leaves content/<lang>/: into content/<other>/ (`../../en/x.md`) is an
                # explicit choice of language; anywhere else is no page of the site
                inside = posixpath.normpath(posixpath.join(page.lang if page is not None else reader_lang, candidate))
                first, _, rest = inside.partition("/")
                if first not in self.config.language_codes:
                    return None
                return self._in_language(first, rest + ("/" if path.endswith("/") and rest else ""), suffix)
        target_page = self._source_page(candidate, page, reader_lang)
        generated = self._generated_source(candidate, reader_lang) \
            if target_page is None or target_page.lang != reader_lang else None
        if generated is not None:
            # the reader's language has no such file but a generated page in its place
            return Resolved(generated.url + suffix, generated)
        if target_page is not None:
            route = self.route_for_key(target_page.key, reader_lang)
            if route is None:
                route = self.page_route(target_page)
            if route.kind == REDIRECT and route.redirect_to:
                return Resolved(route.redirect_to + suffix, route)
            return Resolved(route.url + suffix, route)
        static = self._static_file(candidate, page, reader_lang)
        if static is not None:
            return Resolved(static + suffix)

        # 2. an output path: "/oc/join", "/oc/join/", "/oc/join.html", "/en/oc/join"
        if path.startswith("/"):
            url_path = path
        else:
            base = lang_url(self.config, page.lang if page is not None else reader_lang, "/" + source_dir + ("/" if source_dir else ""))
            url_path = posixpath.normpath(posixpath.join(base, path)) + ("/" if path.endswith("/") else "")
        url_path = encode_path(url_path)  # routes and files are known by their URLs (`/%23hash/`)
        route = self._route_for_output_path(url_path)
        if route is not None:
            return Resolved(route.url + suffix, route)
        if url_path in self.statics:
            return Resolved(url_path + suffix)
        if explicit_lang is None and self._looks_like_asset(url_path):
            return Resolved(url_path + suffix)
        return None

    def _looks_like_asset(self, url_path: str) -> bool:
        return url_path.startswith("/assets/") or url_path in ("/sitemap.xml", "/robots.txt", "/translation-status.json") \
            or url_path.startswith("/pagefind/") \
            or url_path in {lang.prefix + "/feed.xml" for lang in self.config.languages}  # the notices' feeds

    def _source_page(self, candidate: str, page: Page | None, reader_lang: str) -> Page | None:
        if not candidate.lower().endswith(PAGE_SUFFIXES):
            options = [candidate + ext for ext in (".md", ".html")] + [candidate.rstrip("/") + "/index.md"]
            if candidate.endswith("/") or candidate in ("", "."):
                options = [candidate.rstrip("/") + "/index.md" if candidate.strip("./") else "index.md"]
        else:
            options = [candidate]
        langs = [reader_lang]
        if page is not None:
            langs.append(page.lang)
        langs += [self.config.default_language] + list(self.config.language_codes)
        for rel in options:
            for lang in dict.fromkeys(langs):
                found = self._by_source.get((lang, rel))
                if found is not None:
                    return found
        return None

    def _generated_source(self, candidate: str, reader_lang: str) -> Route | None:
        """The generated page standing for an absent source file (``faq/index.md``,
        also written ``faq/`` or ``faq``), in the reader's language, else the
        default language's."""
        if not self._generated_by_source:
            return None
        rel = candidate.strip("/")
        options = [rel] if rel.lower().endswith(PAGE_SUFFIXES) else [rel + "/index.md", rel + ".md"]
        for lang in dict.fromkeys([reader_lang, self.config.default_language]):
            for option in options:
                route = self._generated_by_source.get((lang, option))
                if route is not None:
                    return route
        return None

    def _static_file(self, candidate: str, page: Page | None, reader_lang: str) -> str | None:
        langs = [reader_lang] + ([page.lang] if page is not None else []) + [self.config.default_language]
        for lang in dict.fromkeys(langs):
            url = self._static_by_source.get((lang, candidate))
            if url is not None:
                return url
        return None

    def _route_for_output_path(self, path: str) -> Route | None:
        candidates = [path]
        if path.endswith(".html"):
            stem = path[: -len(".html")]
            candidates.append(stem + "/")
            if stem.endswith("/index"):
                candidates.append(stem[: -len("index")])
        elif not path.endswith("/"):
            candidates.append(path + "/")
        for candidate in candidates:
            route = self.routes.get(candidate)
            if route is not None:
                return route
        return None

    def _in_language(self, lang: str, rel: str, suffix: str) -> Resolved | None:
        """A source path written with its language's folder (``../../en/x.md``,
        ``/en/x.md``): that language's page or file itself, whatever the
        reader's language (an explicit choice: no fallback)."""
        if rel.lower().endswith(PAGE_SUFFIXES):
            options = [rel]
        elif rel.endswith("/") or rel in ("", "."):  # a folder: its index page
            options = [rel.rstrip("/") + "/index.md" if rel.strip("./") else "index.md"]
        else:
            options = [rel + ".md", rel + ".html", rel + "/index.md"]
        # a generated page standing for an absent source file (the FAQ index for
        # `faq/index.md`), where the site keeps such a table
        generated = self._generated_by_source
        for option in options:
            target = self._by_source.get((lang, option))
            if target is None and (lang, option) in generated:
                return Resolved(generated[(lang, option)].url + suffix, generated[(lang, option)])
            if target is not None:
                route = self.page_route(target)
                if route.kind == REDIRECT and route.redirect_to:
                    return Resolved(route.redirect_to + suffix, route)
                return Resolved(route.url + suffix, route)
        url = self._static_by_source.get((lang, rel))
        return Resolved(url + suffix) if url is not None else None


def is_indexable(route: Route) -> bool:
    """A real page search engines may index (hreflang in its head): a page
    or a generated twin (FAQ index and category pages), not ``noindex``, not a
    404 page.  ``sitemap: false`` only keeps a page out of the sitemap."""
    if route.kind == GENERATED:
        extra = dict(route.extra)
        return bool(extra.get("twin_url")) and not extra.get("noindex") and not route.url.endswith("404.html")
    if route.kind != PAGE or route.page is None:
        return False
    return not route.page.front.get("noindex") and not route.url.endswith("404.html")


def assemble(config: Config, pages: Iterable[Page], files: Iterable[SourceFile], data: dict,
             strings: UiStrings, generated: Iterable[Route] = ()) -> tuple[Site, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    pages = tuple(pages)
    routes: dict[str, Route] = {}
    claimed: dict[str, str] = {}  # url -> source display (for duplicate messages)

    def claim(route: Route, owner: str, line: int | None = None) -> bool:
        if route.url in routes:
            problems.append(error(owner, line, f"`{owner}` and `{claimed[route.url]}` both produce the URL {route.url}",
                                  hint="change the file name, `slug` or `permalink` of one of them",
                                  rule="duplicate-url"))
            return False
        routes[route.url] = route
        claimed[route.url] = owner
        return True

    by_key: dict[str, dict[str, Page]] = {}
    by_source: dict[tuple[str, str], Page] = {}
    for page in pages:
        versions = by_key.setdefault(page.key, {})
        if page.lang in versions:
            other = versions[page.lang]
            problems.append(error(page.source.display, page.line_of("translation_key"),
                                  f"`{page.source.display}` and `{other.source.display}` have the same translation key "
                                  f"`{page.key.removeprefix('key:')}` in one language",
                                  hint="each language may have one page per `translation_key`",
                                  rule="duplicate-translation-key"))
            continue
        versions[page.lang] = page
        by_source[(page.lang, page.source.rel)] = page
        if page.front.get("redirect_to"):
            route = Route(lang_url(config, page.lang, page.path), page.lang, REDIRECT, page,
                          redirect_to=str(page.front["redirect_to"]))
        else:
            route = Route(lang_url(config, page.lang, page.path), page.lang, PAGE, page)
        claim(route, page.source.display, page.line_of("permalink") if "permalink" in page.front else None)

    statics: dict[str, SourceFile] = {}
    static_by_source: dict[tuple[str, str], str] = {}
    for file in files:
        if file.kind != "static":
            continue
        url = lang_url(config, file.lang, "/" + encode_path(file.rel))
        statics[url] = file
        static_by_source[(file.lang, file.rel)] = url

    generated_by_source: dict[tuple[str, str], Route] = {}
    for route in generated:
        if claim(route, f"(generated {route.layout or route.kind} page)") and dict(route.extra).get("source_rel"):
            generated_by_source[(route.lang, dict(route.extra)["source_rel"])] = route

    site = Site(config, pages, routes, by_key, statics, data, strings, by_source, static_by_source,
                _generated_by_source=generated_by_source)

    # fallbacks, in a stable order
    for key in sorted(by_key):
        source = site.source_page(key)
        if source is None or source.front.get("redirect_to"):
            continue
        for lang in config.language_codes:
            if lang in by_key[key]:
                continue
            url = lang_url(config, lang, source.path)
            if url in routes:
                continue
            if config.fallback == "content":
                route = Route(url, lang, FALLBACK, source)
            elif config.fallback == "redirect":
                route = Route(url, lang, REDIRECT, source, redirect_to=lang_url(config, source.lang, source.path))
            else:
                continue
            routes[url] = route
            claimed[url] = f"(fallback of {source.source.display})"
            site._fallback_key_routes[(key, lang)] = route

    # redirect_from: old URLs that point at a page, in the page's language
    for page in pages:
        olds = page.front.get("redirect_from") or []
        if isinstance(olds, str):
            olds = [olds]
        target = lang_url(config, page.lang, page.path)
        for old in olds:
            url = redirect_from_url(config, page.lang, old)  # site-absolute with `compat: jekyll`
            claim(Route(url, page.lang, REDIRECT, page, redirect_to=target), page.source.display,
                  page.line_of("redirect_from"))

    # `compat: jekyll`: /x.html (and so /x) still answers for every page at /x/
    for url, route in html_aliases(config, pages, routes):
        if url not in routes:
            routes[url] = Route(url, route.lang, REDIRECT, route.page, redirect_to=route.redirect_to or route.url)

    site.routes = dict(sorted(routes.items()))
    site._resolved = {}
    return site, problems
