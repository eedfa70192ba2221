"""``sitegen import jekyll`` on small Jekyll sites written inline, then the
imported site built: what moves where, what the report says, and Jekyll's
URL and front-matter behaviours (``compat: jekyll``) against native sites."""

from __future__ import annotations

import os

import pytest
import yaml
from bs4 import BeautifulSoup

from sitegen.build import BuildOptions, build
from site_files import write_files

JEKYLL = {
    "_config.yml": """
        title: ポータル
        description: "オンライン授業の
          サポート"
        url: https://example.org
        baseurl: /portal
        lang: ja
        plugins: [jekyll-redirect-from, jekyll-sitemap, jekyll-toc-maker]
        sass: {style: compressed}
        defaults:
          - scope: {path: ""}
            values: {layout: default}
          - scope: {path: "en"}
            values: {lang: en}
          - scope: {path: "en/zoom"}
            values: {toc: false}
        contact: help@example.org
    """,
    "index.md": "---\ntitle: ホーム\nlayout: home\n---\nようこそ\n",
    "zoom/account.md": "---\ntitle: アカウント\nslug: acct\n---\n{% include steps.html part=\"a\" %}\n",
    "zoom/index.md": "---\ntitle: Zoom\n---\n[account](account)\n",
    "en/index.md": "---\ntitle: Home\nlayout: en\n---\nWelcome\n",
    "en/zoom/signin/index.md": ("---\ntitle: Sign in\nredirect_from:\n  - /en/zoom/zoom_signin\n  - /en/zoom/old/\n---\n"
                                 "Sign in.\n"),
    "en/zoom/index.md": "---\ntitle: Zoom (en)\n---\n## A\n\n## B\n\nSee [sign in](/en/zoom/zoom_signin).\n",
    "en/online/courses.md": '---\nredirect_to: "https://example.com/courses"\n---\n',
    "en/change/index.md": "---\ntitle: Change\n---\n{% include_relative _part.md %}\n",
    "en/change/_part.md": "Part **text**.\n",
    "notice/raw.md": "title: not front matter\n---\n\n<div>plain</div>\n",
    "_includes/steps.html": "<p class=steps>{{ include.part }}</p>\n",
    "_data/nav/ja.yml": "- name: \"メール<small> (Google)</small>\"\n  contents:\n    - name: Zoom\n      url: /zoom/\n",
    "_data/nav/en.yml": "- name: Zoom\n  url: /en/zoom/\n",
    "_data/notice.yml": "- date: 2023-07-25\n  content:\n    ja: \"[お知らせ](/zoom/)\"\n    en: \"[Notice](/en/zoom/)\"\n",
    "_data/people.csv": "name\nA\n",
    "_layouts/default.html": "<html>{{ content }}</html>\n",
    "_sass/main.scss": "body { color: red }\n",
    "assets/css/style.scss": "---\n---\n@import 'main';\n",
    "assets/img/logo.png": b"\x89PNG\r\n\x1a\nfake",
    "Gemfile": "source 'https://rubygems.org'\n",
}


@pytest.fixture
def imported(tmp_path, run_cli):
    src = write_files(tmp_path / "jekyll", JEKYLL)
    dest = tmp_path / "site"
    code, out, err = run_cli("import", "jekyll", src, dest)
    assert code == 0, err
    return src, dest, out


def test_files_go_where_sitegen_reads_them_and_keep_their_bytes(imported):
    src, dest, out = imported
    for jekyll_path, sitegen_path in (("zoom/account.md", "content/ja/zoom/account.md"),
                                      ("en/zoom/signin/index.md", "content/en/zoom/signin/index.md"),
                                      ("en/change/_part.md", "content/en/change/_part.md"),
                                      ("_includes/steps.html", "content/ja/_includes/steps.html"),
                                      ("notice/raw.md", "content/ja/notice/raw.md"),
                                      ("assets/img/logo.png", "content/ja/assets/img/logo.png"),
                                      ("_data/nav/ja.yml", "data/nav.ja.yml"),
                                      ("_data/notice.yml", "data/notices.yml")):
        assert (dest / sitegen_path).read_bytes() == (src / jekyll_path).read_bytes(), sitegen_path
    for left_out in ("Gemfile", "_layouts", "_sass", "content/ja/assets/css/style.scss", "content/ja/_config.yml"):
        assert not (dest / left_out).exists() and not (dest / "content/ja" / left_out).exists(), left_out
    assert "imported" in out and "IMPORT-REPORT.md" in out


def test_config_becomes_site_yml(imported):
    _, dest, _ = imported
    site = yaml.safe_load((dest / "site.yml").read_text(encoding="utf-8"))
    assert site["title"] == "ポータル"
    assert site["base_url"] == "https://example.org/portal/"
    assert site["languages"] == ["ja", "en"] and site["default_language"] == "ja"
    assert site["templates"] == "liquid" and site["compat"] == "jekyll"
    assert site["layouts"] == {"default": "page", "en": "page"}  # `home` is a theme layout already
    assert {"path": "zoom/", "lang": "en", "values": {"toc": False}} in site["defaults"]
    assert {"values": {"layout": "default"}} in site["defaults"]
    assert site["params"] == {"contact": "help@example.org"}
    assert site["data_aliases"] == {"notice": "notices"}


def test_report_lists_what_was_changed_skipped_or_not_mapped(imported):
    _, dest, _ = imported
    report = (dest / "IMPORT-REPORT.md").read_text(encoding="utf-8")
    for expected in ("`_layouts/default.html`: Jekyll layout `default`", "falls back to the theme's `page` layout",
                     "`assets/css/style.scss`: Sass is not compiled", "`_sass/main.scss`",
                     "plugin `jekyll-toc-maker` is not available", "plugin `jekyll-redirect-from`",
                     "`_data/people.csv`: sitegen reads YAML", "`notice/raw.md`: no front matter: published as a static file",
                     "`_data/notice.yml`: -> `data/notices.yml` (the theme's notices)",
                     "`zoom/account.md`: `slug: acct` does not move the page", "`Gemfile`"):
        assert expected in report, expected


def test_the_imported_site_builds_with_jekylls_urls(imported):
    _, dest, _ = imported
    out = dest / "_site"
    result = build(BuildOptions(source=dest, out=out, search=False))

    def soup(rel):
        return BeautifulSoup((out / rel).read_text(encoding="utf-8"), "lxml")

    # slug does not move a page; /x.html (and so /x) still answers with a redirect to /x/
    assert soup("zoom/account/index.html").select_one("p.steps").get_text() == "a"
    assert not (out / "zoom/acct").exists()
    alias = soup("zoom/account.html")
    assert alias.find("meta", attrs={"http-equiv": "refresh"})["content"].endswith("url=/portal/zoom/account/")
    # redirect_from is site-absolute: /en/zoom/zoom_signin, never /en/en/...
    for old in ("en/zoom/zoom_signin/index.html", "en/zoom/zoom_signin.html", "en/zoom/old/index.html"):
        assert "/portal/en/zoom/signin/" in soup(old).find("meta", attrs={"http-equiv": "refresh"})["content"], old
    assert not (out / "en/en").exists()
    assert soup("en/zoom/index.html").find("a", string="sign in")["href"] == "/portal/en/zoom/zoom_signin/"
    # a redirect_to stub needs no title; a file without front matter is published as it is
    assert "https://example.com/courses" in (out / "en/online/courses/index.html").read_text(encoding="utf-8")
    assert (out / "notice/raw.md").read_bytes() == (dest / "content/ja/notice/raw.md").read_bytes()
    # include_relative, layout fallback (`layout: en` -> page), defaults (toc: false under en/zoom)
    assert soup("en/change/index.html").find("strong").get_text() == "text"
    assert soup("en/index.html").select_one("main h1").get_text() == "Home"
    assert soup("en/zoom/index.html").select_one("nav.toc") is None
    # navigation names are trusted markup; notices reach the theme's home page
    nav = soup("index.html").select_one("#sg-nav")
    assert nav.find("small").get_text() == " (Google)" and "&lt;small" not in str(nav)
    assert soup("index.html").select_one(".notices a")["href"] == "/portal/zoom/"
    # nothing to warn about but the placeholder address of the fixture (a note)
    assert [(d.level, d.rule) for d in result.warnings] == [("note", "base-url")]


def test_refuses_a_dest_that_is_not_empty_or_inside_the_source(tmp_path, run_cli):
    src = write_files(tmp_path / "jekyll", {"index.md": "---\ntitle: T\n---\nx\n"})
    dest = write_files(tmp_path / "busy", {"keep.txt": "mine"})
    code, _, err = run_cli("import", "jekyll", src, dest)
    assert code == 2 and "is not empty" in err and "Traceback" not in err
    assert sorted(os.listdir(dest)) == ["keep.txt"]
    code, _, err = run_cli("import", "jekyll", src, src / "inside")
    assert code == 2 and "inside the Jekyll site" in err
    code, _, err = run_cli("import", "jekyll", tmp_path / "nope", tmp_path / "new")
    assert code == 2 and "is not a folder" in err and not (tmp_path / "new").exists()


def test_symbolic_links_in_the_source_are_never_followed(tmp_path, run_cli):
    secret = write_files(tmp_path / "outside", {"secret.md": "---\ntitle: Secret\n---\nSECRET\n"})
    src = write_files(tmp_path / "jekyll", {"index.md": "---\ntitle: T\n---\nx\n"})
    (src / "linked.md").symlink_to(secret / "secret.md")
    (src / "folder").symlink_to(secret)
    dest = tmp_path / "site"
    code, _, err = run_cli("import", "jekyll", src, dest)
    assert code == 0, err
    written = [p for p in dest.rglob("*") if p.is_file()]
    assert all("SECRET" not in p.read_text(encoding="utf-8", errors="replace") for p in written)
    assert not any(p.is_symlink() for p in dest.rglob("*"))
    report = (dest / "IMPORT-REPORT.md").read_text(encoding="utf-8")
    assert "`linked.md`: a symbolic link: never followed" in report and "`folder/`" in report


def test_languages_from_the_en_folder_without_config(tmp_path, run_cli):
    src = write_files(tmp_path / "jekyll", {
        "about.md": "---\ntitle: 概要\n---\nこれは日本語です。\n",
        "en/about.md": "---\ntitle: About\n---\nEnglish.\n",
    })
    code, out, _ = run_cli("import", "jekyll", src, tmp_path / "site")
    assert code == 0
    site = yaml.safe_load((tmp_path / "site/site.yml").read_text(encoding="utf-8"))
    assert site["languages"] == ["ja", "en"] and site["default_language"] == "ja"
    assert (tmp_path / "site/content/en/about.md").is_file()
    assert "no `_config.yml`" in (tmp_path / "site/IMPORT-REPORT.md").read_text(encoding="utf-8")


def test_native_sites_keep_their_url_rules(make_site):
    site = make_site({
        "site.yml": "title: T\nlanguages: [ja, en]\n",
        "content/ja/zoom/account.md": "---\ntitle: A\nslug: acct\n---\nx\n",
        "content/en/zoom/signin.md": "---\ntitle: S\nredirect_from: /zoom/zoom_signin\n---\nx\n",
    })
    assert site.exists("/zoom/acct/") and not site.exists("/zoom/account.html")
    assert site.exists("/en/zoom/zoom_signin/")  # a path inside the page's language on native sites
    assert not site.exists("/en/zoom/signin.html")


def test_jekyll_pages_without_title_or_with_unclosed_front_matter_build_with_warnings(make_site):
    site = make_site({
        "site.yml": "title: T\nlanguages: [ja, en]\ncompat: jekyll\n",
        "content/en/join.md": "---\ntittle: How to join\n---\n\n## Joining\n\ntext\n",
        "content/en/url.md": "---\nTitle: URL\n lang: en\n --- \n\n## Finding the URL\n",
    })
    assert site.main("/en/join/").find("h1").get_text() == "Joining"
    warnings = {(d.path, d.rule): d for d in site.result.warnings}
    assert "`tittle:` looks like a misspelt `title:`" in warnings[("content/en/join.md", "empty-title")].hint
    assert ("content/en/url.md", "yaml") in warnings
    assert "Finding the URL" in site.main("/en/url/").get_text()


def test_keep_going_builds_what_it_can_and_exits_1(tmp_path, run_cli):
    source = write_files(tmp_path / "src", {
        "site.yml": "title: T\nlanguages: [ja, en]\n",
        "content/ja/good.md": "---\ntitle: Good\n---\nfine\n",
        "content/ja/bad.md": "---\ntitle: Bad\n---\nline\n{{ nope.x }}\n",
    })
    out = tmp_path / "out"
    code, _, err = run_cli("build", "--source", source, "--out", out, "--no-search")
    assert code == 1 and not out.exists()
    code, stdout, err = run_cli("build", "--source", source, "--out", out, "--no-search", "--keep-going")
    assert code == 1
    assert (out / "good/index.html").is_file() and not (out / "bad/index.html").exists()
    assert "content/ja/bad.md:5: error:" in err
    assert "1 page not built:\n  content/ja/bad.md:5" in err
    code, _, err = run_cli("build", "--source", source, "--keep-going", "--incremental")
    assert code == 2


def test_faq_split_turns_a_one_page_faq_into_entries(tmp_path, run_cli):
    ja = ("---\ntitle: よくある質問\n---\n\n案内です．\n\n## Zoom\n\n### Q. Zoomにサインインできない\n答え1\n\n"
          "### Q. 料金は必要ですか\n答え2\n\n## UTAS\n\n### Q. UTASって何ですか\n答え3\n")
    en = ("---\ntitle: FAQ\n---\n\nIntro.\n\n## Zoom\n\n### Q. I cannot sign in to Zoom\nAnswer 1\n\n"
          "### Q. Is this service free?\nAnswer 2\n\n## UTAS\n\n### Q. What is UTAS?\nAnswer 3\n")
    source = write_files(tmp_path / "src", {
        "site.yml": "title: T\nlanguages: [ja, en]\ncompat: jekyll\n",
        "content/ja/faq/index.md": ja, "content/en/faq/index.md": en,
    })
    before = build(BuildOptions(source=source, out=tmp_path / "one", search=False))
    page = BeautifulSoup((tmp_path / "one/faq/index.html").read_text(encoding="utf-8"), "lxml")
    assert len(page.select("nav.toc a")) >= 5  # a one-page FAQ stays a page with its contents
    assert before.page_count > 0

    code, out, err = run_cli("faq", "split", "--source", source, source / "content/ja/faq/index.md")
    assert code == 0, err
    names = sorted(p.name for p in (source / "content/ja/faq").glob("*.md"))
    assert names == sorted(p.name for p in (source / "content/en/faq").glob("*.md"))
    assert "i-cannot-sign-in-to-zoom.md" in names and "what-is-utas.md" in names
    entry = (source / "content/ja/faq/what-is-utas.md").read_text(encoding="utf-8")
    assert "title: UTASって何ですか" in entry and "category: utas" in entry and "答え3" in entry
    assert (source / "content/ja/faq/index.md").read_text(encoding="utf-8").endswith("案内です．\n")
    site = yaml.safe_load((source / "site.yml").read_text(encoding="utf-8"))
    assert site["faq"]["categories"][0] == {"key": "zoom", "label": {"ja": "Zoom", "en": "Zoom"}}
    build(BuildOptions(source=source, out=tmp_path / "split", search=False))
    index = BeautifulSoup((tmp_path / "split/en/faq/index.html").read_text(encoding="utf-8"), "lxml")
    assert index.find(id="i-cannot-sign-in-to-zoom") is not None
    ja_index = BeautifulSoup((tmp_path / "split/faq/index.html").read_text(encoding="utf-8"), "lxml")
    assert ja_index.find(id="i-cannot-sign-in-to-zoom") is not None  # same anchor in both languages
    code, _, err = run_cli("faq", "split", "--source", source, source / "content/ja/faq/index.md")
    assert code == 2 and "already has an `faq:` section" in err


def test_data_the_theme_cannot_read_keeps_working_for_liquid(tmp_path, run_cli):
    src = write_files(tmp_path / "jekyll", {
        "_data/navigation.yml": "main: [{title: Home, link: /}]\n",
        "index.md": "---\ntitle: Home\n---\n<p id=n>{{ site.data.navigation.main[0].title }}</p>\n",
    })
    dest = tmp_path / "site"
    assert run_cli("import", "jekyll", src, dest)[0] == 0
    assert (dest / "data/jekyll_navigation.yml").is_file() and not (dest / "data/nav.yml").exists()
    assert "not used as the theme's navigation" in (dest / "IMPORT-REPORT.md").read_text(encoding="utf-8")
    build(BuildOptions(source=dest, out=dest / "_site", search=False))
    soup = BeautifulSoup((dest / "_site/index.html").read_text(encoding="utf-8"), "lxml")
    assert soup.select_one("#n").get_text() == "Home"
