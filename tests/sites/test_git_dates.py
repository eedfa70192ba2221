"""Last-updated dates from git: a repository made in tmp_path, commits with
chosen dates; front matter wins; each language's date format; a shallow
clone; no git at all; the same commit gives the same output."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sitegen.build import BuildOptions, build
from site_files import write_files

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FILES = {
    "site.yml": "title: {ja: 手引き, en: Guide}\nbase_url: https://example.org/\n",
    "content/ja/index.md": "---\ntitle: ホーム\n---\nようこそ\n",
    "content/en/index.md": "---\ntitle: Home\n---\nWelcome\n",
    "content/ja/old.md": "---\ntitle: 古い\n---\n古いページ\n",
    "content/ja/new.md": "---\ntitle: 新しい\n---\n新しいページ\n",
    "content/en/new.md": "---\ntitle: New\n---\nNew page\n",
    "content/ja/manual.md": "---\ntitle: 手動\nupdated: 2025-12-24\n---\n日付は手で書きました\n",
}


def git(cwd: Path, *args: str, date: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="Editor", GIT_AUTHOR_EMAIL="editor@example.org", GIT_COMMITTER_NAME="Editor",
               GIT_COMMITTER_EMAIL="editor@example.org", GIT_CONFIG_NOSYSTEM="1", HOME=str(cwd))
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    result = subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                            cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return result.stdout


@pytest.fixture
def repo(tmp_path):
    root = write_files(tmp_path / "repo", FILES)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first", date="2025-11-03T10:00:00+09:00")
    (root / "content/ja/new.md").write_text("---\ntitle: 新しい\n---\n書き直したページ\n", encoding="utf-8")
    (root / "content/en/new.md").write_text("---\ntitle: New\n---\nRewritten page\n", encoding="utf-8")
    git(root, "commit", "-qam", "second", date="2026-04-01T23:30:00+09:00")  # late evening in Japan
    return root


def updated(out: Path, url: str):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((out / url.lstrip("/") / "index.html").read_text(encoding="utf-8"), "lxml")
    time = soup.select_one("main .page-meta time")
    return (time["datetime"], time.get_text()) if time else None


def test_dates_come_from_the_last_commit_of_each_file(repo, tmp_path):
    out = tmp_path / "out"
    result = build(BuildOptions(source=repo, out=out, search=False))
    # the commit's own time zone decides the day: 23:30 in Tokyo is still April 1
    assert updated(out, "/new/") == ("2026-04-01", "2026年4月1日")
    assert updated(out, "/en/new/") == ("2026-04-01", "April 1, 2026")
    assert updated(out, "/old/") == ("2025-11-03", "2025年11月3日")
    # a fallback page shows the date of the original it shows
    assert updated(out, "/en/old/") == ("2025-11-03", "November 3, 2025")
    # front matter `updated` wins over git
    assert updated(out, "/manual/") == ("2025-12-24", "2025年12月24日")
    assert [d for d in result.warnings if d.level != "note"] == []  # the placeholder base_url is a note


def test_the_same_commit_gives_the_same_output_whatever_the_clock(repo, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    build(BuildOptions(source=repo, out=first, search=False))
    old_tz = os.environ.get("TZ")
    os.environ["TZ"] = "America/Los_Angeles"
    try:
        (repo / "content/ja/old.md").touch()  # a newer mtime changes nothing
        build(BuildOptions(source=repo, out=second, search=False))
    finally:
        if old_tz is None:
            os.environ.pop("TZ")
        else:
            os.environ["TZ"] = old_tz
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_an_uncommitted_page_has_no_date(repo, tmp_path):
    write_files(repo, {"content/ja/draft.md": "---\ntitle: 下書き\n---\nまだ\n"})
    out = tmp_path / "out"
    build(BuildOptions(source=repo, out=out, search=False))
    assert updated(out, "/draft/") is None
    assert updated(out, "/new/") == ("2026-04-01", "2026年4月1日")


def test_a_site_in_a_subfolder_of_the_repository(tmp_path):
    root = tmp_path / "monorepo"
    write_files(root / "docs", FILES)
    write_files(root, {"README.md": "x\n"})
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first", date="2026-02-10T09:00:00+00:00")
    out = tmp_path / "out"
    build(BuildOptions(source=root / "docs", out=out, search=False))
    assert updated(out, "/old/") == ("2026-02-10", "2026年2月10日")


def test_a_shallow_clone_dates_what_it_knows_and_says_what_it_does_not(repo, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    # one more commit on top of the shallow boundary
    (clone / "content/ja/new.md").write_text("---\ntitle: 新しい\n---\n三度目\n", encoding="utf-8")
    git(clone, "commit", "-qam", "third", date="2026-05-06T12:00:00+09:00")
    out = tmp_path / "out"
    result = build(BuildOptions(source=clone, out=out, search=False))
    assert updated(out, "/new/") == ("2026-05-06", "2026年5月6日")  # changed after the boundary
    # last changed at or before the boundary: the history is cut off there, so no (wrong) date
    assert updated(out, "/old/") is None and updated(out, "/en/new/") is None
    assert updated(out, "/manual/") == ("2025-12-24", "2025年12月24日")
    shallow = [w for w in result.warnings if w.rule == "git-history"]
    assert len(shallow) == 1 and "shallow" in shallow[0].message and "fetch-depth: 0" in shallow[0].hint


def test_without_a_repository_there_are_no_dates_and_no_error(tmp_path):
    source = write_files(tmp_path / "plain", FILES)
    out = tmp_path / "out"
    result = build(BuildOptions(source=source, out=out, search=False))
    assert updated(out, "/old/") is None
    assert updated(out, "/manual/") == ("2025-12-24", "2025年12月24日")
    assert [d for d in result.warnings if d.level != "note"] == []  # the placeholder base_url is a note


def test_without_git_installed_there_are_no_dates_and_no_error(repo, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-bin"))
    out = tmp_path / "out"
    result = build(BuildOptions(source=repo, out=out, search=False))
    assert updated(out, "/new/") is None and [d for d in result.warnings if d.level != "note"] == []  # the placeholder base_url is a note
