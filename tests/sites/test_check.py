"""``sitegen check``: fixture sites written inline, checked in memory; the
findings are asserted by rule, file and line."""

from __future__ import annotations

import json
import re

import pytest

from sitegen import check as check_module
from sitegen.check import check_site

from site_files import write_files
from support_site import copy_support_site




BASE = {
    "site.yml": """
        title: {ja: 検査, en: Check}
        base_url: https://support.example.ac.jp/
        faq:
          categories: [zoom]
    """,
    "content/ja/index.md": """
        ---
        title: ホーム
        ---
        ## はじめに

        [概要](about.md#概要) と [英語](/en/about/) と [外](https://example.com/x) と [メール](mailto:a@b.c)。
    """,
    "content/en/index.md": """
        ---
        title: Home
        ---
        [About](about.md#overview)
    """,
    "content/ja/about.md": """
        ---
        title: 概要
        ---
        ## 概要

        本文。[戻る](#概要)
    """,
    "content/en/about.md": """
        ---
        title: About
        ---
        ## Overview

        Body.
    """,
    "content/ja/faq/index.md": """
        ---
        title: よくある質問
        ---
        一覧。
    """,
    "content/ja/faq/q.md": """
        ---
        title: 質問
        category: zoom
        ---
        答え。
    """,
}

BROKEN_PAGE = """
    ---
    title: 壊れた頁
    ---
    ## 見出し

    [ない頁](/no-such-page/) と [ない見出し](about.md#存在しない) と [ない原稿](missing.md)。

    ![ない画像](/images/missing.png)

    <span id="dup">一</span> <span id="dup">二</span>
"""


def run(tmp_path, files, **options):
    source = write_files(tmp_path / "src", {**BASE, **files})
    return check_site(source, **options)


def by_rule(report, rule):
    return [d for d in report.findings if d.rule == rule]


def test_a_clean_site_has_no_findings(tmp_path):
    report = run(tmp_path, {})
    assert [d.format() for d in report.findings] == []
    assert report.exit_code == 0
    assert report.pages > 8
    assert [link.url for link in report.external_links] == ["https://example.com/x"]
    assert report.external_links[0].sources == ("content/ja/index.md",)
    assert not (tmp_path / "src" / "_site").exists()  # check writes nothing


def test_broken_links_anchors_images_and_ids_with_source_lines(tmp_path):
    report = run(tmp_path, {"content/ja/broken.md": BROKEN_PAGE})
    text = report.format_text()
    assert "content/ja/broken.md:6: error: link to a missing page or file: `/no-such-page/` [broken-link]" in text
    assert "content/ja/broken.md:6: error: link to a missing page or file: `missing.md` [broken-link]" in text
    assert "content/ja/broken.md:8: error: image not found: `/images/missing.png` [missing-file]" in text
    anchors = by_rule(report, "broken-anchor")
    # the page is shown in Japanese and, as a fallback, in English: both readers' targets are checked
    assert {(d.path, d.line) for d in anchors} == {("content/ja/broken.md", 6)}
    assert {"/about/", "/en/about/"} == {d.message.split(" on ")[1].split(" ")[0] for d in anchors}
    assert all("#存在しない" in d.message for d in anchors)
    dups = by_rule(report, "duplicate-id")
    assert dups and all(d.path == "content/ja/broken.md" and d.line == 10 for d in dups)
    assert report.exit_code == 1


def test_links_written_by_templates_are_checked_and_attributed(tmp_path):
    report = run(tmp_path, {
        "templates/partials/footer.html": """
            <footer class="site-footer">
              <a href="{{ url('/gone/') }}">gone</a>
              <a href="{{ url(home_url) }}#nowhere">top</a>
            </footer>
        """,
    })
    broken = by_rule(report, "broken-link")
    assert broken, report.format_text()
    assert {(d.path, d.line) for d in broken} == {("templates/partials/footer.html", 2)}
    anchors = by_rule(report, "broken-anchor")
    assert anchors and all("#nowhere" in d.message for d in anchors)


def test_missing_files_in_css(tmp_path):
    report = run(tmp_path, {"assets/css/extra.css": "a { color: red; }\n.x { background: url(../img/none.png); }\n"})
    missing = by_rule(report, "missing-file")
    assert [(d.path, d.line) for d in missing] == [("assets/css/extra.css", 2)]


def test_build_errors_are_collected_as_findings_and_the_rest_is_still_checked(tmp_path):
    report = run(tmp_path, {
        "site.yml": """
            title: T
            faq:
              categories: [zoom]
            front_matter:
              description: {type: string}
        """,
        "content/ja/wrongtype.md": "---\ntitle: A\ndescription: 42\n---\nx\n",
        "content/en/langs.md": "---\ntitle: B\nlang: ja\n---\nx\n",
        "content/ja/notitle.md": "---\ntitle: ''\n---\nx\n",
        "content/ja/layout.md": "---\ntitle: C\nlayout: nosuch\n---\nx\n",
        "content/ja/faq/bad.md": "---\ntitle: Q\ncategory: zom\n---\nA\n",
        "content/ja/broken.md": "---\ntitle: D\n---\n\n[x](nowhere.md)\n",
        "content/ja/linker.md": "---\ntitle: E\n---\n\n[to the page that failed](wrongtype.md)\n",
    })
    found = {(d.path, d.line, d.rule) for d in report.findings}
    assert ("content/ja/wrongtype.md", 3, "front-matter-type") in found
    assert ("content/en/langs.md", 3, "lang-mismatch") in found
    assert ("content/ja/notitle.md", 2, "empty-title") in found
    assert ("content/ja/layout.md", 3, "unknown-layout") in found
    assert ("content/ja/faq/bad.md", 3, "faq-category") in found
    assert ("content/ja/broken.md", 5, "broken-link") in found
    # a link to a page that did not parse is not reported again as broken
    assert not [d for d in report.findings if d.path == "content/ja/linker.md"]
    assert "did you mean `zoom`?" in next(d.hint for d in report.findings if d.rule == "faq-category")
    assert report.exit_code == 1


STALE = {
    "content/en/about.md": """
        ---
        title: About
        source_hash: 000000000000
        ---
        ## Overview

        Body.
    """,
    "content/en/gone.md": """
        ---
        title: Gone
        source_hash: 111111111111
        ---
        Its Japanese original was removed.
    """,
}


def test_stale_and_orphan_translations_are_warnings_and_strict_makes_them_errors(tmp_path):
    report = run(tmp_path, STALE)
    stale = by_rule(report, "translation-stale")
    orphan = by_rule(report, "translation-orphan")
    assert [(d.path, d.line, d.level) for d in stale] == [("content/en/about.md", 3, "warning")]
    assert [(d.path, d.line, d.level) for d in orphan] == [("content/en/gone.md", 3, "warning")]
    assert report.exit_code == 0
    strict = check_site(tmp_path / "src", strict=True)
    assert {d.level for d in strict.findings} == {"error"}
    assert strict.exit_code == 1


def test_kramdown_text_leaking_into_a_page_is_a_warning(tmp_path):
    report = run(tmp_path, {
        "content/ja/raw.html": "---\ntitle: 生HTML\n---\n<p>本文</p>\n<p>{: .note}</p>\n",
        "content/ja/code.md": "---\ntitle: コード\n---\n\n```\n{: .kramdown-in-code-is-fine}\n```\n",
    })
    leaks = by_rule(report, "ial-leak")
    assert {(d.path, d.line, d.level) for d in leaks} == {("content/ja/raw.html", 5, "warning")}


def test_json_document_is_stable_and_sorted(tmp_path, run_cli):
    write_files(tmp_path / "src", {**BASE, "content/ja/broken.md": BROKEN_PAGE})
    code, out, _ = run_cli("check", "--source", tmp_path / "src", "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert set(doc) == {"version", "summary", "findings", "external_links"}
    assert doc["version"] == 1
    assert set(doc["summary"]) == {"errors", "warnings", "notes", "pages", "files", "external_links",
                                   "external_checked", "strict", "rules"}
    assert doc["summary"]["errors"] == len([f for f in doc["findings"] if f["level"] == "error"])
    for finding in doc["findings"]:
        assert set(finding) == {"path", "line", "col", "level", "message", "hint", "rule"}
    keys = [(f["path"], f["line"] or 0, f["col"] or 0) for f in doc["findings"]]
    assert keys == sorted(keys)
    assert doc["external_links"] == [{"url": "https://example.com/x", "sources": ["content/ja/index.md"],
                                      "status": None}]
    _, again, _ = run_cli("check", "--source", tmp_path / "src", "--format", "json")
    assert again == out


def test_text_output_exit_codes_and_usage_errors(tmp_path, run_cli):
    write_files(tmp_path / "src", {**BASE, **STALE})
    code, out, _ = run_cli("check", "--source", tmp_path / "src")
    assert code == 0
    assert "content/en/about.md:3: warning: translation is stale" in out
    assert out.rstrip().splitlines()[-1].startswith("sitegen check: ")
    assert "1 external link listed, not fetched" in out
    code, out, _ = run_cli("check", "--source", tmp_path / "src", "--strict")
    assert code == 1 and "content/en/about.md:3: error: translation is stale" in out
    assert run_cli("check", "--source", tmp_path / "nowhere")[0] == 2
    assert run_cli("check", "--source", tmp_path / "src", "--format", "xml")[0] == 2


def test_external_links_are_never_fetched_without_the_flag(tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("check fetched an external link")
    monkeypatch.setattr(check_module, "check_external", no_network)
    import urllib.request
    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    report = run(tmp_path, {})
    assert report.external_links and report.external_links[0].status is None


def test_external_flag_reports_failures_without_real_network(tmp_path, monkeypatch):
    import urllib.error
    import urllib.request

    def refuse(request, timeout):
        assert timeout <= 10
        raise urllib.error.URLError("offline in tests")
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    report = run(tmp_path, {}, external=True)
    assert report.external_checked
    failures = by_rule(report, "external-link")
    assert [(d.path, d.level) for d in failures] == [("content/ja/index.md", "warning")]
    assert "offline in tests" in failures[0].message


@pytest.mark.parametrize("option", [{}, {"strict": True}])
def test_the_support_site_checks_clean(tmp_path, option):
    report = check_site(copy_support_site(tmp_path / "src"), **option)
    assert [d.format() for d in report.findings] == []
    assert report.exit_code == 0


def test_a_broken_navigation_link_is_one_finding_at_its_data_line(tmp_path):
    nav = """
        - name: ホーム
          url: /
        - name: 案内
          contents:
            - name: 概要
              url: /about/
            - name: 古い頁
              url: /old-page/
    """
    report = run(tmp_path, {"data/nav.ja.yml": nav})
    broken = by_rule(report, "broken-link")
    assert len(broken) == 1, [d.format() for d in broken]
    finding = broken[0]
    assert (finding.path, finding.line, finding.level) == ("data/nav.ja.yml", 8, "error")
    assert "`/old-page/`" in finding.message
    # every Japanese page shows the navigation: the finding names one and counts the rest
    assert re.search(r"\(on /\S* and \d+ more pages\)", finding.message)
