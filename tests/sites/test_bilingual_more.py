"""The bilingual model audited as a demanding user: three languages, every
fallback mode, pages written first in English, stale notices, the status
report with non-default originals, and the switcher's #fragment support."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urlsplit

import pytest

from sitegen.parse import body_hash

ACCOUNT_JA = "## 手順 {#steps}\n\n最初にサインインします。\n\n## 注意\n\n注意点。\n"
VISITORS_EN = "Visitor guide.\n"

THREE = {
    "site.yml": """
        title: {ja: サポート, en: Support, zh: 支持}
        base_url: https://example.org/
        languages: [ja, en, zh]
    """,
    "content/ja/index.md": "---\ntitle: ホーム\n---\nようこそ\n",
    "content/en/index.md": "---\ntitle: Home\n---\nWelcome\n",
    "content/zh/index.md": "---\ntitle: 首页\n---\n欢迎\n",
    # ja + en; no zh
    "content/ja/zoom/account.md": "---\ntitle: アカウント\n---\n" + ACCOUNT_JA,
    "content/en/zoom/account.md": "---\ntitle: Account\nsource_hash: \"" + body_hash(ACCOUNT_JA)
                                  + "\"\n---\n## Steps {#steps}\n\nSign in first.\n",
    # Japanese only
    "content/ja/zoom/recover.md": "---\ntitle: 復旧\n---\n復旧の方法。[戻る](account.md#steps)\n",
    # written first in English, translated into Chinese only
    "content/en/visitors.md": "---\ntitle: Visitors\n---\n" + VISITORS_EN,
    "content/zh/visitors.md": "---\ntitle: 访客\nsource_hash: \"" + body_hash(VISITORS_EN) + "\"\n---\n访客指南\n",
    # Chinese only
    "content/zh/zhonly.md": "---\ntitle: 只有中文\n---\n中文页面\n",
    "data/nav.en.yml": """
        - name: Guides
          contents:
            - name: Account
              url: /zoom/account.md
            - name: Recovery
              url: /zoom/recover.md
            - name: Chinese page
              url: /zhonly.md
    """,
    "data/nav.ja.yml": """
        - name: ご案内
          contents:
            - name: 来訪者
              url: /visitors.md
    """,
}


def build(make_site, fallback: str | None = None, extra: dict | None = None):
    files = dict(THREE)
    if fallback:
        files["site.yml"] = ("title: {ja: サポート, en: Support, zh: 支持}\nbase_url: https://example.org/\n"
                             f"languages: [ja, en, zh]\nfallback: {fallback}\n")
    files.update(extra or {})
    return make_site(files)


def html_urls(site):
    for path in sorted(site.out.rglob("*.html")):
        rel = path.relative_to(site.out).as_posix()
        yield "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def switcher_links(soup):
    nav = soup.select_one("nav.lang-switcher")
    return {a["hreflang"]: a for a in nav.find_all("a")} if nav else {}


def alternates(soup):
    return {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate") if link.get("hreflang")}


def broken_internal_links(site):
    broken = []
    for url in html_urls(site):
        soup = site.soup(url)
        for tag in soup.find_all(["a", "link"], href=True):
            href = tag["href"]
            if href.startswith("https://example.org/"):
                href = href[len("https://example.org"):]
            if not href.startswith("/") or href.startswith("//"):
                continue
            path = unquote(urlsplit(href).path)
            if path.startswith("/pagefind/"):
                continue
            if not site.exists(path):
                broken.append((url, href))
    return sorted(set(broken))


@pytest.mark.parametrize("fallback", ["content", "redirect", "none"])
def test_no_page_links_to_a_page_that_does_not_exist(make_site, fallback):
    site = build(make_site, fallback)
    assert broken_internal_links(site) == []


@pytest.mark.parametrize("fallback", ["content", "redirect", "none"])
def test_switcher_never_links_to_the_page_itself(make_site, fallback):
    site = build(make_site, fallback)
    for url in html_urls(site):
        soup = site.soup(url)
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue
        for code, a in switcher_links(soup).items():
            assert a["href"] != url, f"{url}: the {code} switcher link leads back to the same page"
            assert site.soup(a["href"]).html["lang"] == code or soup.find("meta", attrs={"http-equiv": "refresh"})


def test_three_languages_fallbacks_and_switcher(make_site):
    site = build(make_site)
    for url in ("/zh/zoom/account/", "/zh/zoom/recover/", "/en/zoom/recover/", "/visitors/", "/zhonly/", "/en/zhonly/"):
        assert site.exists(url), url
    links = switcher_links(site.soup("/zoom/account/"))
    assert links["en"]["href"] == "/en/zoom/account/" and "to-fallback" not in (links["en"].get("class") or [])
    assert links["zh"]["href"] == "/zh/zoom/account/" and "to-fallback" in links["zh"]["class"]
    links = switcher_links(site.soup("/zh/zoom/account/"))  # a fallback page
    assert links["ja"]["href"] == "/zoom/account/" and links["en"]["href"] == "/en/zoom/account/"


def test_fallback_notice_names_the_readers_language(make_site):
    site = build(make_site, extra={"i18n/zh.yml": 'fallback_notice: "本页尚未翻译成{language}。您正在阅读{source_language}版本。"\n'})
    notice = site.soup("/zh/zoom/recover/").select_one(".fallback-notice")
    assert notice.get_text(" ", strip=True).startswith("本页尚未翻译成中文。")
    # English and Japanese readers keep the wording of the brief
    en = site.soup("/en/zhonly/").select_one(".fallback-notice").get_text(" ", strip=True)
    assert en.startswith("This page has not been translated into English yet. You are reading the ")
    ja = site.soup("/visitors/").select_one(".fallback-notice").get_text(" ", strip=True)
    assert ja.startswith("このページはまだ日本語に翻訳されていません。英語版を表示しています。")


def test_zh_reader_without_a_bundle_is_told_the_truth(make_site):
    # no zh UI strings: the Japanese ones are used, but they name Chinese as the missing language
    text = build(make_site).soup("/zh/zoom/recover/").select_one(".fallback-notice").get_text(" ", strip=True)
    assert "中文に翻訳されていません" in text and "日本語に翻訳" not in text


def test_english_first_page_in_japanese(make_site):
    site = build(make_site)
    soup = site.soup("/visitors/")
    assert soup.html["lang"] == "ja"
    notice = soup.select_one(".fallback-notice")
    link = notice.find("a")
    assert link["href"] == "/en/visitors/" and link["hreflang"] == "en"
    # the link text is Japanese: it must not claim to be English
    assert link.get("lang") in (None, "ja")
    assert soup.select_one("main h1")["lang"] == "en"
    assert soup.select_one(".fallback-body")["lang"] == "en"
    assert soup.select_one('.breadcrumbs [aria-current="page"]')["lang"] == "en"
    assert soup.find("link", rel="canonical")["href"] == "https://example.org/en/visitors/"
    assert alternates(soup) == {}


def test_hreflang_lists_real_translations_only(make_site):
    site = build(make_site)
    assert alternates(site.soup("/zoom/account/")) == {
        "ja": "https://example.org/zoom/account/",
        "en": "https://example.org/en/zoom/account/",
        "x-default": "https://example.org/zoom/account/",
    }
    # no default-language version: x-default is the original (English)
    assert alternates(site.soup("/zh/visitors/")) == {
        "en": "https://example.org/en/visitors/",
        "zh": "https://example.org/zh/visitors/",
        "x-default": "https://example.org/en/visitors/",
    }
    assert alternates(site.soup("/zh/zoom/account/")) == {}  # a fallback


def test_sitemap_alternates_for_real_translations(make_site):
    site = build(make_site)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.fromstring((site.out / "sitemap.xml").read_bytes())
    entries = {u.find("s:loc", ns).text: {l.get("hreflang"): l.get("href") for l in u.findall("x:link", ns)}
               for u in root.findall("s:url", ns)}
    assert "https://example.org/zh/zoom/account/" not in entries  # fallback
    assert "https://example.org/en/zoom/recover/" not in entries
    assert entries["https://example.org/zoom/account/"] == {
        "ja": "https://example.org/zoom/account/", "en": "https://example.org/en/zoom/account/",
        "x-default": "https://example.org/zoom/account/"}
    assert set(entries["https://example.org/zh/visitors/"]) == {"en", "zh", "x-default"}
    assert entries["https://example.org/zoom/recover/"] == {}


def test_nav_badge_names_the_language_shown(make_site):
    site = build(make_site)
    nav = site.soup("/en/").select_one("nav.site-nav")
    badges = {a.get_text(strip=True): a.find_next_sibling(class_="lang-badge") for a in nav.find_all("a")}
    assert badges["Account"] is None
    assert badges["Recovery"].get_text(strip=True) == "日本語"
    assert badges["Chinese page"].get_text(strip=True) == "中文"  # not "日本語"
    nav = site.soup("/").select_one("nav.site-nav")
    assert nav.find(class_="lang-badge").get_text(strip=True) == "English only"


@pytest.mark.parametrize("fallback", ["redirect", "none"])
def test_nav_badge_without_fallback_pages(make_site, fallback):
    site = build(make_site, fallback)
    nav = site.soup("/en/").select_one("nav.site-nav")
    link = nav.find("a", string="Recovery")
    assert link["href"] == "/zoom/recover/"  # the original: no English page exists
    assert link.find_next_sibling(class_="lang-badge").get_text(strip=True) == "日本語"


def test_redirect_mode_switcher_goes_home_not_back(make_site):
    site = build(make_site, "redirect")
    assert site.soup("/en/zoom/recover/").find("meta", attrs={"http-equiv": "refresh"}) is not None
    links = switcher_links(site.soup("/zoom/recover/"))
    assert links["en"]["href"] == "/en/" and links["zh"]["href"] == "/zh/"
    links = switcher_links(site.soup("/en/visitors/"))
    assert links["ja"]["href"] == "/" and links["zh"]["href"] == "/zh/visitors/"


def test_none_mode_builds_no_fallbacks_and_switcher_goes_home(make_site):
    site = build(make_site, "none")
    assert not site.exists("/en/zoom/recover/") and not site.exists("/visitors/")
    links = switcher_links(site.soup("/en/zoom/account/"))
    assert links["ja"]["href"] == "/zoom/account/" and links["zh"]["href"] == "/zh/"


def test_stale_notice_names_the_originals_language(make_site):
    site = build(make_site, extra={
        "content/en/zoom/account.md": "---\ntitle: Account\nsource_hash: \"000000000000\"\n---\n## Steps {#steps}\n\nOld.\n"})
    notice = site.soup("/en/zoom/account/").select_one(".stale-notice")
    assert "The Japanese original was updated" in notice.get_text(" ", strip=True)
    assert notice.find("a")["href"] == "/zoom/account/"


def test_switcher_lists_ids_shared_with_the_target_for_the_fragment(make_site):
    site = build(make_site)
    links = switcher_links(site.soup("/zoom/account/"))
    # `steps` is on both pages; the generated Japanese id `注意` is not on the English one
    assert links["en"]["data-keep-hash"].split() == ["steps"]
    assert links["zh"]["data-keep-hash"].split() == ["steps", "注意"]  # the zh fallback shows this very body
    assert not switcher_links(site.soup("/"))["en"].has_attr("data-keep-hash")
    script = next(p for p in (site.out / "assets" / "js").iterdir() if p.name.startswith("site."))
    assert "data-keep-hash" in script.read_text(encoding="utf-8")


def test_status_report_with_an_english_original(make_site, run_cli):
    site = build(make_site)
    report = json.loads((site.out / "translation-status.json").read_text())
    rows = {(p["key"], p["lang"]): p for p in report["pages"]}
    # zh/visitors.md is a current translation of the English original, not an orphan
    assert rows[("visitors", "zh")]["status"] == "current"
    assert rows[("visitors", "zh")]["source_path"] == "content/en/visitors.md"
    assert rows[("visitors", "ja")]["status"] == "missing"
    assert ("visitors", "en") not in rows
    assert rows[("zhonly", "ja")]["status"] == "missing" and rows[("zhonly", "en")]["status"] == "missing"
    assert report["summary"]["ja"]["missing"] == 2  # the default language has missing pages too
    assert report["summary"]["en"]["current"] == 1
    code, out, _ = run_cli("i18n", "status", "--source", site.source, "--fail-on", "stale")
    assert code == 0
    assert "ja: 0 current, 0 stale, 0 unstamped, 2 missing, 0 orphan" in out
    code, _, err = run_cli("i18n", "status", "--source", site.source, "--fail-on", "missing")
    assert code == 1 and "--fail-on missing" in err


def test_stamp_a_translation_of_an_english_original(make_site, run_cli):
    site = build(make_site, extra={"content/zh/visitors.md": "---\ntitle: 访客\n---\n访客指南\n"})
    code, out, _ = run_cli("i18n", "status", "--source", site.source, "--format", "json")
    rows = {(p["key"], p["lang"]): p["status"] for p in json.loads(out)["pages"]}
    assert rows[("visitors", "zh")] == "unstamped"
    code, out, _ = run_cli("i18n", "stamp", "--source", site.source, site.source / "content/zh/visitors.md")
    assert code == 0 and "content/zh/visitors.md" in out
    assert f'source_hash: "{body_hash(VISITORS_EN)}"' in (site.source / "content/zh/visitors.md").read_text()


def test_orphan_is_reported_and_fails_stale(make_site, run_cli):
    site = build(make_site, extra={"content/en/gone.md": "---\ntitle: Gone\nsource_hash: \"123456789abc\"\n---\nx\n"})
    report = json.loads((site.out / "translation-status.json").read_text())
    rows = {(p["key"], p["lang"]): p["status"] for p in report["pages"]}
    assert rows[("gone", "en")] == "orphan"
    code, _, _ = run_cli("i18n", "status", "--source", site.source, "--fail-on", "stale")
    assert code == 1
