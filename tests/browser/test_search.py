"""Japanese search works on the support site (tests/fixtures/support-site/), in a real browser: Pagefind's
extended build segments the Japanese index, and the search page turns a
natural Japanese query into the words Pagefind can match."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from sitegen.build import BuildOptions, build
from support_site import copy_support_site


@pytest.fixture(scope="module")
def real_site(tmp_path_factory, served):
    base = tmp_path_factory.mktemp("real")
    out = base / "_site"
    build(BuildOptions(source=copy_support_site(base / "src"), out=out, search=True))
    return served(out)


def result_urls(page, base: str, path: str, query: str) -> list[str]:
    """Search through the site's own search page, as a reader does."""
    page.goto(f"{base}{path}search/?q={quote(query)}")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    links = page.locator(".pagefind-ui__result-link")
    count = -1
    while links.count() != count:  # results arrive one by one: wait until the list settles
        count = links.count()
        page.wait_for_timeout(250)
    return [links.nth(i).get_attribute("href") for i in range(links.count())]


@pytest.mark.parametrize("query, expected", [
    ("アカウント", "/faq/invitation-not-received/"),
    ("ユーザが存在しません", "/faq/user-does-not-exist/"),
    ("録画", "/faq/recording-during-support/"),
    # a katakana loanword the browser's segmenter cuts into pieces
    ("アクティベーション", "/faq/user-does-not-exist/"),
    ("アカウントのアクティベーション", "/zoom/recover/"),
])
def test_japanese_queries_find_the_entries(page, real_site, query, expected):
    urls = result_urls(page, real_site, "/", query)
    assert expected in urls, urls
    assert not any(u.startswith("/en/") for u in urls), urls  # the Japanese index only


def test_english_search_uses_the_english_index(page, real_site):
    urls = result_urls(page, real_site, "/en/", "recorded")
    assert "/en/faq/recording-during-support/" in urls, urls
    assert all(u.startswith("/en/") for u in urls), urls


def test_query_terms_are_content_words(page, real_site):
    page.goto(real_site + "/search/")
    assert page.evaluate("sitegenSearchTerm('ユーザが存在しません')") == "ユーザ 存在"
    assert page.evaluate("sitegenSearchTerm('Zoom recording')") == "Zoom recording"


def test_search_box_without_javascript_falls_back_to_the_faq_index(browser, real_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(real_site + "/en/support/")
        page.fill("header input[name=q]", "Zoom")
        page.press("header input[name=q]", "Enter")
        page.wait_for_url("**/en/faq/?q=Zoom")
        assert page.locator("details.faq-entry").count() >= 8
    finally:
        context.close()


def test_search_box_with_javascript_goes_to_the_search_page(page, real_site):
    page.goto(real_site + "/support/")
    page.fill("header input[name=q]", "録画")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search/?q=*")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)


def test_faq_text_filter_and_category_filter(page, real_site):
    page.goto(real_site + "/faq/?q=録画")
    visible = page.locator("details.faq-entry:visible")
    assert visible.count() >= 1
    assert all("録画" in visible.nth(i).text_content() for i in range(visible.count()))
    page.goto(real_site + "/faq/")
    page.click("label[for=sg-faq-filter-exams]")
    sections = page.locator("section.faq-category:visible")
    assert sections.count() == 1 and sections.first.get_attribute("data-category") == "exams"


def test_faq_categories_are_search_filters(page, real_site):
    # the filter index is rewritten in sorted order after Pagefind (deterministic output): it must still load
    page.goto(real_site + "/search/")
    filters, hits = page.evaluate("""async () => {
        const pf = await import('/pagefind/pagefind.js'); await pf.init();
        const filters = await pf.filters();
        const r = await pf.search('録画', {filters: {'カテゴリ': 'サポート窓口'}});
        return [filters, r.results.length]; }""")
    assert filters["カテゴリ"]["Zoom"] >= 5 and filters["カテゴリ"]["サポート窓口"] >= 5
    assert hits >= 1


@pytest.fixture(scope="module")
def odd_names_site(tmp_path_factory, served):
    """Pages whose file names hold characters a URL must encode."""
    from site_files import write_files

    base = tmp_path_factory.mktemp("odd")
    files = {"site.yml": "title: {ja: テスト, en: Test}\nbase_url: https://example.org/\n",
             "content/ja/index.md": "---\ntitle: ホーム\nlayout: home\n---\nようこそ。\n"}
    for name in ("a#b", "c?d", "e%f", "g h"):
        files[f"content/ja/{name}.md"] = f"---\ntitle: Page {name}\n---\n\nzebrafinch {name} here.\n"
    source = write_files(base / "src", files)
    out = base / "_site"
    build(BuildOptions(source=source, out=out, search=True))
    return served(out)


def test_results_for_pages_with_odd_names_lead_to_them(page, odd_names_site):
    urls = result_urls(page, odd_names_site, "/", "zebrafinch")
    assert sorted(urls) == ["/a%23b/", "/c%3Fd/", "/e%25f/", "/g%20h/"], urls
    page.click(".pagefind-ui__result-link[href='/a%23b/']")
    page.wait_for_url("**/a%23b/")
    assert page.locator("h1").first.text_content().strip() == "Page a#b"
