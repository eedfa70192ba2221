"""The language switcher and the FAQ answers in a real browser: clicking the
switcher lands on the counterpart (keeping a #fragment both pages have) or on
the fallback page with its notice; an FAQ answer opens from its summary."""

from __future__ import annotations

import textwrap
from urllib.parse import unquote

import pytest

from sitegen.build import BuildOptions, build

FILES = {
    "site.yml": """
        title: {ja: サポート, en: Support}
        base_url: https://example.org/
        faq:
          categories:
            - key: zoom
              label: {ja: Zoom, en: Zoom}
    """,
    "content/ja/index.md": "---\ntitle: ホーム\n---\nようこそ\n",
    "content/en/index.md": "---\ntitle: Home\n---\nWelcome\n",
    "content/ja/zoom/account.md": "---\ntitle: アカウント\n---\n" + "段落。\n\n" * 40
                                  + "## 手順 {#steps}\n\n" + "手順の説明。\n\n" * 40,
    "content/en/zoom/account.md": "---\ntitle: Account\n---\n" + "Paragraph.\n\n" * 40
                                  + "## Steps {#steps}\n\n" + "How to.\n\n" * 40,
    "content/ja/zoom/recover.md": "---\ntitle: 復旧\n---\n## 方法\n\n復旧の方法です。\n",
    "content/ja/faq/recording.md": "---\ntitle: 録画されますか\ncategory: zoom\n---\n録画はしません。\n",
    "content/en/faq/recording.md": "---\ntitle: Is support recorded?\ncategory: zoom\n---\nWe do not record.\n",
}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory, served):
    root = tmp_path_factory.mktemp("switcher")
    for rel, text in FILES.items():
        path = root / "src" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    build(BuildOptions(source=root / "src", out=root / "out", search=False))
    return served(root / "out")


def switch_to(page, lang: str) -> None:
    with page.expect_navigation():
        page.locator(f"nav.lang-switcher a[hreflang={lang}]").click()


def test_switcher_on_a_translated_page_keeps_the_fragment(page, site_url):
    page.goto(f"{site_url}/zoom/account/#steps")
    switch_to(page, "en")
    assert page.url == f"{site_url}/en/zoom/account/#steps"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".fallback-notice").count() == 0
    # and back, without a fragment the other page lacks
    page.goto(f"{site_url}/en/zoom/account/")
    switch_to(page, "ja")
    assert page.url == f"{site_url}/zoom/account/"
    assert page.locator("html").get_attribute("lang") == "ja"


def test_switcher_on_an_untranslated_page_leads_to_the_fallback(page, site_url):
    page.goto(f"{site_url}/zoom/recover/#方法")
    switch_to(page, "en")
    # the fallback page has the same id, so the fragment is kept
    assert page.url.split("#")[0] == f"{site_url}/en/zoom/recover/"
    assert unquote(page.url.split("#")[1]) == "方法"
    assert page.locator("html").get_attribute("lang") == "en"
    notice = page.locator(".fallback-notice")
    assert notice.is_visible()
    assert "not been translated into English" in notice.inner_text()
    assert page.locator(".fallback-body").get_attribute("lang") == "ja"
    switch_to(page, "ja")
    assert page.url.split("#")[0] == f"{site_url}/zoom/recover/"
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.locator(".fallback-notice").count() == 0


def test_faq_answer_opens_from_its_summary(page, site_url):
    page.goto(f"{site_url}/en/faq/")
    details = page.locator("details#recording")
    answer = details.locator(".faq-answer")
    assert details.get_attribute("open") is None
    assert not answer.is_visible()
    details.locator("summary").click()
    assert details.get_attribute("open") is not None
    assert answer.is_visible() and "We do not record." in answer.inner_text()
