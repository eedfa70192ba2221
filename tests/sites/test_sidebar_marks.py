"""The sidebar is rendered once per language and each page's current link
and open section are filled in: every built page shows the sidebar the
theme's partials give it when rendered for that page alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from site_files import write_files
from theme_site import THEME_SITE

from sitegen import sidebar
from sitegen.build import BuildOptions, build

# a second navigation: a URL listed twice, a #fragment entry, a section without a
# page of its own, a name holding the markup the sidebar itself prints
NAV_JA = """
    - name: ホーム
      url: /
    - name: はじめに
      url: /start/
      contents:
        - name: インストール
          url: /start/install/
        - name: インストール（手順）
          url: /start/install/#steps
        - name: 日本語だけの手順
          url: /start/only-ja/
    - name: '<details class="site-nav-group"> ガイド'
      contents:
        - name: 数式と注意書き
          url: /guide/math/
        - name: もう一度インストール
          url: /start/install/
    - name: よくある質問
      url: /faq/
"""

FAQ_SITE = {
    **THEME_SITE,
    "data/nav.ja.yml": NAV_JA,
    "site.yml": THEME_SITE["site.yml"] + "    faq:\n      categories:\n        - {key: account, label: {ja: アカウント, en: Account}}\n",
    "content/ja/faq/login.md": "---\ntitle: サインインできない\ncategory: account\n---\n回答です。\n",
}


def html_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.html"))}


def build_site(root: Path, files: dict) -> dict[str, bytes]:
    source = write_files(root / "src", files)
    build(BuildOptions(source=source, out=root / "out", search=False, jobs=1))
    return html_files(root / "out")


@pytest.fixture(scope="module", params=["theme", "faq"])
def built(request, tmp_path_factory):
    """(pages built with the sidebar filled in, pages built with the partial included on every page)."""
    files = THEME_SITE if request.param == "theme" else FAQ_SITE
    filled = build_site(tmp_path_factory.mktemp("filled"), files)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sidebar.Sidebars, "for_page", lambda self, context: None)
        included = build_site(tmp_path_factory.mktemp("included"), files)
    return filled, included


def nav_of(pages: dict[str, bytes], rel: str):
    return BeautifulSoup(pages[rel].decode("utf-8"), "lxml").select_one("nav#sg-nav")


def current_links(nav) -> list[tuple[str, str]]:
    return [(" ".join(a.get_text(" ").split()), a["href"]) for a in nav.select('[aria-current="page"]')]


def open_sections(nav) -> list[str]:
    return [" ".join(d.summary.get_text(" ").split()) for d in nav.select("details.site-nav-group[open]")]


def test_every_page_is_byte_identical_to_the_partial_rendered_for_it(built):
    filled, included = built
    assert filled.keys() == included.keys()
    assert len(filled) > 10
    for rel in filled:
        assert filled[rel] == included[rel], rel


def test_a_page_listed_twice_is_current_in_both_places_and_opens_both_sections(built):
    filled, _ = built
    nav = nav_of(filled, "start/install/index.html")
    links = current_links(nav)
    if len(links) == 1:  # the theme site lists it once
        assert links == [("インストール", "/docs/start/install/")]
        assert open_sections(nav) == ["はじめに"]
        return
    # the #steps entry is another URL: not the current page, but it keeps the section open
    assert links == [("インストール", "/docs/start/install/"), ("もう一度インストール", "/docs/start/install/")]
    assert open_sections(nav) == ["はじめに", "ガイド"]


def test_the_current_mark_moves_with_the_page(built):
    filled, _ = built
    math = nav_of(filled, "guide/math/index.html")
    assert current_links(math) == [("数式と注意書き", "/docs/guide/math/")]
    assert len(open_sections(math)) == 1 and open_sections(math)[0].endswith("ガイド")
    home = nav_of(filled, "index.html")
    assert current_links(home) == [("ホーム", "/docs/")]
    assert open_sections(home) == []


def test_a_page_below_an_entry_opens_its_section_without_a_current_link(built):
    filled, _ = built
    nav = nav_of(filled, "start/deep/index.html")
    assert current_links(nav) == []
    assert open_sections(nav) == ["はじめに"]


def test_a_fallback_page_is_current_in_the_readers_sidebar(built):
    filled, _ = built
    nav = nav_of(filled, "en/start/only-ja/index.html")
    assert current_links(nav) == [("A Japanese-only page", "/docs/en/start/only-ja/")]
    assert open_sections(nav) == ["Getting started"]
    assert nav.find("a", href="/docs/en/start/only-ja/").find_next_sibling(class_="lang-badge") is not None


def test_an_faq_entry_has_no_current_link(built):
    filled, _ = built
    if "faq/login/index.html" not in filled:
        pytest.skip("the theme site has no FAQ")
    nav = nav_of(filled, "faq/login/index.html")
    assert current_links(nav) == []
    faq = nav_of(filled, "faq/index.html")
    assert current_links(faq) == [("よくある質問", "/docs/faq/")]


def test_partials_that_no_longer_hold_the_replaced_text_are_rendered_per_page(tmp_path, monkeypatch):
    expected = build_site(tmp_path / "marked", THEME_SITE)
    monkeypatch.setattr(sidebar, "_OPEN", '<details class="site-nav-group" open>')
    calls = []
    rendered = sidebar.Sidebars._get_rendered
    monkeypatch.setattr(sidebar.Sidebars, "_get_rendered", lambda self, c: calls.append(1) or rendered(self, c))
    assert build_site(tmp_path / "plain", THEME_SITE) == expected
    assert calls  # the fallback did the work
