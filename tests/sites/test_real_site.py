"""The support site builds, in both languages, with what the seed documents
promise. Built from the frozen copy in tests/fixtures/support-site/, never
from the live content/ (editors change that freely; the workflow's `sitegen
check` looks after it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitegen.build import BuildOptions, build
from support_site import copy_support_site


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    base = tmp_path_factory.mktemp("support")
    target = base / "_site"
    build(BuildOptions(source=copy_support_site(base / "src"), out=target, search=False))
    return target


def soup(out: Path, url: str) -> BeautifulSoup:
    rel = url.lstrip("/") + ("index.html" if url.endswith("/") else "")
    return BeautifulSoup((out / rel).read_text(encoding="utf-8"), "lxml")


def test_main_pages_in_both_languages(out):
    for url, lang in (("/", "ja"), ("/en/", "en"), ("/support/", "ja"), ("/en/support/", "en"),
                      ("/zoom/account/", "ja"), ("/en/zoom/account/", "en"), ("/faq/", "ja"), ("/en/faq/", "en")):
        page = soup(out, url)
        assert page.html["lang"] == lang, url
        assert page.select_one(".fallback-notice") is None, url


def test_japanese_only_page_falls_back_in_english(out):
    page = soup(out, "/en/zoom/recover/")
    assert "You are reading the Japanese version" in page.select_one(".fallback-notice").get_text()
    assert page.select_one("main div[lang=ja]") is not None


def test_support_channels_have_the_same_ids_in_both_languages(out):
    for url in ("/support/", "/en/support/"):
        page = soup(out, url)
        for ident in ("regulations", "chat", "zoom", "email-form"):
            assert page.find(id=ident) is not None, (url, ident)


def test_email_templates_are_copyable_code_blocks(out):
    for url in ("/support/", "/en/support/"):
        blocks = soup(out, url).select("main details pre.highlight code")
        assert len(blocks) == 2, url
        assert "UTokyo Account" in blocks[0].get_text()


def test_chat_widget_only_on_the_support_page(out):
    def has_widget(url):
        return any("chat-widget" in s.get("src", "") for s in soup(out, url).find_all("script"))
    assert has_widget("/support/") and has_widget("/en/support/")
    assert not has_widget("/zoom/account/")


def test_faq_sizes_and_json_ld(out):
    ja = json.loads(soup(out, "/faq/").find("script", type="application/ld+json").string)
    en = json.loads(soup(out, "/en/faq/").find("script", type="application/ld+json").string)
    assert len(ja["mainEntity"]) >= 15
    assert 0 < len(en["mainEntity"]) < len(ja["mainEntity"])
    assert len(soup(out, "/en/faq/").select("details.faq-entry")) == len(ja["mainEntity"])


def test_no_leaks_no_images_missing_no_template_syntax(out):
    for path in out.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        page = BeautifulSoup(text, "lxml")
        main = page.find("main")
        visible = main.get_text() if main else ""
        assert "{:" not in visible, path
        assert "{{" not in visible and "{%" not in visible, path
        for img in page.find_all("img"):
            assert (out / img["src"].lstrip("/")).exists(), (path, img["src"])


def test_every_internal_link_resolves(out):
    for path in out.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for a in page.find_all("a", href=True):
            href = a["href"]
            if not href.startswith("/"):
                continue
            target = href.split("#")[0].split("?")[0]
            file = out / target.lstrip("/")
            if target.endswith("/"):
                file = file / "index.html"
            assert file.exists(), (path.relative_to(out), href)


def test_search_index_is_byte_identical_from_one_build_to_the_next(tmp_path):
    # Pagefind writes its filter indexes (the FAQ categories) in hash-map order;
    # sitegen rewrites them sorted, so the whole output stays deterministic
    trees = []
    source = copy_support_site(tmp_path / "src")
    for name in ("one", "two"):
        target = tmp_path / name
        build(BuildOptions(source=source, out=target, search=True))
        trees.append({p.relative_to(target).as_posix(): p.read_bytes()
                      for p in sorted(target.rglob("*")) if p.is_file()})
    assert any(name.startswith("pagefind/filter/") for name in trees[0])
    assert trees[0].keys() == trees[1].keys()
    assert trees[0] == trees[1]
