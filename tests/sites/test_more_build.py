"""More of the site contract: HTML pages, asset overrides, sitemap and TOC
flags, breadcrumbs, UI string overrides, and parallel builds."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from site_files import write_files
from test_build_site import BASIC

from sitegen.build import BuildOptions, build


def test_html_pages_with_front_matter(make_site):
    files = dict(BASIC)
    files["content/ja/raw.html"] = "---\ntitle: HTMLページ\n---\n<section><h2 id=\"x\">見出し</h2><p>本文</p></section>\n"
    site = make_site(files)
    main = site.main("/raw/")
    assert main.find("h2", id="x").get_text() == "見出し"


def test_site_assets_override_theme_assets(make_site):
    files = dict(BASIC)
    files["assets/css/site.css"] = "body { color: red; }\n"
    site = make_site(files)
    href = site.soup("/").find("link", rel="stylesheet")["href"]
    assert (site.out / href.lstrip("/")).read_text() == "body { color: red; }\n"


def test_sitemap_false_and_toc_false(make_site):
    files = dict(BASIC)
    files["content/ja/hidden.md"] = "---\ntitle: 非掲載\nsitemap: false\ntoc: false\n---\n## A\n\n## B\n\n## C\n"
    files["content/ja/toc.md"] = "---\ntitle: 目次あり\n---\n## A\n\n## B\n"
    site = make_site(files)
    sitemap = (site.out / "sitemap.xml").read_text()
    assert "/hidden/" not in sitemap and "/toc/" in sitemap
    assert site.soup("/hidden/").select_one("#sg-toc") is None
    assert [a["href"] for a in site.soup("/toc/").select("#sg-toc a")] == ["#a", "#b"]


def test_breadcrumbs_follow_folders_and_front_matter(make_site):
    files = dict(BASIC)
    files["content/ja/zoom/index.md"] = "---\ntitle: Zoom案内\n---\n一覧\n"
    files["content/ja/zoom/recover.md"] = "---\ntitle: 復旧\nbreadcrumb:\n  parent: account.md\n---\n本文\n"
    site = make_site(files)
    crumbs = [a["href"] for a in site.soup("/zoom/account/").select(".breadcrumbs a")]
    assert crumbs == ["/", "/zoom/"]
    crumbs = [a["href"] for a in site.soup("/zoom/recover/").select(".breadcrumbs a")]
    assert crumbs == ["/", "/zoom/", "/zoom/account/"]


def test_site_ui_strings_override_theme_and_missing_keys_are_reported(make_site, run_cli):
    files = dict(BASIC)
    files["content/ja/only.md"] = "---\ntitle: 日本語のみ\n---\n本文\n"
    files["i18n/en.yml"] = "fallback_notice: \"Not in English yet ({source_language}).\"\n"
    files["i18n/ja.yml"] = "custom_key: 独自\n"
    site = make_site(files)
    assert "Not in English yet (Japanese)." in site.soup("/en/only/").select_one(".fallback-notice").get_text()
    code, out, err = run_cli("i18n", "status", "--source", site.source, "--format", "json")
    assert json.loads(out)["ui_strings"]["missing"] == {"en": ["custom_key"]}


def test_parallel_build_is_identical_to_a_single_process_build(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from bench.corpus import write_corpus

    source = write_corpus(tmp_path / "site", 90)
    outputs = []
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        build(BuildOptions(source=source, out=out, jobs=jobs, search=False))
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert len(outputs[0]) > 150
    assert outputs[0] == outputs[1]


def test_layout_template_errors_name_the_template_line(make_site):
    import pytest

    from sitegen.errors import BuildError

    files = dict(BASIC)
    files["templates/page.html"] = '{% extends "base.html" %}\n{% block content %}\n{{ page.nope.deeper }}\n{% endblock %}\n'
    with pytest.raises(BuildError) as info:
        make_site(files)
    text = str(info.value)
    assert "templates/page.html:3" in text and "`page` has no attribute 'nope'" in text


def test_a_broken_link_with_japanese_or_spaces_names_its_line_as_written(make_site, run_cli, tmp_path):
    files = dict(BASIC)
    files["content/ja/links.md"] = ("---\ntitle: リンク\n---\n\n本文\n\n[手順](存在しない.md)\n\n"
                                    "[古い資料](old%20file.html)\n")
    site_dir = write_files(tmp_path / "links-src", files)
    code, _, err = run_cli("build", "--source", site_dir, "--out", tmp_path / "links-out", "--no-search")
    assert code == 1
    assert "content/ja/links.md:7: error: link to a missing page: `存在しない.md` [broken-link]" in err
    assert "content/ja/links.md:9: warning: link target not found: `old file.html` [broken-link]" in err
    assert not (tmp_path / "links-out").exists()


def test_absolute_links_into_the_site_stay_in_the_tab(make_site):
    files = dict(BASIC)
    files["content/ja/links.md"] = """
        ---
        title: リンク
        ---
        [自サイト](https://example.org/zoom/account/) と [外部](https://zoom.us/)

        <details><summary>詳細</summary>
        {% filter markdown %}[自サイト](https://example.org/faq/) と [外部](https://example.com/){% endfilter %}
        </details>
    """
    site = make_site(files)
    body = site.main("/links/").select_one("article.content")  # the page's text, not the prev/next links
    links = {a.get_text(): a for a in body.find_all("a")}
    anchors = body.find_all("a")
    own = [a for a in anchors if a["href"].startswith("https://example.org/")]
    outside = [a for a in anchors if not a["href"].startswith("https://example.org/")]
    assert len(own) == 2 and len(outside) == 2, links
    assert all(a.get("target") is None for a in own)
    assert all(a.get("target") == "_blank" and "noopener" in a.get("rel", []) for a in outside)


def test_a_broken_navigation_link_warns_with_its_data_line(make_site, run_cli):
    files = dict(BASIC)
    files["data/nav.ja.yml"] = "- name: ホーム\n  url: /\n- name: 古い頁\n  url: /old-page/\n"
    site = make_site(files)
    warnings = [d for d in site.result.warnings if d.level == "warning"]  # besides the placeholder base_url note
    assert [(d.path, d.line, d.rule) for d in warnings] == [("data/nav.ja.yml", 4, "broken-link")]
    assert "navigation link target not found: `/old-page/`" in warnings[0].message
    code, out, err = run_cli("build", "--source", site.source, "--out", site.out, "--no-search")
    assert code == 0 and "(1 warning, 1 note)" in out
    assert err.count("data/nav.ja.yml:4: warning:") == 1
