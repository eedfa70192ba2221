"""A "billion laughs" YAML file (nested aliases, a few hundred bytes) wherever
sitegen reads YAML: an error naming the file and line, at once, exit 1, and
the previous output untouched; `import jekyll` says which file and line."""

from __future__ import annotations

import re
import time

import pytest

from site_files import billion_laughs, write_files

SITE = {
    "site.yml": "title: {ja: テスト, en: Test}\nlanguages: [ja, en]\nbase_url: https://example.org/\n",
    "content/ja/index.md": "---\ntitle: ホーム\n---\n本文\n",
    "content/en/index.md": "---\ntitle: Home\n---\nText\n",
}

CASES = [
    ("data", "data/laughs.yml", billion_laughs(), "data/laughs.yml:6"),
    ("data-lang", "data/en/laughs.yml", billion_laughs(), "data/en/laughs.yml:6"),
    ("front-matter", "content/ja/a.md", "---\ntitle: A\n" + billion_laughs() + "---\n本文\n", "content/ja/a.md:8"),
    ("site-yml", "site.yml", SITE["site.yml"] + "params:\n" + billion_laughs("  "), "site.yml:10"),
    ("i18n", "i18n/en.yml", billion_laughs(), "i18n/en.yml:6"),
]


@pytest.mark.parametrize("name, rel, text, where", CASES, ids=[c[0] for c in CASES])
def test_billion_laughs_is_an_error_at_its_line(name, rel, text, where, tmp_path, run_cli):
    source = write_files(tmp_path / "site", SITE)
    assert run_cli("build", "--source", source, "--no-search", "--quiet")[0] == 0
    before = {p: p.read_bytes() for p in (source / "_site").rglob("*") if p.is_file()}
    write_files(source, {rel: text})
    for command in ("build", "check"):
        started = time.monotonic()
        code, out, err = run_cli(command, "--source", source, *(["--no-search"] if command == "build" else []))
        assert time.monotonic() - started < 30
        assert code == 1 and "Traceback" not in out + err
        assert re.search(rf"^{re.escape(where)}: error: (front matter: )?invalid YAML: the aliases expand to more than 100,000 "
                         r"values here \(`\*e`\)", out + err, re.M), out + err
    assert {p: p.read_bytes() for p in (source / "_site").rglob("*") if p.is_file()} == before


def test_import_jekyll_names_the_file_and_line(tmp_path, run_cli):
    src = write_files(tmp_path / "jekyll", {"index.md": "---\ntitle: T\n---\nx\n", "_data/navigation.yml": billion_laughs()})
    code, out, err = run_cli("import", "jekyll", src, tmp_path / "site")
    assert code == 0, err
    report = (tmp_path / "site/IMPORT-REPORT.md").read_text(encoding="utf-8")
    assert "`_data/navigation.yml`: cannot be read as YAML (line 6: invalid YAML: the aliases expand" in report
    write_files(src, {"_config.yml": "title: T\n" + billion_laughs()})
    code, out, err = run_cli("import", "jekyll", src, tmp_path / "site2")
    assert code == 2 and "Traceback" not in err
    assert "_config.yml:7: invalid YAML: the aliases expand to more than 100,000 values" in err
