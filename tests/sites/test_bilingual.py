"""The bilingual model: counterparts, the switcher, fallback pages,
canonical/hreflang, the sitemap and the translation status report."""

from __future__ import annotations

import json

import pytest

from sitegen.errors import BuildError
from sitegen.parse import body_hash

SOURCE_BODY = "## 手順 {#steps}\n\n最初にサインインします。\n"

SITE = {
    "site.yml": """
        title: {ja: サポート, en: Support}
        base_url: https://example.org/
    """,
    "content/ja/index.md": "---\ntitle: ホーム\n---\nようこそ\n",
    "content/en/index.md": "---\ntitle: Home\n---\nWelcome\n",
    # translated and current
    "content/ja/zoom/account.md": "---\ntitle: Zoomアカウント\n---\n" + SOURCE_BODY,
    "content/en/zoom/account.md": "---\ntitle: Zoom account\nsource_hash: " + body_hash(SOURCE_BODY)
                                  + "\n---\n## Steps {#steps}\n\nSign in first.\n",
    # Japanese only: falls back into English
    "content/ja/zoom/recover.md": "---\ntitle: アカウントの復旧\n---\n復旧の方法。[戻る](account.md#steps)\n",
    # English only: falls back into Japanese
    "content/en/visitors.md": "---\ntitle: For visitors\n---\nVisitor guide.\n",
    # renamed: different paths, one translation_key
    "content/ja/oc/sanka.md": "---\ntitle: 授業への参加\ntranslation_key: join\n---\n参加方法\n",
    "content/en/oc/join.md": "---\ntitle: Joining a class\ntranslation_key: join\n---\nHow to join\n",
    # stale: the stamp does not match the source any more
    "content/ja/mail.md": "---\ntitle: メール\n---\n新しい本文\n",
    "content/en/mail.md": "---\ntitle: Mail\nsource_hash: 000000000000\n---\nOld text\n",
    # orphan: a stamped translation whose source was removed
    "content/en/gone.md": "---\ntitle: Gone\nsource_hash: 123456789abc\n---\nText\n",
    "data/nav.en.yml": """
        - name: Zoom
          contents:
            - name: Account
              url: /en/zoom/account/
            - name: Recovery
              url: /en/zoom/recover/
    """,
}


@pytest.fixture
def site(make_site):
    return make_site(SITE)


def switcher(soup):
    return {a.get("hreflang"): a["href"] for a in soup.select("a[hreflang]") if a.find_parent(class_=lambda c: c and "switch" in c) or True}


def alternates(soup):
    return {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate") if link.get("hreflang")}


def test_every_route_is_built(site):
    for url in ("/zoom/account/", "/en/zoom/account/", "/zoom/recover/", "/en/zoom/recover/",
                "/en/visitors/", "/visitors/", "/oc/sanka/", "/en/oc/join/"):
        assert site.exists(url), url


def test_fallback_page_in_english(site):
    soup = site.soup("/en/zoom/recover/")
    assert soup.html["lang"] == "en"
    notice = soup.select_one(".fallback-notice")
    assert "not been translated into English" in notice.get_text()
    assert notice.find("a", href="/zoom/recover/") is not None
    wrapper = soup.select_one("main div[lang=ja]")
    assert wrapper is not None and "復旧の方法" in wrapper.get_text()
    assert soup.find("link", rel="canonical")["href"] == "https://example.org/zoom/recover/"
    assert alternates(soup) == {}
    # links inside the fallback body stay on the English site
    assert wrapper.find("a", string="戻る")["href"] == "/en/zoom/account/#steps"


def test_fallback_goes_both_ways(site):
    soup = site.soup("/visitors/")
    assert soup.html["lang"] == "ja"
    assert "まだ日本語に翻訳されていません" in soup.select_one(".fallback-notice").get_text()
    assert soup.select_one("main div[lang=en]") is not None


def test_switcher_links_to_counterparts_and_fallbacks(site):
    hrefs = {a["href"] for a in site.soup("/zoom/account/").select("a[hreflang]")}
    assert "/en/zoom/account/" in hrefs
    hrefs = {a["href"] for a in site.soup("/oc/sanka/").select("a[hreflang]")}
    assert "/en/oc/join/" in hrefs  # translation_key
    hrefs = {a["href"] for a in site.soup("/zoom/recover/").select("a[hreflang]")}
    assert "/en/zoom/recover/" in hrefs  # the fallback page


def test_every_switcher_link_resolves(site):
    for page in sorted(site.out.rglob("*.html")):
        soup = site.soup("/" + page.relative_to(site.out).as_posix())
        for a in soup.select("a[hreflang]"):
            href = a["href"]
            assert href.startswith("/"), href
            assert site.exists(href), f"{page}: switcher link {href} is broken"


def test_hreflang_lists_real_translations_and_x_default(site):
    assert alternates(site.soup("/en/zoom/account/")) == {
        "ja": "https://example.org/zoom/account/",
        "en": "https://example.org/en/zoom/account/",
        "x-default": "https://example.org/zoom/account/",
    }
    assert alternates(site.soup("/zoom/recover/")) == {}


def test_nav_entry_to_fallback_is_marked(site):
    soup = site.soup("/en/zoom/account/")
    link = soup.find("a", href="/en/zoom/recover/", string=lambda s: s and "Recovery" in s) \
        or [a for a in soup.find_all("a", href="/en/zoom/recover/") if "Recovery" in a.get_text()][0]
    assert "日本語" in link.parent.get_text()


def test_stale_translation_has_a_notice(site):
    soup = site.soup("/en/mail/")
    notice = soup.select_one(".stale-notice")
    assert notice is not None
    assert notice.find("a", href="/mail/") is not None
    assert site.soup("/en/zoom/account/").select_one(".stale-notice") is None


def test_sitemap_has_real_pages_and_alternates_only(site):
    xml = (site.out / "sitemap.xml").read_text()
    assert "<loc>https://example.org/en/zoom/account/</loc>" in xml
    assert "<loc>https://example.org/en/zoom/recover/</loc>" not in xml
    assert 'hreflang="en" href="https://example.org/en/zoom/account/"' in xml
    assert "404" not in xml and "translation-status" not in xml


def test_status_json_written_with_the_build(site):
    report = json.loads((site.out / "translation-status.json").read_text())
    status = {(p["key"], p["lang"]): p["status"] for p in report["pages"]}
    assert status[("zoom/account", "en")] == "current"
    assert status[("zoom/recover", "en")] == "missing"
    assert status[("mail", "en")] == "stale"
    assert status[("gone", "en")] == "orphan"
    assert status[("visitors", "ja")] == "missing"
    assert status[("join", "en")] == "unstamped"
    assert site.exists("/translation-status/")


def test_status_page_lists_what_needs_an_editor_first(site):
    soup = site.soup("/translation-status/")
    assert soup.html["lang"] == "ja"
    headings = [h.get_text() for h in soup.select("main h2")]
    assert headings[:2] == ["日本語", "English"]
    english = soup.find("h2", id="status-en")
    table = english.find_next("table")
    statuses = [span["data-status"] for span in table.select("tbody span.status")]
    order = ["stale", "missing", "orphan", "unstamped", "current"]
    assert statuses == sorted(statuses, key=order.index) and statuses[0] == "stale"
    labels = {span["data-status"]: span.get_text() for span in table.select("tbody span.status")}
    assert labels["stale"] == "要更新" and labels["missing"] == "未翻訳" and labels["current"] == "最新"
    summary = english.find_next("dl", class_="status-summary")
    stale = next(div for div in summary.find_all("div") if "要更新" in div.dt.get_text())
    assert stale.dt.get_text() == "要更新: 1" and "sitegen i18n stamp" in stale.dd.get_text()


def test_status_command_and_exit_codes(site, run_cli):
    code, out, err = run_cli("i18n", "status", "--source", site.source)
    assert code == 0
    assert "stale" in out and "content/en/mail.md" in out
    code, out, err = run_cli("i18n", "status", "--source", site.source, "--format", "json", "--fail-on", "stale")
    assert code == 1
    data = json.loads(out)
    assert data["summary"]["en"]["stale"] == 1
    assert data["summary"]["en"]["orphan"] == 1


def test_status_names_a_broken_page_and_reports_the_rest(make_site, run_cli):
    site = make_site(SITE)
    (site.source / "content/ja/visitors.md").write_text("---\ntitle: 来訪者\n---\n本文\n\n{{ unclosed(\n",
                                                        encoding="utf-8")
    code, out, err = run_cli("i18n", "status", "--source", site.source)
    assert code == 0 and "Traceback" not in err
    assert "content/en/mail.md" in out and "stale" in out  # the other pages are still reported
    assert "1 page(s) with errors are left out" in err and "content/ja/visitors.md:6" in err


def test_stamp_makes_a_stale_translation_current(make_site, run_cli):
    files = {k: v for k, v in SITE.items() if k != "content/en/gone.md"}
    site = make_site(files)
    code, out, err = run_cli("i18n", "stamp", "--source", site.source, site.source / "content/en/mail.md")
    assert code == 0 and "stamped content/en/mail.md" in out
    text = (site.source / "content/en/mail.md").read_text()
    assert text.startswith("---\ntitle: Mail\nsource_hash: ")
    code, out, err = run_cli("i18n", "status", "--source", site.source, "--fail-on", "stale")
    assert code == 0, out


def test_two_pages_with_one_translation_key_is_an_error(make_site):
    files = dict(SITE)
    files["content/en/oc/join2.md"] = "---\ntitle: Joining again\ntranslation_key: join\n---\nx\n"
    with pytest.raises(BuildError) as info:
        make_site(files)
    assert "content/en/oc/join.md" in str(info.value) and "content/en/oc/join2.md" in str(info.value)


def test_fallback_redirect_mode(make_site):
    files = dict(SITE)
    files["site.yml"] = "title: S\nbase_url: https://example.org/\nfallback: redirect\n"
    site = make_site(files)
    refresh = site.soup("/en/zoom/recover/").find("meta", attrs={"http-equiv": "refresh"})
    assert "/zoom/recover/" in refresh["content"]


def test_fallback_none_mode_switcher_goes_home(make_site):
    files = dict(SITE)
    files["site.yml"] = "title: S\nbase_url: https://example.org/\nfallback: none\n"
    site = make_site(files)
    assert not site.exists("/en/zoom/recover/")
    hrefs = {a["href"] for a in site.soup("/zoom/recover/").select("a[hreflang]")}
    assert "/en/" in hrefs


def test_three_languages(make_site):
    files = {
        "site.yml": "title: S\nlanguages: [en, ja, fr]\ndefault_language: en\n",
        "content/en/index.md": "---\ntitle: Home\n---\nHi\n",
        "content/en/guide.md": "---\ntitle: Guide\n---\nText\n",
        "content/fr/guide.md": "---\ntitle: Guide FR\n---\nTexte\n",
    }
    site = make_site(files)
    assert site.exists("/guide/") and site.exists("/fr/guide/") and site.exists("/ja/guide/")
    assert site.soup("/ja/guide/").html["lang"] == "ja"
    assert site.soup("/ja/").select_one(".fallback-notice") is not None
