"""``sitegen new``: a starter site that builds and passes ``check --strict``
at once, in any choice of languages, and refuses to write into a folder that
has something in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from sitegen.check import check_site


def new_site(run_cli, dest, *extra) -> tuple[int, str, str]:
    return run_cli("new", dest, *extra)


def soup(root, url: str) -> BeautifulSoup:
    rel = url.lstrip("/") + ("index.html" if url.endswith("/") else "")
    return BeautifulSoup((root / "_site" / rel).read_text(encoding="utf-8"), "lxml")


@pytest.fixture(scope="module")
def starter(tmp_path_factory):
    """One starter site, made and built through the CLI (with the search index)."""
    from sitegen.cli import main

    dest = tmp_path_factory.mktemp("new") / "mysite"
    assert main(["new", str(dest)]) == 0
    assert main(["build", "--source", str(dest), "--quiet"]) == 0
    return dest


def test_the_starter_checks_clean_with_strict_except_the_placeholder_note(starter):
    report = check_site(starter, strict=True)
    assert report.exit_code == 0
    assert [(d.path, d.level, d.rule) for d in report.findings] == [("site.yml", "note", "base-url")]
    assert "example.org" in report.findings[0].message


def test_new_prints_the_next_steps(tmp_path, run_cli):
    code, out, err = new_site(run_cli, tmp_path / "site")
    assert code == 0, err
    assert "created a site in" in out and "sitegen serve" in out and "sitegen check --strict" in out


def test_the_starter_has_every_part_a_newcomer_needs(starter):
    files = {p.relative_to(starter).as_posix() for p in starter.rglob("*") if p.is_file()
             and not p.relative_to(starter).as_posix().startswith("_site")}
    for rel in ("site.yml", "requirements.txt", "README.md", ".gitignore", ".github/workflows/site.yml",
                ".vscode/settings.json", ".vscode/extensions.json", "data/nav.yml", "data/notices.yml",
                "content/ja/index.md", "content/en/index.md",
                "content/ja/guide/first-steps.md", "content/en/guide/first-steps.md",
                "content/ja/guide/one-language.md",
                "content/ja/faq/edit-a-page.md", "content/en/faq/edit-a-page.md",
                "schemas/site.schema.json", "schemas/front-matter.schema.json", "schemas/nav.schema.json",
                "schemas/notices.schema.json"):
        assert rel in files, rel
    assert "content/en/guide/one-language.md" not in files  # Japanese only: English readers get the fallback
    assert not any(name.startswith("dot-") or name.endswith(".jinja") for name in files)
    gitignore = (starter / ".gitignore").read_text(encoding="utf-8").split()
    assert "_site/" in gitignore and ".sitegen-cache/" in gitignore


def test_home_pages_in_both_languages_show_notices_and_guide_cards(starter):
    for url, notice in (("/", "サイトを開設しました"), ("/en/", "The site is open")):
        page = soup(starter, url)
        assert page.html["lang"] == ("ja" if url == "/" else "en")
        assert notice in page.select_one(".notices").get_text()
        assert page.select(".home-cards .card")
    # the notice's source link leads to the reader's language
    assert soup(starter, "/en/").select_one(".notice-content a")["href"] == "/en/guide/first-steps/"


def test_the_translated_page_and_the_japanese_only_page_show_the_fallback(starter):
    ja, en = soup(starter, "/guide/first-steps/"), soup(starter, "/en/guide/first-steps/")
    assert ja.h1.get_text() == "はじめての編集" and en.h1.get_text() == "First steps"
    assert en.select_one('link[hreflang="ja"]')["href"] == "https://example.org/guide/first-steps/"
    fallback = soup(starter, "/en/guide/one-language/")
    assert fallback.select_one(".fallback-notice") is not None
    assert fallback.select_one(".fallback-body")["lang"] == "ja"
    # the English menu marks it with a language badge
    menu = soup(starter, "/en/").find(id="sg-nav")
    link = menu.find("a", href="/en/guide/one-language/")
    assert link.get_text() == "A page in Japanese only" and link.find_next_sibling("span", class_="lang-badge")


def test_the_faq_has_one_entry_per_language(starter):
    assert "ページを直すにはどうすればよいですか？" in soup(starter, "/faq/").get_text()
    assert "How do I change a page?" in soup(starter, "/en/faq/").get_text()
    assert (starter / "_site/en/faq/edit-a-page/index.html").is_file()


def test_the_search_index_is_built(starter):
    assert (starter / "_site/pagefind/pagefind.js").is_file()


def test_translations_are_stamped_so_i18n_status_starts_current(starter, run_cli):
    code, out, _ = run_cli("i18n", "status", "--source", starter, "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["summary"]["en"]["current"] == 4 and doc["summary"]["en"]["missing"] == 1
    assert doc["summary"]["en"]["stale"] == doc["summary"]["en"]["unstamped"] == 0


def test_the_workflow_installs_with_pip_checks_and_publishes_main_only(starter):
    workflow = yaml.safe_load((starter / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    on = workflow.get("on", workflow.get(True))
    assert set(on) >= {"push", "pull_request"} and on["push"]["branches"] == ["main"]
    steps = workflow["jobs"]["build"]["steps"]
    runs = " ".join(str(step.get("run", "")) for step in steps)
    assert "pip install -r requirements.txt" in runs and "make" not in runs
    # content checks fail on errors only: a stale translation never stops a deploy
    assert "sitegen check --source . --format github" in runs and "--strict" not in runs
    assert "--base-url" in runs and runs.index("sitegen check") < runs.index("sitegen build")
    deploy = workflow["jobs"]["deploy"]
    assert "github.ref == 'refs/heads/main'" in deploy["if"] and "pull_request" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["permissions"] == {"contents": "read"}
    from sitegen import __version__

    requirement = (starter / "requirements.txt").read_text(encoding="utf-8")
    assert f"sitegen-bilingual=={__version__}" in requirement.split()


def test_vscode_settings_wire_every_schema_to_the_files_it_describes(starter):
    settings = json.loads((starter / ".vscode/settings.json").read_text(encoding="utf-8"))
    wiring = settings["yaml.schemas"]
    for schema, patterns in wiring.items():
        assert (starter / schema).is_file(), schema
        assert patterns
    matched = {schema: sorted(p.relative_to(starter).as_posix() for pattern in patterns for p in starter.glob(pattern))
               for schema, patterns in wiring.items()}
    assert matched == {"./schemas/site.schema.json": ["site.yml"],
                       "./schemas/nav.schema.json": ["data/nav.yml"],
                       "./schemas/notices.schema.json": ["data/notices.yml"]}


@pytest.mark.parametrize("languages, default_only", [
    ("en,ja", "content/en/guide/one-language.md"),
    ("ja", "content/ja/guide/one-language.md"),
    ("ja,en,zh-hant", "content/ja/guide/one-language.md"),
])
def test_other_language_choices_check_clean_too(tmp_path, run_cli, languages, default_only):
    dest = tmp_path / "site"
    code, out, err = new_site(run_cli, dest, "--languages", languages)
    assert code == 0, err
    codes = languages.split(",")
    assert (dest / default_only).is_file()
    for code_ in codes:
        assert (dest / "content" / code_ / "index.md").is_file()
        assert ((dest / "content" / code_ / "guide/one-language.md").is_file()) == (code_ == codes[0])
    config = yaml.safe_load((dest / "site.yml").read_text(encoding="utf-8"))
    assert config["languages"] == codes and config["default_language"] == codes[0]
    report = check_site(dest, strict=True)
    assert [(d.level, d.rule) for d in report.findings] == [("note", "base-url")], \
        [d.format() for d in report.findings]


def test_english_first_names_the_english_only_page_right(tmp_path, run_cli):
    dest = tmp_path / "site"
    assert new_site(run_cli, dest, "--languages", "en,ja")[0] == 0
    assert "title: A page in English only" in (dest / "content/en/guide/one-language.md").read_text(encoding="utf-8")
    assert "英語だけのページ" in (dest / "data/nav.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("existing", ["site.yml", "notes.txt", "content/ja/index.md"])
def test_new_refuses_a_folder_that_is_not_empty(tmp_path, run_cli, existing):
    dest = tmp_path / "site"
    (dest / existing).parent.mkdir(parents=True, exist_ok=True)
    (dest / existing).write_text("mine\n", encoding="utf-8")
    code, out, err = new_site(run_cli, dest)
    assert code == 2 and "is not empty" in err and "hint:" in err and "Traceback" not in err
    assert (dest / existing).read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()) == [existing]


def test_new_accepts_an_empty_folder_or_a_fresh_git_repository(tmp_path, run_cli):
    (tmp_path / "empty").mkdir()
    assert new_site(run_cli, tmp_path / "empty")[0] == 0
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    assert new_site(run_cli, tmp_path / "repo")[0] == 0
    assert (tmp_path / "repo" / "site.yml").is_file()


@pytest.mark.parametrize("languages, message", [
    ("", "at least one language"),
    ("ja,日本", "`日本` is not a language code"),
    ("ja,ja", "listed twice"),
])
def test_new_rejects_bad_language_lists(tmp_path, run_cli, languages, message):
    code, _, err = new_site(run_cli, tmp_path / "site", "--languages", languages)
    assert code == 2 and message in err
    assert not (tmp_path / "site").exists()


def test_new_refuses_a_file(tmp_path, run_cli):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code, _, err = new_site(run_cli, tmp_path / "file")
    assert code == 2 and "is not a folder" in err


def test_an_unwritable_place_is_an_error_not_a_traceback(tmp_path, run_cli):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    code, _, err = new_site(run_cli, tmp_path / "notes.txt" / "site")  # inside a file: cannot be made
    assert code == 1 and "cannot write the new site" in err and "Traceback" not in err


def test_the_workflow_is_the_projects_own_but_for_installing_a_release(starter):
    """One publishing policy: the starter's workflow is this repository's site workflow
    with the install step taking the release pinned in requirements.txt."""
    root = Path(__file__).resolve().parents[2]
    ours = yaml.safe_load((root / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    theirs = yaml.safe_load((starter / ".github/workflows/site.yml").read_text(encoding="utf-8"))

    def without_install(workflow):
        build = dict(workflow["jobs"]["build"])
        build["steps"] = [s for s in build["steps"] if s.get("name") != "Install sitegen"
                          and "setup-python" not in s.get("uses", "")]
        return {**workflow, "jobs": {**workflow["jobs"], "build": build}}

    assert without_install(theirs) == without_install(ours)
    dependabot = yaml.safe_load((starter / ".github/dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in dependabot["updates"]} == {"github-actions", "pip"}


def test_actionlint_finds_nothing_in_the_starters_workflow(starter):
    import subprocess
    import sys

    bin_dir = Path(sys.executable).parent
    result = subprocess.run([str(bin_dir / "actionlint"), "-no-color", "-oneline", "-shellcheck",
                             str(bin_dir / "shellcheck"), "-pyflakes=", ".github/workflows/site.yml"],
                            capture_output=True, text=True, timeout=60, check=False, cwd=starter)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr
