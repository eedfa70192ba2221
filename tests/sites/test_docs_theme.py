"""The documentation theme as a reader and an editor meet it in the built
site: sidebar, previous/next, edit links, theme keys of site.yml, the
notices' Atom feed, image sizes, alerts and math (git dates: test_git_dates)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from site_files import write_files
from theme_site import THEME_SITE, png

from sitegen.build import BuildOptions, build
from sitegen.errors import BuildError

ATOM = "{http://www.w3.org/2005/Atom}"


class Built:
    """The output of one build, read the way the tests' BuiltSite reads it."""

    def __init__(self, source: Path, out: Path, result):
        self.source, self.out, self.result = source, out, result

    def path(self, url: str) -> Path:
        rel = url.lstrip("/")
        return self.out / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)

    def exists(self, url: str) -> bool:
        return self.path(url).is_file()

    def soup(self, url: str) -> BeautifulSoup:
        return BeautifulSoup(self.path(url).read_text(encoding="utf-8"), "lxml")

    def main(self, url: str):
        return self.soup(url).find("main")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The theme's fixture site, built once for the tests that only read it."""
    root = tmp_path_factory.mktemp("docs-theme")
    source = write_files(root / "src", THEME_SITE)
    result = build(BuildOptions(source=source, out=root / "out", search=False))
    return Built(source, root / "out", result)


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


# --- sidebar -------------------------------------------------------------------------

def test_the_sidebar_marks_the_page_and_opens_its_section(site):
    nav = site.soup("/start/install/").select_one("nav#sg-nav")
    current = nav.select('[aria-current="page"]')
    assert [(text_of(a), a["href"]) for a in current] == [("インストール", "/docs/start/install/")]
    sections = {text_of(d.summary): d.has_attr("open") for d in nav.select("details.site-nav-group")}
    assert sections == {"はじめに": True, "ガイド": False}
    # the section's own page is its first entry; external links stay in the menu
    group = nav.select_one("details.site-nav-group[open]")
    assert [a["href"] for a in group.select("a")] == ["/docs/start/", "/docs/start/install/", "/docs/start/only-ja/",
                                                      "https://example.com/"]


def test_a_page_below_a_nav_entry_opens_that_section_without_claiming_to_be_it(site):
    nav = site.soup("/start/deep/").select_one("nav#sg-nav")
    assert nav.select('[aria-current="page"]') == []
    assert [text_of(d.summary) for d in nav.select("details.site-nav-group[open]")] == ["はじめに"]


def test_fallback_entries_keep_their_language_badge(site):
    nav = site.soup("/en/start/only-ja/").select_one("nav#sg-nav")
    link = nav.find("a", href="/docs/en/start/only-ja/")
    assert link["aria-current"] == "page"
    assert text_of(link.find_next_sibling(class_="lang-badge")) == "日本語"


# --- previous / next -------------------------------------------------------------------

@pytest.mark.parametrize("url, prev, nxt", [
    ("/start/", ("ホーム", "/docs/"), ("インストール", "/docs/start/install/")),
    ("/start/install/", ("はじめに", "/docs/start/"), ("日本語だけの手順", "/docs/start/only-ja/")),
    # the external link is skipped; a section without a page of its own adds nothing
    ("/start/only-ja/", ("インストール", "/docs/start/install/"), ("数式と注意書き", "/docs/guide/math/")),
    ("/guide/math/", ("日本語だけの手順", "/docs/start/only-ja/"), None),
    ("/en/start/install/", ("Getting started", "/docs/en/start/"), ("A Japanese-only page 日本語", "/docs/en/start/only-ja/")),  # with its badge
])
def test_previous_and_next_follow_the_navigation(site, url, prev, nxt):
    nav = site.soup(url).select_one("nav.pagination")

    def link(rel):
        a = nav.find("a", rel=rel)
        return (text_of(a.select_one(".pagination-title")), a["href"]) if a else None
    assert link("prev") == prev and link("next") == nxt


def test_previous_next_badge_and_where_there_is_none(site):
    nxt = site.soup("/en/start/install/").select_one("nav.pagination a[rel=next]")
    assert text_of(nxt.select_one(".lang-badge")) == "日本語"
    assert site.soup("/").select_one("nav.pagination") is None  # the home page
    assert site.soup("/start/deep/").select_one("nav.pagination") is None  # not in the navigation
    assert site.soup("/404.html").select_one("nav.pagination") is None


# --- edit links ------------------------------------------------------------------------

def test_edit_links_lead_to_the_source_file(site):
    link = site.soup("/start/install/").select_one(".edit-link a")
    assert link["href"] == "https://github.com/example/guide/edit/main/site/content/ja/start/install.md"
    assert text_of(link) == "このページを編集"
    link = site.soup("/en/start/install/").select_one(".edit-link a")
    assert link["href"] == "https://github.com/example/guide/edit/main/site/content/en/start/install.md"
    assert text_of(link) == "Edit this page"


def test_a_fallback_page_edits_the_original_and_says_so(site):
    link = site.soup("/en/start/only-ja/").select_one(".edit-link a")
    assert link["href"] == "https://github.com/example/guide/edit/main/site/content/ja/start/only-ja.md"
    assert text_of(link) == "Edit the Japanese original"
    assert site.soup("/404.html").select_one(".edit-link") is None  # generated pages have no source


def test_edit_links_encode_japanese_file_names_and_default_for_github(make_site):
    built = make_site({
        "site.yml": "title: T\nrepo_url: https://github.com/org/repo/\n",
        "content/ja/手順.md": "---\ntitle: 手順\n---\n本文\n",
        "content/en/index.md": "---\ntitle: Home\n---\nx\n",
    })
    href = built.soup("/手順/").select_one(".edit-link a")["href"]
    assert href == "https://github.com/org/repo/edit/main/content/ja/%E6%89%8B%E9%A0%86.md"


def test_no_repo_url_no_edit_link(make_site):
    built = make_site({"content/ja/a.md": "---\ntitle: A\n---\nx\n"})
    assert built.soup("/a/").select_one(".edit-link") is None


# --- theme keys of site.yml --------------------------------------------------------------

def test_logo_favicon_extra_files_and_social_meta(site):
    soup = site.soup("/start/install/")
    logo = soup.select_one("header .site-title img.site-logo")
    assert logo["src"].startswith("/docs/assets/img/logo") and logo["alt"] == ""
    assert (logo["width"], logo["height"]) == ("64", "32")
    assert text_of(soup.select_one("header .site-title")) == "手引き"
    icon = soup.find("link", rel="icon")
    assert icon["href"] == "/docs/assets/img/favicon.svg" and icon["type"] == "image/svg+xml"
    css = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert css[-1].startswith("/docs/assets/css/extra.") and css[-1].endswith(".css")  # after the theme's
    assert site.exists(css[-1][len("/docs"):])
    js = [s["src"] for s in soup.find_all("script", src=True)]
    assert js[-1].startswith("/docs/assets/js/extra.") and site.exists(js[-1][len("/docs"):])
    meta = {m.get("property") or m.get("name"): m["content"] for m in soup.find_all("meta") if m.get("content")}
    assert meta["og:image"] == "https://example.org/docs/assets/img/og.png"
    assert meta["twitter:card"] == "summary_large_image" and meta["twitter:site"] == "@example"


def test_front_matter_image_wins_for_og_image(make_site):
    files = dict(THEME_SITE)
    files["content/ja/start/install.md"] = "---\ntitle: インストール\nimage: screen.png\n---\n本文\n"
    built = make_site(files)
    og = built.soup("/start/install/").find("meta", property="og:image")["content"]
    assert og == "https://example.org/docs/start/screen.png"


def test_translation_status_is_not_linked_from_public_pages(site):
    for url in ("/", "/en/", "/start/install/"):
        assert not site.soup(url).find("a", href="/docs/translation-status/")
    assert site.exists("/translation-status/")


@pytest.mark.parametrize("yml, message, line", [
    ("extra_css: [css/missing.css]\n", "`extra_css`: there is no file assets/css/missing.css", 1),
    ("title: T\nlogo:\n  - a.png\n", "`logo` must be a file under assets/ or a URL, found a list", 2),
    ("edit_uri: edit/main/\n", "`edit_uri` is relative, but there is no `repo_url`", 1),
    ("repo_url: github.com/org/repo\n", "`repo_url` must be an https:// URL", 1),
    ("twitter: {username: x, card: big}\n", "`twitter.card` must be one of summary, summary_large_image", 1),
    ("extra_js: [../../etc/passwd]\n", "`extra_js` `../../etc/passwd` is not a path inside assets/", 1),
    ("og_image: javascript:alert(1)\n", "is neither a file under assets/ nor an http(s) URL", 1),
])
def test_theme_keys_are_validated_with_their_line(make_site, yml, message, line):
    with pytest.raises(BuildError) as caught:
        make_site({"site.yml": yml, "content/ja/index.md": "---\ntitle: T\n---\nx\n"})
    found = [d for d in caught.value.diagnostics if message in d.message]
    assert found and found[0].path == "site.yml" and found[0].line == line, caught.value.diagnostics


# --- the notices' Atom feed --------------------------------------------------------------

def parse_feed(site, url):
    root = ET.fromstring(site.path(url).read_bytes())
    assert root.tag == f"{ATOM}feed"
    return root


def test_one_atom_feed_per_language_with_its_notices(site):
    for url, lang, titles in [
        ("/feed.xml", "ja", ["インストール手順を更新しました。", "メンテナンスを行います。", "窓口の受付時間が変わりました。"]),
        # a notice without English text shows the Japanese one, as the English home page does
        ("/en/feed.xml", "en", ["The installation guide was updated.", "Maintenance is scheduled.",
                                "窓口の受付時間が変わりました。"]),
    ]:
        feed = parse_feed(site, url)
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        entries = feed.findall(f"{ATOM}entry")
        assert [e.findtext(f"{ATOM}title") for e in entries] == titles  # newest first
        assert feed.findtext(f"{ATOM}updated") == "2026-04-01T00:00:00Z"
        assert [e.findtext(f"{ATOM}updated") for e in entries] == [
            "2026-04-01T00:00:00Z", "2026-03-20T00:00:00Z", "2026-03-15T00:00:00Z"]
        ids = [feed.findtext(f"{ATOM}id")] + [e.findtext(f"{ATOM}id") for e in entries]
        assert len(set(ids)) == len(ids) and all(urlsplit(i).scheme == "https" for i in ids)
        assert feed.find(f"{ATOM}author/{ATOM}name").text
        self_link = feed.find(f"{ATOM}link[@rel='self']").get("href")
        assert self_link == "https://example.org/docs" + url
        home = "https://example.org/docs/" if lang == "ja" else "https://example.org/docs/en/"
        assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == home
        first = entries[0]
        assert first.find(f"{ATOM}category").get("term") == "important"
        content = first.find(f"{ATOM}content")
        assert content.get("type") == "html"
        assert 'href="https://example.org/docs/' in content.text  # absolute links
        link = first.find(f"{ATOM}link").get("href")
        assert link.startswith(home + "#sg-notice-2026-04-01-")
        # the entry's anchor is on the home page
        assert site.soup(urlsplit(link).path[len("/docs"):]).find(id=urlsplit(link).fragment) is not None


def test_notice_anchors_are_the_same_in_every_language(site):
    ja = [li["id"] for li in site.soup("/").select("li.notice")]
    en = [li["id"] for li in site.soup("/en/").select("li.notice")]
    assert ja == en and len(set(ja)) == 3


def test_the_feed_is_linked_from_the_head_and_the_home_page(site):
    for url, feed in (("/", "/docs/feed.xml"), ("/en/start/install/", "/docs/en/feed.xml")):
        link = site.soup(url).find("link", rel="alternate", type="application/atom+xml")
        assert link["href"] == feed and link["title"]
    visible = site.soup("/en/").select_one(".notices-feed a")
    assert visible["href"] == "/docs/en/feed.xml" and "Atom" in text_of(visible)


def test_feeds_without_an_absolute_base_url_and_without_notices(make_site):
    files = dict(THEME_SITE)
    files["site.yml"] = "title: T\n"
    built = make_site(files)
    feed = parse_feed(built, "/feed.xml")
    ids = [feed.findtext(f"{ATOM}id")] + [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")]
    assert all(i.startswith("urn:uuid:") for i in ids) and len(set(ids)) == len(ids)
    again = make_site(files)
    assert again.path("/feed.xml").read_bytes() == built.path("/feed.xml").read_bytes()
    (built.source / "data" / "notices.yml").unlink()
    files.pop("data/notices.yml")
    bare = make_site(files)
    assert not bare.exists("/feed.xml")
    assert bare.soup("/").find("link", type="application/atom+xml") is None


def test_a_page_cannot_take_the_feed_url(make_site):
    with pytest.raises(BuildError) as caught:
        make_site({"content/en/x.md": "---\ntitle: X\npermalink: /feed.xml\n---\nx\n",
                   "content/ja/index.md": "---\ntitle: T\n---\nx\n"})
    assert any("/en/feed.xml is reserved" in d.message for d in caught.value.diagnostics)


# --- images ------------------------------------------------------------------------------

def test_images_get_their_size_and_lazy_loading_below_the_first(site):
    images = site.main("/start/install/").find_all("img")
    found = [(img["alt"], img.get("width"), img.get("height"), img.get("loading")) for img in images]
    assert found == [
        ("最初の画面", "640", "400", None),          # the first image loads at once
        ("次の画面", "640", "400", "lazy"),
        ("ロゴ", "64", "32", "lazy"),                 # an asset
        ("指定済み", "100", None, "lazy"),           # the author's own size is kept
        ("外部", None, None, "lazy"),                # not a file of the site
    ]


def test_image_sizes_follow_the_file(make_site):
    files = {"content/ja/a.md": "---\ntitle: A\n---\n![x](x.png)\n\n![y](y.svg)\n\n![z](z.svg)\n\n![b](broken.png)\n",
             "content/ja/x.png": png(3, 5),
             "content/ja/y.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="40px" height="20px"></svg>',
             "content/ja/z.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 2"></svg>',
             "content/ja/broken.png": b"not an image"}
    built = make_site(files)
    sizes = {img["alt"]: (img.get("width"), img.get("height")) for img in built.main("/a/").find_all("img")}
    assert sizes == {"x": ("3", "5"), "y": ("40", "20"), "z": (None, None), "b": (None, None)}


def test_an_img_in_a_comment_a_script_or_code_is_left_as_written(make_site):
    files = {"content/ja/a.md": "---\ntitle: A\n---\n![x](x.png)\n\n"
                                "<!-- <img src=\"x.png\" alt=\"old\"> -->\n\n"
                                "<script>document.write('<img src=\"x.png\">')</script>\n\n"
                                "`<img src=\"x.png\">`\n",
             "content/ja/x.png": png(3, 5)}
    html = make_site(files).html("/a/")
    assert '<!-- <img src="x.png" alt="old"> -->' in html
    assert """<script>document.write('<img src="x.png">')</script>""" in html
    assert "<code>&lt;img src=&quot;x.png&quot;&gt;</code>" in html
    assert html.count('width="3" height="5"') == 1  # the one real image


# --- alerts, math and warnings in a built page -----------------------------------------------

def test_alerts_and_math_in_both_languages(site):
    ja = site.main("/guide/math/")
    assert [text_of(t) for t in ja.select(".admonition > .admonition-title")] == ["注意", "警告"]
    assert ja.find("math", attrs={"display": "inline"}) is not None
    assert ja.select_one(".math-block math[display=block]") is not None
    assert "料金は $5 と $10 です。" in text_of(ja)
    en = site.main("/en/guide/math/")
    assert [text_of(t) for t in en.select(".admonition > .admonition-title")] == ["Tip", "Caution"]
    assert not site.soup("/guide/math/").find_all("script", src=lambda s: s and "math" in s)


def test_unrendered_constructs_and_math_errors_are_build_warnings(make_site):
    built = make_site({"content/ja/a.md": "---\ntitle: A\n---\n本文\n\n```mermaid\ngraph TD\n```\n\n$x^$\n"})
    found = sorted((w.path, w.line, w.message.split(":")[0]) for w in built.result.warnings)
    assert found[0][:2] == ("content/ja/a.md", 6) and "mermaid" in found[0][2]
    assert found[1][:2] == ("content/ja/a.md", 10) and found[1][2].startswith("math could not be read")


def test_the_theme_output_is_deterministic(make_site, tmp_path):
    first = make_site(THEME_SITE)
    files = {p.relative_to(first.out): p.read_bytes() for p in first.out.rglob("*") if p.is_file()}
    second = make_site(THEME_SITE)
    assert {p.relative_to(second.out): p.read_bytes() for p in second.out.rglob("*") if p.is_file()} == files
