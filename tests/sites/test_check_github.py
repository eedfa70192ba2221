"""``sitegen check --format github``: workflow commands GitHub turns into
annotations, the Markdown step summary, ``--fail-on`` and ``--changed-since``."""

from __future__ import annotations

import subprocess

import pytest

from sitegen.errors import Diagnostic
from sitegen.publish.github import escape_data, escape_property, workflow_commands
from site_files import write_files

SITE = {
    "site.yml": """
        title: {ja: テスト, en: Test}
        base_url: https://example.org/docs/
    """,
    "content/ja/index.md": """
        ---
        title: ホーム
        ---
        ## はじめに

        [ない頁](nope.md) と [ない見出し](guide.md#存在しない)。
    """,
    "content/en/index.md": """
        ---
        title: Home
        ---
        Welcome.
    """,
    "content/ja/guide.md": """
        ---
        title: 案内
        ---
        ## 手順 {#steps}

        新しい手順です。
    """,
    "content/en/guide.md": """
        ---
        title: Guide
        source_hash: "000000000000"
        ---
        ## Steps {#steps}

        Old steps.
    """,
    "content/ja/only.md": """
        ---
        title: 日本語のみ
        ---
        本文。
    """,
}


@pytest.fixture
def site(tmp_path):
    return write_files(tmp_path / "site", SITE)


def test_github_format_prints_one_workflow_command_per_finding(site, run_cli, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    code, out, err = run_cli("check", "--source", site, "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert lines[:3] == [
        "::warning file=content/en/guide.md,line=3,title=[translation-stale]::translation is stale: "
        "`content/ja/guide.md` changed since it was stamped%0Ahint: update the translation, then run "
        "`sitegen i18n stamp content/en/guide.md`",
        "::error file=content/ja/index.md,line=6,title=[broken-anchor]::anchor `#存在しない` does not exist on "
        "/guide/ (link `guide.md#存在しない`)%0Ahint: ids on that page: steps; link to a heading's id (`## Title {#id}` sets one); "
        "ids of Japanese headings keep their characters",
        "::error file=content/ja/index.md,line=6,title=[broken-link]::link to a missing page or file: `nope.md`"
        "%0Ahint: link to the Markdown file (e.g. `../faq/index.md`) relative to this file, or to an output path "
        "such as `/faq/`",
    ]
    # the example.org base_url is a placeholder: a note, shown as a notice
    assert lines[3].startswith("::notice file=site.yml,line=2,title=[base-url]::`base_url` is the placeholder")
    assert lines[4].startswith("sitegen check: ") and "2 errors, 1 warning" in lines[4]
    assert len(lines) == 5


def test_stale_translations_alone_exit_0_and_fail_on_warning_or_strict_exit_1(site, run_cli):
    write_files(site, {"content/ja/index.md": "---\ntitle: ホーム\n---\n[案内](guide.md#steps)\n"})
    code, out, _ = run_cli("check", "--source", site, "--format", "github")
    assert code == 0 and "::warning file=content/en/guide.md,line=3,title=[translation-stale]::" in out
    code, out, _ = run_cli("check", "--source", site, "--format", "github", "--fail-on", "warning")
    assert code == 1 and "::warning file=content/en/guide.md" in out  # still a warning, but it fails
    code, out, _ = run_cli("check", "--source", site, "--format", "github", "--strict")
    assert code == 1 and "::error file=content/en/guide.md" in out  # --strict reports warnings as errors
    code, out, _ = run_cli("check", "--source", site, "--strict")
    assert code == 1 and "content/en/guide.md:3: error: translation is stale" in out


def test_the_step_summary_lists_findings_and_translations_with_links(site, run_cli, monkeypatch, tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("## earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "team/docs")
    monkeypatch.setenv("GITHUB_SHA", "abc123")
    code, out, _ = run_cli("check", "--source", site, "--format", "github")
    assert code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## earlier step\n## ❌ sitegen check: 2 errors, 1 warning")  # appended, as GitHub expects
    blob = "https://github.com/team/docs/blob/abc123/"
    assert f"| [`content/ja/index.md:6`]({blob}content/ja/index.md#L6) | broken-link | link to a missing page" in text
    assert "| broken-anchor | anchor `#存在しない` does not exist" in text
    assert "### Translations" in text and "| en | 0 | 1 | 1 | 1 | 0 |" in text
    assert "1 stale in en" in text
    assert (f"[`content/en/guide.md`]({blob}content/en/guide.md) ([/en/guide/](https://example.org/docs/en/guide/)):"
            f" [`content/ja/guide.md`]({blob}content/ja/guide.md) changed since it was stamped") in text
    assert "1 missing in en" in text
    assert "[/en/only/](https://example.org/docs/en/only/): no en version yet" in text


def test_summary_file_without_github_and_markdown_is_escaped(site, run_cli, tmp_path, monkeypatch):
    for name in ("GITHUB_STEP_SUMMARY", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"):
        monkeypatch.delenv(name, raising=False)
    write_files(site, {"content/ja/index.md": "---\ntitle: ホーム\n---\n[a|b](<x|y.md>) <b>\n"})
    summary = tmp_path / "out.md"
    code, out, _ = run_cli("check", "--source", site, "--summary", summary)
    assert code == 1
    assert "content/ja/index.md:4: error:" in out  # text findings on stdout as usual
    text = summary.read_text(encoding="utf-8")
    assert "| `content/ja/index.md:4` | broken-link | link to a missing page or file: `x\\|y.md`" in text
    assert "<b>" not in text.split("### Translations")[0].replace("<br>", "")


def test_workflow_commands_escape_as_github_documents():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    finding = Diagnostic("content/ja/a,b:c.md", 3, 7, "error", "50% of\nlines", "fix: it", "broken-link")
    assert workflow_commands(type("R", (), {"findings": [finding]})(), prefix="docs/") == (
        "::error file=docs/content/ja/a%2Cb%3Ac.md,line=3,col=7,title=[broken-link]::50%25 of%0Alines%0Ahint: fix: it\n")
    page = Diagnostic("/en/faq/", 12, None, "error", "id `x` is used 2 times", None, "duplicate-id")
    assert workflow_commands(type("R", (), {"findings": [page]})()) == (
        "::error title=[duplicate-id]::/en/faq/ line 12: id `x` is used 2 times\n")


def test_annotation_paths_start_at_the_repository_root(tmp_path, run_cli):
    site = write_files(tmp_path / "repo" / "docs", SITE)
    (tmp_path / "repo" / ".git").mkdir()
    code, out, _ = run_cli("check", "--source", site, "--format", "github")
    assert "::error file=docs/content/ja/index.md,line=6,title=[broken-link]::" in out


# --- --changed-since -----------------------------------------------------------

def git(site, *args):
    subprocess.run(["git", "-C", str(site), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True)


@pytest.fixture
def repo(site):
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "base")
    return site


def test_changed_since_keeps_findings_about_changed_pages_and_pages_linking_to_them(repo, run_cli):
    write_files(repo, {"content/ja/only.md": "---\ntitle: 日本語のみ\n---\n[消えた](gone.md)\n"})
    code, out, err = run_cli("check", "--source", repo, "--changed-since", "HEAD")
    assert code == 1
    assert "content/ja/only.md:4: error: link to a missing page or file: `gone.md`" in out
    assert "content/ja/index.md" not in out and "content/en/guide.md" not in out  # not this change's
    assert "changed since HEAD: 1 file; showing findings on 1 page they touch (4 other findings left out)" in err

    # renaming a page: the pages linking to it are shown, with their broken links
    git(repo, "checkout", "-q", "--", ".")
    (repo / "content/ja/guide.md").rename(repo / "content/ja/howto.md")
    code, out, _ = run_cli("check", "--source", repo, "--changed-since", "HEAD", "--format", "github")
    assert "::error file=content/ja/index.md,line=6," in out  # the page linking to the moved one


def test_changed_since_a_site_wide_file_shows_everything(repo, run_cli):
    write_files(repo, {"site.yml": "title: {ja: テスト, en: Test}\nbase_url: https://example.org/docs/\n"
                                   "description: {ja: 説明, en: About}\n"})
    code, out, err = run_cli("check", "--source", repo, "--changed-since", "HEAD")
    assert "site.yml changed, which every page may use: every finding is shown" in err
    assert out.count(": error:") == 2


def test_changed_since_translation_staleness_comes_with_the_original(repo, run_cli):
    code, _, err = run_cli("i18n", "stamp", "--source", repo, repo / "content/en/guide.md")
    assert code == 0, err
    git(repo, "commit", "-qam", "stamped")
    write_files(repo, {"content/ja/guide.md": "---\ntitle: 案内\n---\n## 手順 {#steps}\n\n追記。\n"})
    code, out, _ = run_cli("check", "--source", repo, "--changed-since", "HEAD", "--format", "github")
    assert "::warning file=content/en/guide.md,line=3,title=[translation-stale]::" in out
    # index.md links to the changed page (a change can break its anchors): its findings are shown too
    assert code == 1 and "::error file=content/ja/index.md,line=6,title=[broken-anchor]" in out
    assert "content/ja/only.md" not in out


@pytest.mark.parametrize("ref, message, hint", [
    ("no-such-branch", "git cannot compare with it (fatal: bad revision 'no-such-branch')", "fetch-depth: 0"),
    ("--output=x", "is not a git revision", "origin/main"),
])
def test_changed_since_with_a_bad_ref_is_a_usage_error(repo, run_cli, ref, message, hint):
    code, out, err = run_cli("check", "--source", repo, f"--changed-since={ref}")
    assert code == 2 and out == ""
    assert message in err and hint in err
    assert "Traceback" not in err


def test_changed_since_outside_git_or_without_git(site, run_cli, monkeypatch, tmp_path):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(site.parent))
    code, _, err = run_cli("check", "--source", site, "--changed-since", "main")
    assert code == 2 and "not a git repository" in err and "leave out --changed-since" in err
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, _, err = run_cli("check", "--source", site, "--changed-since", "main")
    assert code == 2 and "--changed-since needs git, which is not installed here" in err


def test_a_note_is_a_notice_annotation_and_never_fails(tmp_path, run_cli, monkeypatch):
    """A placeholder base_url on an example domain is a note: GitHub shows it as a notice."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    site = write_files(tmp_path / "site", {
        "site.yml": "title: T\nlanguages: [ja]\nbase_url: https://example.com/\n",
        "content/ja/index.md": "---\ntitle: ホーム\n---\n本文。\n",
    })
    code, out, _ = run_cli("check", "--source", site, "--format", "github", "--strict")
    notices = [line for line in out.splitlines() if line.startswith("::notice ")]
    assert code == 0 and len(notices) == 1 and "site.yml" in notices[0]
    assert not any(line.startswith(("::warning", "::error")) for line in out.splitlines())
