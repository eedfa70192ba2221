"""An editor's normal day never blocks publishing.

On a copy of the support site (the frozen fixture, with exact assertions) and
on a copy of the project's live site (whatever editors made of it, so the
assertions there are relative to the unedited copy), a Japanese edit, a new
translation, a deleted page or a new page: `sitegen build` still succeeds and
the content check the workflow runs (its own script, read from
.github/workflows/site.yml) exits 0 and reports stale and missing
translations. A broken link fails it with a `::error file=…,line=N` line.

No test of the tool reads the live content: the last test here keeps it so."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from sitegen.build import BuildOptions, build, load_site
from sitegen.errors import BuildError
from sitegen.i18n import CURRENT, MISSING, translation_report
from support_site import PROJECT_ROOT, TESTS, copy_project_site, copy_support_site

WORKFLOW = PROJECT_ROOT / ".github" / "workflows" / "site.yml"


def content_check_script() -> str:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    step = next(s for s in workflow["jobs"]["build"]["steps"] if s.get("name") == "Check the content")
    return step["run"]


def run_content_check(site: Path, tmp_path: Path, base_ref: str = "") -> tuple[int, str, str]:
    """The workflow's content-check step, as GitHub runs it (bash -e), in the site folder."""
    summary = tmp_path / "step-summary.md"
    summary.unlink(missing_ok=True)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "BASE_REF": base_ref, "GITHUB_STEP_SUMMARY": str(summary)}
    result = subprocess.run(["bash", "-e", "-c", content_check_script()], cwd=site, env=env, capture_output=True,
                            text=True, timeout=300, check=False, stdin=subprocess.DEVNULL)
    return result.returncode, result.stdout + result.stderr, summary.read_text(encoding="utf-8")


def run_build(site: Path) -> tuple[int, str]:
    """`sitegen build --no-search`, in-process."""
    try:
        result = build(BuildOptions(source=site, search=False))
    except BuildError as exc:
        return 1, str(exc)
    return 0, "\n".join(d.format() for d in result.warnings)


def error_lines(output: str) -> set[str]:
    return {line for line in output.splitlines() if line.startswith("::error")}


def page_soup(site: Path, url: str) -> BeautifulSoup:
    rel = url.lstrip("/") + ("index.html" if url.endswith("/") else "")
    return BeautifulSoup((site / "_site" / rel).read_text(encoding="utf-8"), "lxml")


def translations(site: Path, status: str):
    loaded = load_site(BuildOptions(source=site, search=False))
    return [t for t in translation_report(loaded.site).translations if t.status == status and t.lang != "ja"], loaded


@pytest.fixture(scope="module")
def project_baseline(tmp_path_factory) -> set[str]:
    """The content check's errors on an unedited copy of the live site (usually none)."""
    base = tmp_path_factory.mktemp("baseline")
    return error_lines(run_content_check(copy_project_site(base / "site"), base)[1])


@pytest.fixture(params=["fixture", "project"])
def copy(request, tmp_path):
    """(kind, a copy of the site, the error lines of the unedited copy)."""
    if request.param == "fixture":
        return "fixture", copy_support_site(tmp_path / "site"), set()
    return "project", copy_project_site(tmp_path / "site"), request.getfixturevalue("project_baseline")


def assert_no_new_errors(output: str, baseline: set[str]) -> None:
    # the live site may have problems of its own (baseline): the edit adds none
    assert error_lines(output) <= baseline


def test_a_japanese_edit_makes_the_translation_stale_and_blocks_nothing(copy, tmp_path):
    kind, site, baseline = copy
    current, _ = translations(site, CURRENT)
    if not current:
        pytest.skip("the live site has no current translation to make stale")
    t = current[0] if kind == "project" else next(t for t in current if t.key == "support")
    original = site / t.source.source.display
    original.write_text(original.read_text(encoding="utf-8") + "\n追記の一文です。\n", encoding="utf-8")

    code, output = run_build(site)
    assert code == 0 or kind == "project" and baseline, output
    if code == 0:
        url = ("/en/" if t.lang == "en" else f"/{t.lang}/") + t.page.path.lstrip("/")
        assert page_soup(site, url).select_one(".stale-notice") is not None

    code, output, summary = run_content_check(site, tmp_path)
    assert code == (0 if not baseline else 1), output
    line = t.page.front_lines["source_hash"]
    assert f"::warning file={t.page.source.display},line={line},title=[translation-stale]::" in output
    assert f"stale in {t.lang}" in summary and t.page.source.display in summary
    assert_no_new_errors(output, baseline)


def test_translating_a_page_breaks_nothing(copy, tmp_path):
    kind, site, baseline = copy
    missing, _ = translations(site, MISSING)
    if not missing:
        pytest.skip("every page of the live site is translated")
    t = missing[0] if kind == "project" else next(t for t in missing if t.key == "zoom/recover")
    source_text = (site / t.source.source.display).read_text(encoding="utf-8")
    body = source_text.split("\n---\n", 1)[1] if source_text.startswith("---\n") else source_text
    # the body is kept as it is (same ids, same links); only the title is new
    target = site / "content" / t.lang / t.source.source.rel
    target.parent.mkdir(parents=True, exist_ok=True)
    front = "---\ntitle: Translated page\n"
    if t.source.front.get("category"):
        front += f"category: {t.source.front['category']}\n"
    target.write_text(front + "---\n" + body, encoding="utf-8")
    stamp = subprocess.run([str(Path(sys.executable).parent / "sitegen"), "i18n", "stamp", "--source", str(site),
                            str(target)], capture_output=True, text=True, timeout=300, check=False)
    assert stamp.returncode == 0, stamp.stderr

    code, output = run_build(site)
    assert code == 0 or kind == "project" and baseline, output
    code, output, summary = run_content_check(site, tmp_path)
    assert code == (0 if not baseline else 1), output
    assert_no_new_errors(output, baseline)
    if kind == "fixture":
        assert page_soup(site, "/en/zoom/recover/").select_one(".fallback-notice") is None
        assert page_soup(site, "/en/zoom/recover/").html["lang"] == "en"


def test_deleting_a_translation_or_an_unlinked_page_breaks_nothing(tmp_path):
    site = copy_support_site(tmp_path / "site")
    (site / "content/en/zoom/account.md").unlink()  # English readers get the Japanese page
    (site / "content/ja/faq/privacy.md").unlink()  # an FAQ entry nothing links to
    code, output = run_build(site)
    assert code == 0, output
    assert page_soup(site, "/en/zoom/account/").select_one(".fallback-notice") is not None
    assert not (site / "_site/faq/privacy/index.html").exists()
    code, output, summary = run_content_check(site, tmp_path)
    assert code == 0, output
    assert "::error" not in output
    assert "/en/zoom/account/" in summary and "missing in en" in summary


def test_a_new_japanese_page_is_reported_missing_in_english_and_blocks_nothing(tmp_path):
    site = copy_support_site(tmp_path / "site")
    (site / "content/ja/zoom/new-guide.md").write_text("---\ntitle: 新しい案内\n---\n本文です。\n", encoding="utf-8")
    code, output = run_build(site)
    assert code == 0, output
    code, output, summary = run_content_check(site, tmp_path)
    assert code == 0, output
    assert "/en/zoom/new-guide/" in summary


@pytest.mark.parametrize("kind", ["fixture", "project"])
def test_a_broken_link_fails_the_content_check_at_its_line(kind, tmp_path):
    site = (copy_support_site if kind == "fixture" else copy_project_site)(tmp_path / "site")
    # a page without body templates: lines after an {% include %} are not yet mapped back to the file
    pages = [p for p in sorted((site / "content/ja").rglob("*.md")) if "{%" not in p.read_text(encoding="utf-8")
             and not any(part.startswith("_") for part in p.relative_to(site / "content/ja").parts)]
    page = site / "content/ja/zoom/account.md" if kind == "fixture" else pages[0]
    lines = page.read_text(encoding="utf-8").rstrip("\n").split("\n") + ["", "[消えた頁](no-such-page.md)"]
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, output, summary = run_content_check(site, tmp_path)
    assert code == 1
    shown = page.relative_to(site).as_posix()
    assert f"::error file={shown},line={len(lines)},title=[broken-link]::" in output, output
    assert "no-such-page.md" in summary


def test_a_pull_request_sees_the_findings_about_its_own_changes(tmp_path):
    """The workflow's pull-request form (--changed-since origin/<base>), in a git checkout."""
    site = copy_support_site(tmp_path / "site")
    unrelated = site / "content/ja/faq/privacy.md"
    unrelated.write_text(unrelated.read_text(encoding="utf-8") + "\n[古い](gone.md)\n", encoding="utf-8")
    git = ["git", "-C", str(site), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "main"],
                    ["update-ref", "refs/remotes/origin/main", "HEAD"]):
        subprocess.run(git + command, check=True, capture_output=True)
    support = site / "content/ja/support.md"
    support.write_text(support.read_text(encoding="utf-8") + "\n追記です。\n", encoding="utf-8")

    code, output, summary = run_content_check(site, tmp_path, base_ref="main")
    assert code == 0, output  # the broken link already on main is not this change's
    assert "title=[translation-stale]" in output and "content/en/support.md" in output
    assert "gone.md" not in output
    assert re.search(r"showing findings on \d+ pages? they touch \(1 other finding left out\)", summary), summary

    code, output, _ = run_content_check(site, tmp_path)  # a push to main checks everything
    assert code == 1 and "::error file=content/ja/faq/privacy.md" in output


def test_no_test_of_the_tool_reads_the_live_content():
    """Only this file copies the live site; every other test builds fixtures."""
    offenders = []
    for path in sorted(TESTS.rglob("*.py")):
        if path.name in ("test_editor_day.py", "support_site.py") or "fixtures" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"copy_project_site|PROJECT_ROOT|source=ROOT|check_site\(ROOT|--source\", \"\.\"", text):
            offenders.append(path.relative_to(TESTS).as_posix())
    assert offenders == []
