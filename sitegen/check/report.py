"""The result of ``sitegen check``: its findings, the external links, counts,
and the text and JSON a reader or a program gets."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from ..errors import ERROR, NOTE, WARNING, Diagnostic

JSON_VERSION = 1

# rule ids found by the check itself (the build's own rules pass through too)
BROKEN_LINK = "broken-link"
BROKEN_ANCHOR = "broken-anchor"
MISSING_FILE = "missing-file"
DUPLICATE_ID = "duplicate-id"
EMPTY_TITLE = "empty-title"
IAL_LEAK = "ial-leak"
TRANSLATION_STALE = "translation-stale"
TRANSLATION_ORPHAN = "translation-orphan"
EXTERNAL_LINK = "external-link"


@dataclass(frozen=True)
class ExternalLink:
    url: str
    sources: tuple[str, ...]  # source files (or page URLs) that link to it
    status: str | None = None  # None unless checked with --external: "ok" or what failed

    def as_json(self) -> dict:
        return {"url": self.url, "sources": list(self.sources), "status": self.status}


@dataclass
class CheckReport:
    findings: list[Diagnostic]
    external_links: list[ExternalLink] = field(default_factory=list)
    pages: int = 0  # HTML outputs checked
    files: int = 0  # all outputs
    strict: bool = False
    external_checked: bool = False
    fail_on_warnings: bool = False  # --fail-on warning: exit 1 on warnings too, without relabelling them
    site: object = field(default=None, repr=False, compare=False)  # the Site checked (None if it did not load)
    translations: object = field(default=None, repr=False, compare=False)  # its i18n StatusReport
    scope_notes: list = field(default_factory=list)  # lines about what was checked (--changed-since)
    scope: object = field(default=None, repr=False, compare=False)  # --changed-since: the files in view

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.findings if d.level == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.findings if d.level == WARNING]

    @property
    def notes(self) -> list[Diagnostic]:
        """Worth knowing, never failing (a placeholder base_url): not counted by --strict."""
        return [d for d in self.findings if d.level == NOTE]

    @property
    def exit_code(self) -> int:
        if self.errors or ((self.strict or self.fail_on_warnings) and self.warnings):
            return 1
        return 0

    def summary(self) -> dict:
        by_rule: dict[str, int] = {}
        for d in self.findings:
            by_rule[d.rule or "build"] = by_rule.get(d.rule or "build", 0) + 1
        return {
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "notes": len(self.notes),
            "pages": self.pages,
            "files": self.files,
            "external_links": len(self.external_links),
            "external_checked": self.external_checked,
            "strict": self.strict,
            "rules": dict(sorted(by_rule.items())),
        }

    def to_json(self) -> dict:
        return {
            "version": JSON_VERSION,
            "summary": self.summary(),
            "findings": [d.as_json() for d in self.findings],
            "external_links": [link.as_json() for link in self.external_links],
        }

    def json_text(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def format_text(self, summary_line: bool = True) -> str:
        lines = [d.format() for d in self.findings]
        if summary_line:
            lines.append(self.summary_line())
        return "".join(line + "\n" for line in lines)

    def summary_line(self) -> str:
        e, w, n = len(self.errors), len(self.warnings), len(self.external_links)
        external = (f"{n} external link{'s' if n != 1 else ''} checked" if self.external_checked
                    else f"{n} external link{'s' if n != 1 else ''} listed, not fetched (--external fetches them)")
        notes = len(self.notes)
        noted = f" ({notes} note{'s' if notes != 1 else ''})" if notes else ""
        return (f"sitegen check: {self.pages} pages, {e} error{'s' if e != 1 else ''}, "
                f"{w} warning{'s' if w != 1 else ''}{noted}; {external}")


def _err(path, line, message, hint=None, rule=None, col=None) -> Diagnostic:
    # paths here are already as shown (a page URL keeps its trailing slash)
    return Diagnostic(path or "", line, col, ERROR, message, hint, rule)


def _warn(path, line, message, hint=None, rule=None, col=None) -> Diagnostic:
    return Diagnostic(path or "", line, col, WARNING, message, hint, rule)


def _sort_key(d: Diagnostic):
    return (d.path, d.line or 0, d.col or 0, d.rule or "", d.message, d.level, d.hint or "")


def _finish(findings, links, pages, files, strict, external=False) -> CheckReport:
    unique = list(dict.fromkeys(findings))  # fallback pages repeat their source's findings
    if strict:
        unique = [replace(d, level=ERROR) if d.level == WARNING else d for d in unique]
        unique = list(dict.fromkeys(unique))
    unique.sort(key=_sort_key)
    return CheckReport(unique, sorted(links, key=lambda link: link.url), pages, files, strict, external)
