"""``sitegen check --format github``: findings where pull-request reviewers look.

* Workflow commands on stdout, one per finding
  (``::error file=content/ja/x.md,line=6,title=[broken-link]::message``), which
  GitHub shows as annotations on the changed lines of a pull request.  Data is
  escaped as GitHub's toolkit does (``%``, CR, LF) and properties also escape
  ``:`` and ``,``.
* A Markdown summary (errors, warnings, stale and missing translations per
  language, with links to the source files and to the pages) for
  ``$GITHUB_STEP_SUMMARY`` or ``--summary FILE``.
"""

from __future__ import annotations

import os
from pathlib import Path

MAX_ROWS = 100  # per table: GitHub caps a step summary at 1 MiB
COMMANDS = {"error": "error", "warning": "warning", "note": "notice"}  # finding level -> workflow command


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def repository_prefix(source: Path) -> str:
    """The site folder's path inside its git checkout (``""`` at the top, ``"docs/"`` below it):
    GitHub wants annotation paths from the repository's root."""
    here = Path(source).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            rel = here.relative_to(folder).as_posix()
            return "" if rel == "." else rel + "/"
    return ""


def workflow_commands(report, prefix: str = "") -> str:
    lines = []
    for d in report.findings:
        command = COMMANDS.get(d.level, "warning")
        props = []
        message = d.message
        if d.path and not d.path.startswith("/"):
            props.append(f"file={escape_property(prefix + d.path)}")
            if d.line:
                props.append(f"line={d.line}")
                if d.col:
                    props.append(f"col={d.col}")
        elif d.path:  # a built page's URL: no file to annotate, say where in the page
            message = f"{d.path}{f' line {d.line}' if d.line else ''}: {message}"
        props.append(f"title={escape_property(f'[{d.rule}]' if d.rule else 'sitegen')}")
        if d.hint:
            message += f"\nhint: {d.hint}"
        lines.append(f"::{command} {','.join(props)}::{escape_data(message)}")
    return "".join(line + "\n" for line in lines)


# --- the step summary -----------------------------------------------------------

def _cell(text) -> str:
    text = "" if text is None else str(text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("|", "\\|").replace("\r", " ").replace("\n", " "))


class _Links:
    def __init__(self, source: Path, site, env):
        self.prefix = repository_prefix(source)
        server, repo, sha = (env.get("GITHUB_SERVER_URL"), env.get("GITHUB_REPOSITORY"), env.get("GITHUB_SHA"))
        self.blob = f"{server.rstrip('/')}/{repo}/blob/{sha}/" if server and repo and sha else None
        self.base = site.config.base_url.rstrip("/") if site is not None else ""

    def file(self, path: str, line: int | None = None) -> str:
        shown = f"`{_cell(path)}{f':{line}' if line else ''}`"
        if not path or path.startswith("/") or self.blob is None:
            return shown
        return f"[{shown}]({self.blob}{self.prefix}{path}{f'#L{line}' if line else ''})"

    def page(self, url: str) -> str:
        return f"[{_cell(url)}]({self.base}{url})" if self.base else f"`{_cell(url)}`"


def step_summary(report, source: Path, env=None) -> str:
    """The Markdown summary of a check."""
    from ..i18n import MISSING, STALE, STATUSES, ORPHAN
    from ..site import lang_url

    env = os.environ if env is None else env
    site = report.site
    links = _Links(source, site, env)
    errors, warnings = report.errors, report.warnings
    e, w = len(errors), len(warnings)
    verdict = "❌" if report.exit_code else "✅"
    out = [f"## {verdict} sitegen check: {e} error{'s' if e != 1 else ''}, {w} warning{'s' if w != 1 else ''}", ""]
    out.append(f"{report.pages} pages checked; external links listed, "
               f"{'checked' if report.external_checked else 'not fetched'}.")
    out.extend(f"{note[0].upper()}{note[1:]}." for note in report.scope_notes)
    if report.exit_code == 0 and w:
        out.append("Warnings do not fail this check; stale translations are still published, with a notice.")
    out.append("")
    for title, items in (("Errors", errors), ("Warnings", warnings)):
        if not items:
            continue
        out += [f"### {title}", "", "| where | rule | message |", "| --- | --- | --- |"]
        for d in items[:MAX_ROWS]:
            message = _cell(d.message) + (f"<br>hint: {_cell(d.hint)}" if d.hint else "")
            out.append(f"| {links.file(d.path, d.line)} | {_cell(d.rule or '')} | {message} |")
        if len(items) > MAX_ROWS:
            out.append(f"| … | | and {len(items) - MAX_ROWS} more (see the log) |")
        out.append("")
    status = report.translations
    if status is not None and site is not None:
        languages = status.summary_languages()
        if languages:
            out += ["### Translations", "", "| language | " + " | ".join(STATUSES) + " |",
                    "| --- |" + " --- |" * len(STATUSES)]
            for lang in languages:
                out.append(f"| {lang} | " + " | ".join(str(status.count(lang, s)) for s in STATUSES) + " |")
            out.append("")
            scope = report.scope
            for lang in languages:
                for state, label in ((STALE, "stale"), (ORPHAN, "orphaned"), (MISSING, "missing")):
                    rows = [t for t in status.translations if t.lang == lang and t.status == state
                            and (scope is None or _in_scope(t, scope))]
                    if not rows:
                        continue
                    out += [f"<details><summary>{len(rows)} {label} in {lang}</summary>", ""]
                    for t in rows[:MAX_ROWS]:
                        out.append("- " + _translation_line(t, state, links, site, lang_url))
                    if len(rows) > MAX_ROWS:
                        out.append(f"- … and {len(rows) - MAX_ROWS} more (`sitegen i18n status` lists them all)")
                    out += ["", "</details>", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _in_scope(t, scope) -> bool:
    return any(p is not None and p.source.display in scope for p in (t.page, t.source))


def _translation_line(t, state: str, links: _Links, site, lang_url) -> str:
    from ..i18n import MISSING, STALE

    if state == MISSING:
        url = lang_url(site.config, t.lang, t.source.path)
        return (f"{links.page(url)}: no {t.lang} version yet; readers get {links.file(t.source.source.display)} "
                f"({t.source.lang}) with a notice")
    url = lang_url(site.config, t.lang, t.page.path)
    if state == STALE:
        return (f"{links.file(t.page.source.display)} ({links.page(url)}): "
                f"{links.file(t.source.source.display)} changed since it was stamped; update it, then "
                f"`sitegen i18n stamp {t.page.source.display}`")
    return f"{links.file(t.page.source.display)} ({links.page(url)}): its original no longer exists"


def write_summary(text: str, path: Path) -> None:
    """Append (GitHub's step summary file collects every step's output)."""
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)
