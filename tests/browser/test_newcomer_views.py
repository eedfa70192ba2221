"""What a newcomer sees in the browser on a small inline site: the FAQ's
text filter in the dark scheme, and the search page of a build without an
index (a preview, --no-search)."""

from __future__ import annotations

import pytest

from sitegen.build import BuildOptions, build
from site_files import write_files

SITE = {
    "site.yml": """
        base_url: https://support.example.ac.jp/
        faq:
          categories:
            - key: general
              label: {ja: 一般, en: General}
    """,
    "content/ja/index.md": "---\ntitle: ホーム\n---\n本文。\n",
    "content/ja/faq/a.md": "---\ntitle: 質問\ncategory: general\n---\n答え。\n",
}


@pytest.fixture
def site_url(tmp_path, served):
    root = write_files(tmp_path / "site", SITE)
    build(BuildOptions(source=root, out=tmp_path / "out", search=False))
    return served(tmp_path / "out")


def test_the_faq_text_filter_wears_the_theme_colours_in_the_dark(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 800}, color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(site_url + "/en/faq/")
        box = page.locator("#sg-faq-text")
        box.wait_for(state="visible")
        colours = page.evaluate("""() => {
            const input = getComputedStyle(document.getElementById('sg-faq-text'));
            const body = getComputedStyle(document.body);
            return [input.backgroundColor, body.backgroundColor, input.color, body.color];
        }""")
        assert colours[0] == colours[1] and colours[2] == colours[3], colours  # not the browser's grey field
        label = page.locator(".faq-text-filter label").bounding_box()
        field = box.bounding_box()
        assert field["x"] + field["width"] <= 375  # wraps under its label on a phone, no overflow
        assert field["x"] <= label["x"] + 1 or field["y"] < label["y"] + label["height"]  # aligned, not indented
    finally:
        context.close()


def test_a_search_page_without_an_index_keeps_the_query_and_says_why(page, site_url):
    page.goto(site_url + "/en/search/?q=mail")
    note = page.locator("#sg-search-unavailable")
    note.wait_for(state="visible")
    assert "no search index" in note.inner_text()
    assert page.locator("#sg-search-q").input_value() == "mail"
    page.goto(site_url + "/search/?q=メール")
    page.locator("#sg-search-unavailable").wait_for(state="visible")
    assert page.locator("#sg-search-q").input_value() == "メール"
