"""The stumbles of a new site, each with its sensible default (#15):
navigation from the content tree, source links to the generated FAQ index,
the base_url warning, the hint for template braces in prose, and the
layouts the unknown-layout hint offers."""

from __future__ import annotations

import pytest

from sitegen.check import check_site
from sitegen.errors import BuildError
from site_files import write_files


def page(title: str, body: str = "本文。", **front) -> str:
    lines = [f"title: {title}"] + [f"{key}: {value}" for key, value in front.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


TREE = {
    "site.yml": """
        base_url: https://support.example.ac.jp/
        faq:
          categories:
            - key: zoom
              label: {ja: Zoom, en: Zoom}
            - key: mail
              label: {ja: メール, en: Email}
    """,
    "content/ja/index.md": page("ホーム", layout="home"),
    "content/en/index.md": page("Home", "Welcome.", layout="home"),
    "content/ja/about.md": page("このサイトについて"),
    "content/en/about.md": page("About this site", "About."),
    "content/ja/zoom/index.md": page("Zoom", order=1),
    "content/en/zoom/index.md": page("Zoom", "Zoom.", order=1),
    "content/ja/zoom/signin.md": page("サインイン", order=2),
    "content/en/zoom/signin.md": page("Signing in", "Sign in.", order=2),
    "content/ja/zoom/record.md": page("<em>録画</em>の手順", order=1),  # Japanese only: a fallback in English
    "content/ja/zoom/rooms/index.md": page("会議室"),
    "content/ja/zoom/rooms/book.md": page("会議室の予約"),
    "content/ja/mail/setup.md": page("メールの設定"),  # a folder without index.md
    "content/ja/faq/login.md": page("ログインできません", category="zoom"),
    "content/ja/old.md": page("古いページ", redirect_to="/about/"),
    "content/ja/_partials/x.md": "部品\n",
}


def nav_links(site, url: str) -> list[tuple[str, str | None, bool]]:
    nav = site.soup(url).find(id="sg-nav")
    assert nav is not None, f"no menu on {url}"
    result = []
    # in reading order: a section's heading (no link), then its links, the section's own page first
    for item in nav.select(".site-nav-heading, .site-nav-block a"):
        badge = item.find_next_sibling("span", class_="lang-badge")
        result.append((item.get_text(strip=True), item.get("href"), badge is not None))
    return result


def test_without_nav_data_the_menu_comes_from_the_content_tree(make_site):
    site = make_site(TREE)
    ja = nav_links(site, "/about/")
    names = [name for name, _, _ in ja]
    # the home page first; then by `order`, then by file name (about, faq, mail); a folder's
    # index gives its block's name and link, its other pages (sub-folders flattened) the entries
    assert names == ["ホーム", "Zoom", "Zoom", "録画の手順", "サインイン", "会議室", "会議室の予約",
                     "このサイトについて", "よくある質問", "よくある質問", "Zoom", "Mail", "メールの設定"]
    assert ja[1:3] == [("Zoom", None, False), ("Zoom", "/zoom/", False)]  # the section, then its index page
    urls = dict((name, url) for name, url, _ in ja)
    assert urls["録画の手順"] == "/zoom/record/" and urls["会議室の予約"] == "/zoom/rooms/book/"
    # no index.md: a section named after the folder, with no page of its own
    assert ja[11:] == [("Mail", None, False), ("メールの設定", "/mail/setup/", False)]
    assert ja[8:10] == [("よくある質問", None, False), ("よくある質問", "/faq/", False)]
    assert ja[10] == ("Zoom", "/faq/zoom/", False)  # the FAQ's categories, not every question
    assert "古いページ" not in names and "ログインできません" not in names  # redirects and FAQ entries stay out


def test_the_english_menu_lists_the_same_pages_in_the_same_order_with_fallback_badges(make_site):
    site = make_site(TREE)
    en = nav_links(site, "/en/about/")
    assert [name for name, _, _ in en] == ["Home", "Zoom", "Zoom", "録画の手順", "Signing in", "会議室", "会議室の予約",
                                          "About this site", "FAQ", "FAQ", "Zoom", "Mail", "メールの設定"]
    by_name = {name: (url, badge) for name, url, badge in en}
    assert by_name["録画の手順"] == ("/en/zoom/record/", True)  # the fallback page, marked
    assert by_name["Signing in"] == ("/en/zoom/signin/", False)
    assert by_name["FAQ"] == ("/en/faq/", False)
    # the fallback page it leads to exists and is in Japanese
    assert site.soup("/en/zoom/record/").find(class_="fallback-body")["lang"] == "ja"


def test_the_home_page_cards_use_the_content_tree_too(make_site):
    site = make_site(TREE)
    cards = [h3.get_text(strip=True) for h3 in site.soup("/").select(".home-cards .card h3")]
    assert cards == ["Zoom", "このサイトについて", "よくある質問", "Mail"]


def test_nav_data_wins_and_an_empty_nav_file_means_no_menu(make_site, tmp_path):
    files = dict(TREE)
    files["data/nav.yml"] = "- name: {ja: 案内, en: Guide}\n  url: /about.md\n"
    site = make_site(files)
    assert nav_links(site, "/zoom/") == [("案内", "/about/", False)]
    assert nav_links(site, "/en/zoom/") == [("Guide", "/en/about/", False)]

    files["data/nav.yml"] = "# no menu on this site\n"
    site = make_site(files)
    assert site.soup("/zoom/").find(id="sg-nav") is None


def test_order_works_in_the_content_tree_menu(make_site):
    files = {
        "site.yml": "base_url: https://support.example.ac.jp/\n",
        "content/ja/index.md": page("ホーム"),
        "content/ja/b.md": page("B", order=1),
        "content/ja/a.md": page("A"),
        "content/ja/c/index.md": page("C", order=0),
    }
    site = make_site(files)
    assert [name for name, _, _ in nav_links(site, "/a/")] == ["ホーム", "C", "B", "A"]


# --- a source link to the generated FAQ index ----------------------------------

FAQ_SITE = {
    "site.yml": """
        base_url: https://support.example.ac.jp/
        faq:
          categories:
            - key: zoom
              label: Zoom
    """,
    "content/ja/index.md": page("ホーム", "[質問](faq/index.md) と [一覧](faq/) と [Zoom](faq/index.md#zoom-login)"),
    "content/en/index.md": page("Home", "[Questions](faq/index.md)"),
    "content/ja/zoom/help.md": page("ヘルプ", "[よくある質問](../faq/index.md)"),
    "content/ja/faq/zoom-login.md": page("ログイン", category="zoom"),
    "content/en/faq/zoom-login.md": page("Signing in", "Sign in.", category="zoom"),
}


def _links(site, url):
    return [a["href"] for a in site.main(url).select(".content a, article a") if a.get("href")]


@pytest.mark.parametrize("intro", ["none", "ja", "both"])
def test_a_source_link_to_the_faq_index_works_with_or_without_its_intro_file(make_site, intro):
    files = dict(FAQ_SITE)
    if intro in ("ja", "both"):
        files["content/ja/faq/index.md"] = page("よくある質問", "はじめに。")
    if intro == "both":
        files["content/en/faq/index.md"] = page("FAQ", "Intro.")
    site = make_site(files)  # builds: no "link to a missing page" error
    assert "/faq/" in _links(site, "/") and "/faq/#zoom-login" in _links(site, "/")
    # each reader reaches the index of their own language
    assert "/en/faq/" in _links(site, "/en/")
    assert "/en/faq/" in _links(site, "/en/zoom/help/")  # the Japanese page shown to English readers
    assert "/faq/" in _links(site, "/zoom/help/")
    report = check_site(site.source, strict=True)
    assert [d.format() for d in report.findings] == [], intro


# --- base_url ---------------------------------------------------------------------

MINIMAL = {"content/ja/index.md": page("ホーム"), "content/en/index.md": page("Home", "Hi.")}


def test_a_missing_base_url_is_a_warning_in_build_and_check_naming_what_it_breaks(tmp_path, run_cli):
    source = write_files(tmp_path / "src", MINIMAL)
    code, out, err = run_cli("build", "--source", source, "--no-search")
    assert code == 0 and "(1 warning)" in out
    assert "site.yml: warning: no `base_url`" in err
    for broken in ("sitemap.xml", "robots.txt", "canonical"):
        assert broken in err
    assert "<loc>/</loc>" in (source / "_site" / "sitemap.xml").read_text(encoding="utf-8")  # what it warned about

    code, out, _ = run_cli("check", "--source", source)
    assert code == 0 and "site.yml: warning: no `base_url`" in out and "[base-url]" in out
    code, out, _ = run_cli("check", "--source", source, "--strict")
    assert code == 1 and "site.yml: error: no `base_url`" in out


def test_a_path_only_base_url_warns_with_its_line(tmp_path, run_cli):
    source = write_files(tmp_path / "src", {**MINIMAL, "site.yml": "title: x\nbase_url: /docs/\n"})
    code, out, _ = run_cli("check", "--source", source)
    assert code == 0 and "site.yml:2: warning: `base_url` is only a path (`/docs/`)" in out


def test_a_placeholder_base_url_is_a_note_that_strict_does_not_count(tmp_path, run_cli):
    source = write_files(tmp_path / "src", {**MINIMAL, "site.yml": "base_url: https://example.org/\n"})
    code, out, err = run_cli("build", "--source", source, "--no-search")
    assert code == 0 and "(1 note)" in out and "site.yml:1: note: `base_url` is the placeholder" in err
    code, out, _ = run_cli("check", "--source", source, "--strict", "--format", "json")
    import json

    doc = json.loads(out)
    assert code == 0 and doc["summary"]["errors"] == 0 and doc["summary"]["warnings"] == 0
    assert doc["summary"]["notes"] == 1 and doc["findings"][0]["level"] == "note"


def test_a_real_base_url_or_the_command_line_silences_it(tmp_path, run_cli):
    source = write_files(tmp_path / "src", MINIMAL)
    code, out, err = run_cli("check", "--source", source, "--strict", "--base-url", "https://support.example.ac.jp/")
    assert code == 0 and "base-url" not in out, out
    code, out, err = run_cli("build", "--source", source, "--no-search", "--base-url", "https://support.example.ac.jp/")
    assert code == 0 and "warning" not in out + err and "note" not in out + err


# --- hints ---------------------------------------------------------------------------

def test_a_spreadsheet_cell_in_prose_gets_a_hint_naming_raw_and_template_false(tmp_path, run_cli):
    source = write_files(tmp_path / "src", {
        **MINIMAL, "site.yml": "base_url: https://support.example.ac.jp/\n",
        "content/ja/sheet.md": page("表計算", "セル {{A1}} に入力します。"),
    })
    code, _, err = run_cli("build", "--source", source, "--no-search")
    assert code == 1
    assert "content/ja/sheet.md:4: error: template error: 'A1' is undefined" in err
    assert "{% raw %}" in err and "template: false" in err
    # and the advice works, both ways
    (source / "content/ja/sheet.md").write_text(page("表計算", "セル {% raw %}{{A1}}{% endraw %} に入力します。"),
                                                encoding="utf-8")
    (source / "content/ja/sheet2.md").write_text(page("表計算2", "セル {{B2}} に入力します。", template="false"),
                                                 encoding="utf-8")
    code, _, err = run_cli("build", "--source", source, "--no-search")
    assert code == 0, err
    assert "{{A1}}" in (source / "_site/sheet/index.html").read_text(encoding="utf-8")
    assert "{{B2}}" in (source / "_site/sheet2/index.html").read_text(encoding="utf-8")


def test_a_syntax_error_in_prose_names_raw_too(tmp_path):
    from sitegen.build import BuildOptions, build

    source = write_files(tmp_path / "src", {**MINIMAL, "content/ja/x.md": page("x", "{% 書式 %}")})
    with pytest.raises(BuildError) as info:
        build(BuildOptions(source=source, search=False))
    assert "{% raw %}" in str(info.value) and "template: false" in str(info.value)


def test_the_unknown_layout_hint_lists_only_layouts_a_page_can_use(tmp_path):
    from sitegen.build import BuildOptions, build

    source = write_files(tmp_path / "src", {
        **MINIMAL,
        "content/ja/x.md": page("x", layout="fancy"),
        "templates/docs.html": "{% extends 'base.html' %}{% block content %}{{ page.content }}{% endblock %}\n",
        "templates/base.html": open(__import__("sitegen").__path__[0] + "/theme/templates/base.html",
                                    encoding="utf-8").read(),  # an override of the skeleton: not a layout
        "templates/partials/footer.html": "<footer></footer>\n",
    })
    with pytest.raises(BuildError) as info:
        build(BuildOptions(source=source, search=False))
    diag = next(d for d in info.value.diagnostics if d.rule == "unknown-layout")
    assert diag.hint == "use one of: docs, home, page, or add templates/fancy.html"


def test_a_large_tree_gives_a_menu_of_sections_only(make_site, monkeypatch):
    import sitegen.nav.tree as tree

    monkeypatch.setattr(tree, "MAX_LINKS", 6)  # the tree below has 11 links
    site = make_site(TREE)
    # top-level pages and the sections' own links; no entries, no section without an index page
    assert nav_links(site, "/about/") == [("ホーム", "/", False), ("Zoom", "/zoom/", False),
                                          ("このサイトについて", "/about/", False), ("よくある質問", "/faq/", False)]
