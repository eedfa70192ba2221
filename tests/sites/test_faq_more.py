"""The FAQ audited as a demanding user: ordering, entry pages, English-only
entries in the Japanese index, fallback modes, JSON-LD, the no-JS category
filter, hreflang/sitemap of the generated pages, and configuration errors."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from sitegen.errors import BuildError

SITE_YML = """
title: {ja: サポート, en: Support}
base_url: https://example.org/
faq:
  categories:
    - key: zoom
      label: {ja: Zoom, en: Zoom}
    - key: desk
      label: {ja: サポート窓口, en: The Support Desk}
"""

FAQ = {
    "site.yml": SITE_YML,
    "content/ja/index.md": "---\ntitle: ホーム\n---\nようこそ\n",
    "content/en/index.md": "---\ntitle: Home\n---\nWelcome\n",
    "content/ja/faq/index.md": "---\ntitle: よくある質問\n---\n質問の一覧です。\n",
    # zoom: order 1 (b-title), order 1 (a-title), order 2, no order
    "content/ja/faq/recording.md": "---\ntitle: B 録画されますか\ncategory: zoom\norder: 1\n---\n録画しません。\n",
    "content/ja/faq/audio.md": "---\ntitle: A 音声が聞こえません\ncategory: zoom\norder: 1\n---\n設定を確認。\n",
    "content/ja/faq/signin.md": "---\ntitle: サインインできません\ncategory: zoom\norder: 2\n---\n復旧方法。\n",
    "content/ja/faq/later.md": "---\ntitle: Aaa 順番なし\ncategory: zoom\n---\n最後。\n",
    "content/ja/faq/who.md": "---\ntitle: 誰が回答しますか\ncategory: desk\n---\n学生スタッフです。\n",
    "content/en/faq/recording.md": "---\ntitle: Is support recorded?\ncategory: zoom\norder: 1\n---\nNo.\n",
    "content/en/faq/who.md": "---\ntitle: Who answers?\ncategory: desk\n---\nStudent staff.\n",
    # English only: falls back into the Japanese index
    "content/en/faq/visitors.md": "---\ntitle: Can visitors ask?\ncategory: desk\norder: 1\n---\nYes.\n",
}


def build(make_site, fallback=None, extra=None):
    files = dict(FAQ)
    if fallback:
        files["site.yml"] = SITE_YML + f"fallback: {fallback}\n"
    files.update(extra or {})
    return make_site(files)


def entries(soup, category=None):
    scope = soup.find(id=f"category-{category}") if category else soup.find("main")
    return [d["id"] for d in scope.select("details.faq-entry")]


def json_ld(soup):
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) <= 1
    return json.loads(scripts[0].string) if scripts else None


def test_order_then_title(make_site):
    site = build(make_site)
    assert entries(site.soup("/faq/"), "zoom") == ["audio", "recording", "signin", "later"]
    assert entries(site.soup("/faq/zoom/")) == ["audio", "recording", "signin", "later"]


def test_answers_are_details_with_a_summary(make_site):
    soup = build(make_site).soup("/faq/")
    for details in soup.select("details.faq-entry"):
        assert details.find("summary", recursive=False) is not None
        assert not details.has_attr("open")


def test_english_only_entry_in_the_japanese_index(make_site):
    site = build(make_site)
    soup = site.soup("/faq/")
    entry = soup.find(id="visitors")
    assert entry is not None and entry["lang"] == "en"
    assert entry.select_one(".lang-badge").get_text(strip=True) == "English"
    assert entry.find("a", href="/faq/visitors/") is not None
    fallback = site.soup("/faq/visitors/")
    assert fallback.html["lang"] == "ja"
    assert "まだ日本語に翻訳されていません" in fallback.select_one(".fallback-notice").get_text()
    names = [q["name"] for q in json_ld(soup)["mainEntity"]]
    assert "Can visitors ask?" not in names and len(names) == 5


def test_anchors_equal_across_languages(make_site):
    site = build(make_site)
    assert sorted(entries(site.soup("/faq/"))) == sorted(entries(site.soup("/en/faq/")))


def test_entry_page_related_questions_and_link_back(make_site):
    site = build(make_site)
    soup = site.soup("/faq/recording/")
    back = soup.select_one(".faq-back a")
    assert back["href"] == "/faq/#recording"
    related = [a["href"] for a in soup.select(".faq-related a")]
    assert related == ["/faq/audio/", "/faq/signin/", "/faq/later/"]
    # an English reader's related list includes the Japanese-only entries, marked
    soup = site.soup("/en/faq/recording/")
    related = {a["href"]: a for a in soup.select(".faq-related a")}
    assert set(related) == {"/en/faq/audio/", "/en/faq/signin/", "/en/faq/later/"}
    assert related["/en/faq/audio/"]["lang"] == "ja"


def test_json_ld_is_valid_and_counts_real_entries(make_site):
    site = build(make_site)
    for url, lang, count in (("/faq/", "ja", 5), ("/en/faq/", "en", 3), ("/faq/zoom/", "ja", 4),
                             ("/en/faq/zoom/", "en", 1), ("/en/faq/desk/", "en", 2)):
        data = json_ld(site.soup(url))
        assert data["@context"] == "https://schema.org" and data["@type"] == "FAQPage"
        assert data["inLanguage"] == lang
        assert len(data["mainEntity"]) == count, url
        for q in data["mainEntity"]:
            assert q["@type"] == "Question" and q["name"]
            assert q["acceptedAnswer"]["@type"] == "Answer" and q["acceptedAnswer"]["text"]
    assert json_ld(site.soup("/faq/recording/")) is None  # entry pages have none


def test_no_json_ld_without_a_question_in_the_language(make_site):
    site = build(make_site, extra={
        "content/ja/faq/zoomonly.md": "---\ntitle: 日本語だけ\ncategory: zoom\n---\nx\n",
        "site.yml": SITE_YML + "    - key: extra\n      label: {ja: その他, en: Other}\n",
        "content/ja/faq/other.md": "---\ntitle: その他の質問\ncategory: extra\n---\nx\n",
    })
    assert site.exists("/en/faq/extra/")
    assert json_ld(site.soup("/en/faq/extra/")) is None  # only a Japanese entry: no empty FAQPage


def test_category_filter_without_javascript(make_site):
    soup = build(make_site).soup("/faq/")
    radios = soup.select("input.faq-filter-input[type=radio]")
    assert [r["id"] for r in radios] == ["sg-faq-filter-all", "sg-faq-filter-zoom", "sg-faq-filter-desk"]
    labels = {label["for"] for label in soup.select(".faq-filter-labels label")}
    assert labels == {r["id"] for r in radios}
    css = soup.find("style").string
    assert '#sg-faq-filter-zoom:checked ~ .faq-sections .faq-category:not([data-category="zoom"])' in css
    # the rule's selector really matches: the radios are siblings before .faq-sections
    browser = soup.select_one(".faq-browser")
    assert browser.select_one(":scope > .faq-sections") is not None
    assert all(r.parent is browser for r in radios)


def test_generated_faq_pages_have_hreflang_and_are_in_the_sitemap(make_site):
    site = build(make_site)
    alts = {l["hreflang"]: l["href"] for l in site.soup("/en/faq/").find_all("link", rel="alternate") if l.get("hreflang")}
    assert alts == {"ja": "https://example.org/faq/", "en": "https://example.org/en/faq/",
                    "x-default": "https://example.org/faq/"}
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {u.find("s:loc", ns).text for u in ET.fromstring((site.out / "sitemap.xml").read_bytes()).findall("s:url", ns)}
    assert {"https://example.org/faq/", "https://example.org/en/faq/", "https://example.org/faq/zoom/",
            "https://example.org/en/faq/desk/"} <= locs
    assert "https://example.org/en/faq/audio/" not in locs  # a fallback


def test_switcher_from_an_index_md_to_a_generated_index(make_site):
    site = build(make_site)
    # ja has faq/index.md, en gets a generated index: they are counterparts
    ja = site.soup("/faq/").select_one("nav.lang-switcher a[hreflang=en]")
    assert ja["href"] == "/en/faq/" and "to-fallback" not in (ja.get("class") or [])
    en = site.soup("/en/faq/").select_one("nav.lang-switcher a[hreflang=ja]")
    assert en["href"] == "/faq/"
    # the FAQ anchors are kept by the switcher script
    assert "recording" in ja["data-keep-hash"].split() and "category-zoom" in ja["data-keep-hash"].split()


@pytest.mark.parametrize("fallback", ["none", "redirect"])
def test_index_without_fallback_pages_links_to_the_original(make_site, fallback):
    site = build(make_site, fallback)
    soup = site.soup("/en/faq/")
    entry = soup.find(id="audio")
    assert entry is not None and entry.select_one(".lang-badge") is not None
    href = entry.select_one(".faq-permalink a")["href"]
    assert href == "/faq/audio/" and site.exists(href)
    for a in soup.select("main a[href^='/']"):
        assert site.exists(a["href"].split("#")[0]), a["href"]
    assert len(json_ld(soup)["mainEntity"]) == 3


def test_entry_named_like_a_category_is_an_error(make_site):
    with pytest.raises(BuildError) as info:
        build(make_site, extra={"content/ja/faq/zoom.md": "---\ntitle: Zoomとは\ncategory: zoom\n---\nx\n"})
    assert "content/ja/faq/zoom.md" in str(info.value) and "/faq/zoom/" in str(info.value)


def test_entry_without_category_is_an_error(make_site):
    with pytest.raises(BuildError) as info:
        build(make_site, extra={"content/ja/faq/nocat.md": "---\ntitle: カテゴリなし\n---\nx\n"})
    assert "content/ja/faq/nocat.md" in str(info.value) and "no `category`" in str(info.value)
    assert "zoom, desk" in str(info.value)


def test_entries_without_faq_in_site_yml_is_an_error(make_site):
    files = dict(FAQ)
    files["site.yml"] = "title: S\n"
    with pytest.raises(BuildError) as info:
        make_site(files)
    # one error for the whole FAQ, at site.yml, with the categories the entries use
    problems = [d for d in info.value.diagnostics if d.rule == "faq-category"]
    assert len(problems) == 1 and problems[0].path == "site.yml"
    assert problems[0].message.startswith("content/ja/faq/") and "declares no `faq.categories`" in problems[0].message
    assert "more are FAQ entries" in problems[0].message
    assert "the entries use: desk, zoom" in problems[0].hint
