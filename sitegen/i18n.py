"""The translation graph: which pages are translated, stale, missing or orphaned.

A translation records the version of its source it was made from as
``source_hash:`` in its front matter (a short hash of the source body,
normalised for whitespace; ``sitegen i18n stamp`` writes it).  When the source
body changes, the translation is *stale*: still built, with a gentle notice.

Statuses, per page and language:
``current``   translated, stamp matches the source
``stale``     translated, the source changed since the stamp
``unstamped`` translated, never stamped (cannot tell)
``missing``   no translation: the fallback is in use
``orphan``    a stamped translation whose source no longer exists
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import Diagnostic, display_path, error
from .page import Page
from .routes import lang_url
from .site import Site

CURRENT, STALE, UNSTAMPED, MISSING, ORPHAN = "current", "stale", "unstamped", "missing", "orphan"
STATUSES = (CURRENT, STALE, UNSTAMPED, MISSING, ORPHAN)
FAIL_LEVELS = {"stale": (STALE, ORPHAN), "missing": (STALE, ORPHAN, MISSING)}


@dataclass(frozen=True)
class Translation:
    key: str
    lang: str  # the translation's language
    status: str
    source: Page | None  # the original
    page: Page | None  # the translation, when it exists

    @property
    def path(self) -> str | None:
        return self.page.source.display if self.page is not None else None


@dataclass(frozen=True)
class StatusReport:
    default_language: str
    languages: tuple[str, ...]
    translations: tuple[Translation, ...]
    missing_strings: dict  # lang -> [keys]

    def count(self, lang: str, status: str) -> int:
        return sum(1 for t in self.translations if t.lang == lang and t.status == status)

    def summary_languages(self) -> list[str]:
        """Every language but the default one, and the default one too when a
        page written first in another language is missing there."""
        return [lang for lang in self.languages
                if lang != self.default_language or any(t.lang == lang for t in self.translations)]

    def failing(self, fail_on: str | None) -> list[Translation]:
        if not fail_on:
            return []
        levels = FAIL_LEVELS[fail_on]
        return [t for t in self.translations if t.status in levels]

    def to_json(self, site: Site) -> dict:
        pages = []
        for t in self.translations:
            source = t.source
            entry = {
                "key": t.key.removeprefix("key:"),
                "lang": t.lang,
                "status": t.status,
                "path": t.path,
                "url": _url(site, t.page) if t.page is not None else (
                    lang_url(site.config, t.lang, source.path) if source is not None else None),
                "source_path": source.source.display if source is not None else None,
                "source_url": _url(site, source) if source is not None else None,
                "source_hash": source.body_hash if source is not None else None,
                "stamped_hash": (t.page.front.get("source_hash") if t.page is not None else None),
            }
            pages.append(entry)
        summary = {lang: {status: self.count(lang, status) for status in STATUSES}
                   for lang in self.summary_languages()}
        return {
            "version": 1,
            "default_language": self.default_language,
            "languages": list(self.languages),
            "summary": summary,
            "pages": pages,
            "ui_strings": {"missing": {lang: keys for lang, keys in self.missing_strings.items() if keys}},
        }


def _url(site: Site, page: Page) -> str:
    return lang_url(site.config, page.lang, page.path)


def original_of(site: Site, key: str) -> Page | None:
    """The version of ``key`` the others are translated from: the default
    language's, else (a page written first in another language) the first
    version, in language order, that is not itself a stamped translation.
    ``None`` when every version is a stamped translation (the source was removed)."""
    versions = site.by_key.get(key, {})
    default = versions.get(site.config.default_language)
    if default is not None:
        return default
    for lang in site.config.language_codes:
        page = versions.get(lang)
        if page is not None and page.front.get("source_hash") in (None, ""):
            return page
    return None


def translation_report(site: Site) -> StatusReport:
    config = site.config
    default = config.default_language
    rows: list[Translation] = []
    for key in sorted(site.by_key):
        versions = site.by_key[key]
        source = original_of(site, key)
        if source is not None and source.front.get("redirect_to"):
            continue  # a redirect stub has nothing to translate (and no fallback page to link to)
        for lang in config.language_codes:
            page = versions.get(lang)
            if source is None:
                if page is not None and page.front.get("source_hash") is not None:
                    rows.append(Translation(key, lang, ORPHAN, None, page))
                continue
            if lang == source.lang:
                continue
            if page is None:
                rows.append(Translation(key, lang, MISSING, source, None))
                continue
            stamp = page.front.get("source_hash")
            if stamp is None or stamp == "":
                status = UNSTAMPED
            elif str(stamp) == source.body_hash:
                status = CURRENT
            else:
                status = STALE
            rows.append(Translation(key, lang, status, source, page))
    return StatusReport(default, config.language_codes, tuple(rows), site.strings.missing())


def is_stale_function(report: StatusReport):
    stale = {(t.key, t.lang) for t in report.translations if t.status == STALE}
    return lambda page: (page.key, page.lang) in stale


def format_text(report: StatusReport) -> str:
    lines = []
    def where_of(t: Translation) -> str:
        return t.path or f"(no {t.lang} file: {t.key.removeprefix('key:')})"

    width = max([len(where_of(t)) for t in report.translations] + [10])
    lines.append(f"{'STATUS':<10} {'LANG':<6} {'PAGE':<{width}}  SOURCE")
    for t in sorted(report.translations, key=lambda t: (STATUSES.index(t.status), t.lang, t.key)):
        where = where_of(t)
        src = t.source.source.display if t.source is not None else "(source removed)"
        lines.append(f"{t.status:<10} {t.lang:<6} {where:<{width}}  {src}")
    lines.append("")
    for lang in report.summary_languages():
        counts = ", ".join(f"{report.count(lang, s)} {s}" for s in STATUSES)
        lines.append(f"{lang}: {counts}")
    for lang, keys in report.missing_strings.items():
        if keys:
            lines.append(f"{lang}: {len(keys)} UI strings missing (using {report.default_language}): {', '.join(keys)}")
    return "\n".join(lines) + "\n"


def report_json_bytes(report: StatusReport, site: Site) -> bytes:
    return (json.dumps(report.to_json(site), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


# --- stamping ------------------------------------------------------------------

def stamp_text(text: str, value: str) -> str:
    """Set ``source_hash`` in a file's front matter (YAML, TOML or JSON), keeping
    the rest byte for byte; see :mod:`sitegen.matter.stamp`."""
    from .matter.stamp import stamp_text as _stamp_text

    return _stamp_text(text, value)


def stamp(site: Site, targets: list[Path]) -> list[tuple[Page, str]]:
    """Stamp translations under ``targets`` (files or folders); returns what changed.

    Every file is rewritten in memory first: when one cannot be (front matter
    sitegen cannot rewrite), nothing is written and :class:`BuildError` says why."""
    from .errors import BuildError
    from .matter.stamp import StampError

    targets = [t.resolve() for t in targets]
    planned, problems = [], []
    for page in site.pages:
        path = page.source.path.resolve()
        if not any(path == t or t in path.parents for t in targets):
            continue
        source = original_of(site, page.key)
        if source is None or source is page:
            continue
        if page.front.get("source_hash") == source.body_hash:
            continue
        with open(page.source.path, encoding="utf-8", newline="") as handle:  # keep CRLF as it is
            text = handle.read()
        try:
            planned.append((page, source.body_hash, stamp_text(text, source.body_hash)))
        except StampError as exc:
            problems.append(error(page.source.display, exc.line, f"cannot stamp: {exc.message}", hint=exc.hint))
    if problems:
        raise BuildError(problems)
    for page, _, text in planned:
        with open(page.source.path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    return [(page, value) for page, value, _ in planned]


def stamp_problems(site: Site, targets: list[Path]) -> list[Diagnostic]:
    """Paths given to ``sitegen i18n stamp`` that name no translation.

    A folder is fine when it is inside ``content/`` (it may hold originals
    too: only its translations are stamped); a file must be a translated page."""
    from .discover import PAGE_SUFFIXES

    root = site.config.root.resolve()
    content = site.config.content_dir.resolve()
    by_path = {page.source.path.resolve(): page for page in site.pages}
    problems = []
    for target in targets:
        full = target.resolve()
        shown = display_path(full, root)
        if not full.exists():
            problems.append(error(shown, None, f"`{target}` does not exist",
                                  hint="pass translated pages such as content/en/zoom/account.md, or a folder of them"))
            continue
        if full.is_dir():
            if full != content and content not in full.parents:
                problems.append(error(shown, None, "this folder is not inside content/",
                                      hint="pass translated pages or folders under content/<lang>/"))
            continue
        page = by_path.get(full)
        if page is None:
            if content in full.parents and full.name.lower().endswith(PAGE_SUFFIXES):
                what = ("a partial (its name or a folder starts with `_`)"
                        if any(part.startswith("_") for part in full.relative_to(content).parts)
                        else "a draft (`draft: true`)")
                message = f"this file is {what}, not a page"
            else:
                message = "this file is not a page under content/<lang>/"
            problems.append(error(shown, None, message,
                                  hint="pass translated pages such as content/en/zoom/account.md"))
            continue
        original = original_of(site, page.key)
        others = [p.source.display for code, p in sorted(site.by_key.get(page.key, {}).items()) if p is not page]
        if original is page:
            problems.append(error(page.source.display, None,
                                  f"this is the original ({page.lang}) version of the page, not a translation",
                                  hint=(f"stamp its translation instead: {', '.join(others)}" if others else
                                        "nothing to stamp: the page has no translation yet")))
        elif original is None:
            problems.append(error(page.source.display, page.line_of("source_hash"),
                                  "the original this page was translated from no longer exists",
                                  hint="restore the original, or remove `source_hash` if this page is now the original"))
    return problems
