"""FAQ: entries, the per-language index, category pages, JSON-LD."""

from __future__ import annotations

import json

import pytest

from sitegen.errors import BuildError

FAQ_SITE = {
    "site.yml": """
        title: {ja: サポート, en: Support}
        base_url: https://example.org/
        faq:
          categories:
            - key: zoom
              label: {ja: Zoom, en: Zoom}
            - key: account
              label: {ja: アカウント, en: Accounts}
            - key: desk
              label: {ja: サポート窓口, en: The Support Desk}
    """,
    "content/ja/index.md": "---\ntitle: ホーム\n---\nようこそ\n",
    "content/en/index.md": "---\ntitle: Home\n---\nWelcome\n",
    "content/ja/faq/index.md": "---\ntitle: よくある質問\n---\n質問と回答の一覧です。\n",
    "content/ja/faq/user-not-exist.md": """
        ---
        title: 「ユーザが存在しません」と表示されます
        category: account
        order: 1
        ---
        アクティベーションの手順を確認してください。
    """,
    "content/ja/faq/google-signin.md": """
        ---
        title: 誤って「Googleでサインイン」を押しました
        category: zoom
        order: 2
        ---
        二つの復旧方法があります。
    """,
    "content/ja/faq/recording.md": """
        ---
        title: Zoomサポートは録画されますか
        category: zoom
        order: 1
        ---
        録画はしません。利用者も録画しないでください。
    """,
    "content/ja/faq/who-answers.md": """
        ---
        title: 誰が回答しますか
        category: desk
        ---
        学生スタッフ(コモンサポーター)が回答します。
    """,
    "content/en/faq/recording.md": """
        ---
        title: Is Zoom support recorded?
        category: zoom
        order: 1
        ---
        We do not record. Please do not record either.
    """,
    "content/en/faq/who-answers.md": """
        ---
        title: Who answers my inquiry?
        category: desk
        ---
        Student staff (common supporters) answer.
    """,
}


@pytest.fixture
def site(make_site):
    return make_site(FAQ_SITE)


def sections(soup):
    return [s for s in soup.select("main section[id^=category-]")]


def test_index_groups_by_declared_category_order_with_counts(site):
    soup = site.soup("/faq/")
    ids = [s["id"] for s in sections(soup)]
    assert ids == ["category-zoom", "category-account", "category-desk"]
    zoom = soup.find(id="category-zoom")
    questions = [d.summary.get_text(" ", strip=True) for d in zoom.find_all("details")]
    assert questions[0].startswith("Zoomサポートは録画されますか")  # order: 1 first
    assert questions[1].startswith("誤って")
    assert "2" in zoom.find(["h2", "h3"]).get_text()  # the count
    assert "質問と回答の一覧です" in soup.main.get_text()  # intro from faq/index.md


def test_anchors_are_file_names_equal_across_languages(site):
    ja = {d["id"] for d in site.soup("/faq/").select("main details[id]")}
    en = {d["id"] for d in site.soup("/en/faq/").select("main details[id]")}
    assert {"recording", "who-answers", "google-signin", "user-not-exist"} == ja
    assert ja == en


def test_english_index_lists_japanese_only_entries_with_badge(site):
    soup = site.soup("/en/faq/")
    entry = soup.find(id="user-not-exist")
    assert entry is not None
    assert entry.select_one(".lang-badge").get_text(strip=True) == "日本語"
    assert entry.find("a", href="/en/faq/user-not-exist/") is not None
    assert entry.get("lang") == "ja" or entry.select_one("[lang=ja]") is not None
    assert soup.find(id="recording").select_one(".lang-badge") is None


def test_json_ld_counts_only_real_entries(site):
    for url, expected in (("/faq/", 4), ("/en/faq/", 2)):
        script = site.soup(url).find("script", type="application/ld+json")
        data = json.loads(script.string)
        assert data["@type"] == "FAQPage"
        assert data["inLanguage"] == ("ja" if url == "/faq/" else "en")
        assert len(data["mainEntity"]) == expected
        for question in data["mainEntity"]:
            assert question["@type"] == "Question"
            assert question["acceptedAnswer"]["@type"] == "Answer"
    names = [q["name"] for q in json.loads(site.soup("/en/faq/").find("script", type="application/ld+json").string)["mainEntity"]]
    assert "Who answers my inquiry?" in names and not any("ユーザ" in n for n in names)


def test_entry_page_has_related_questions_and_link_back(site):
    soup = site.soup("/faq/recording/")
    assert soup.h1.get_text(strip=True) == "Zoomサポートは録画されますか"
    related = [a["href"] for a in soup.select(".faq-related a")]
    assert related == ["/faq/google-signin/"]
    assert soup.find("a", href="/faq/#recording") is not None


def test_category_pages(site):
    soup = site.soup("/faq/zoom/")
    assert [d["id"] for d in soup.select("main details[id]")] == ["recording", "google-signin"]
    assert site.exists("/en/faq/zoom/")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert len(data["mainEntity"]) == 2


def test_english_index_generated_without_index_md(site):
    soup = site.soup("/en/faq/")
    assert soup.html["lang"] == "en"
    assert soup.select_one(".fallback-notice") is None


def test_unknown_category_is_an_error_naming_file_and_known_keys(make_site):
    files = dict(FAQ_SITE)
    files["content/ja/faq/bad.md"] = "---\ntitle: 悪い\ncategory: zom\n---\n本文\n"
    with pytest.raises(BuildError) as info:
        make_site(files)
    text = str(info.value)
    assert "content/ja/faq/bad.md:3" in text
    assert "unknown FAQ category `zom`" in text
    assert "zoom, account, desk" in text
