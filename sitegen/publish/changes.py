"""``sitegen check --changed-since REF``: findings about what a change touched.

The files changed since ``REF`` come from one ``git diff --name-only``
(committed and uncommitted changes to tracked files, deletions included).
A finding is kept when it is about

* a changed file (a page, an image, a data file...),
* a translation or original of a changed page (its staleness comes from the change),
* a page that links to a changed or deleted file (a rename breaks its links).

A change to a file every page uses (``site.yml``, ``templates/``, ``data/``,
``i18n/``, ``assets/``, a content partial) can affect any page: then every
finding is kept, and a note says why.
"""

from __future__ import annotations

import posixpath
import subprocess
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

SITE_WIDE_PREFIXES = ("templates/", "data/", "i18n/", "assets/")
SITE_WIDE_FILES = ("site.yml", "site.yaml")


class ChangesError(Exception):
    """``--changed-since`` cannot be answered: no git, not a repository, unknown REF."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


def changed_files(source: Path, ref: str) -> set[str]:
    """Paths (relative to the site folder, POSIX) changed since ``ref``."""
    if ref.startswith("-"):
        raise ChangesError(f"--changed-since `{ref}` is not a git revision",
                           "pass a branch, tag or commit such as origin/main")
    command = ["git", "-C", str(source), "diff", "--name-only", "--relative", "--no-renames", ref, "--"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False,
                                stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise ChangesError("--changed-since needs git, which is not installed here",
                           "install git, or leave out --changed-since to check every page") from None
    except subprocess.TimeoutExpired:
        raise ChangesError("--changed-since: git did not answer within 60 seconds",
                           "leave out --changed-since to check every page") from None
    if result.returncode != 0:
        reason = next((line.strip() for line in result.stderr.splitlines() if line.strip()), "git failed")
        if "not a git repository" in result.stderr.lower():
            raise ChangesError(f"--changed-since needs a git checkout, and {source} is not inside one "
                               "(not a git repository)",
                               "run it inside a git checkout, or leave out --changed-since to check every page")
        else:
            hint = ("fetch the base first (actions/checkout with `fetch-depth: 0`, or `git fetch origin main`) "
                    "and pass a revision git knows, such as origin/main")
        raise ChangesError(f"--changed-since `{ref}`: git cannot compare with it ({reason})", hint)
    return {line.strip() for line in result.stdout.splitlines() if line.strip()}


def site_wide(changed: set[str]) -> list[str]:
    """The changed files that every page may depend on."""
    found = []
    for path in sorted(changed):
        parts = path.split("/")
        if path in SITE_WIDE_FILES or path.startswith(SITE_WIDE_PREFIXES):
            found.append(path)
        elif parts[0] == "content" and len(parts) > 2 and any(p.startswith("_") for p in parts[2:]):
            found.append(path)  # a partial: included by pages we cannot list without rendering
    return found


def affected_paths(site, changed: set[str]) -> set[str]:
    """Changed files, the counterparts of changed pages, and pages linking to any of them."""
    affected = set(changed)
    pages = list(site.pages)
    for page in pages:
        if page.source.display in changed:
            affected.update(other.source.display for other in site.by_key.get(page.key, {}).values())
    codes = site.config.language_codes
    for page in pages:
        if page.source.display in affected:
            continue
        if any(_links_to(site, page, link.href, codes, affected) for link in page.links):
            affected.add(page.source.display)
    return affected


def _links_to(site, page, href: str, codes, affected: set[str]) -> bool:
    href = href.strip()
    parts = urlsplit(href)
    if not href or href.startswith("#") or parts.scheme or href.startswith("//"):
        return False
    for lang in codes:
        resolved = site.resolve(href, page, lang)
        if resolved is None:
            continue
        route = resolved.route
        if route is not None and route.page is not None and route.page.source.display in affected:
            return True
        static = site.statics.get(urlsplit(resolved.url).path)
        if static is not None and static.display in affected:
            return True
    # a link to a file that is gone (deleted or renamed): match the path as written
    path = unquote(parts.path)
    base = posixpath.dirname(page.source.rel)
    rel = path.lstrip("/") if path.startswith("/") else posixpath.normpath(posixpath.join(base, path))
    stems = {rel, rel + ".md", rel.rstrip("/") + "/index.md", rel + ".html"}
    return any(f"content/{lang}/{stem}" in affected for lang in codes for stem in stems)


def limit_to_changes(report, changed: set[str], ref: str):
    """``report`` with only the findings a change since ``ref`` touched (see the module)."""
    wide = site_wide(changed)
    if report.site is None or wide:
        why = (f"{', '.join(wide[:3])}{' and more' if len(wide) > 3 else ''} changed, which every page may use"
               if wide else "the site did not load")
        report.scope_notes.append(f"changed since {ref}: {len(changed)} file{'s' if len(changed) != 1 else ''}; "
                            f"{why}: every finding is shown")
        return report
    affected = affected_paths(report.site, changed)
    urls = {}
    for route in report.site.routes.values():
        if route.page is not None:
            urls[route.url] = route.page.source.display
    def keep(finding) -> bool:
        if not finding.path:
            return True
        if finding.path.startswith("/"):
            return urls.get(finding.path) in affected
        return finding.path in affected
    kept = [d for d in report.findings if keep(d)]
    pages = sorted(p for p in affected if p.startswith("content/"))
    report.scope_notes.append(f"changed since {ref}: {len(changed)} file{'s' if len(changed) != 1 else ''}; "
                        f"showing findings on {len(pages)} page{'s' if len(pages) != 1 else ''} they touch "
                        f"({len(report.findings) - len(kept)} other finding"
                        f"{'s' if len(report.findings) - len(kept) != 1 else ''} left out)")
    return replace(report, findings=kept, scope=affected)
