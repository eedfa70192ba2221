"""A site published under a sub-path (``base_url: https://example.org/docs/``):
every internal href/src in every output starts with ``/docs/`` (or
``https://example.org/docs/``) and leads to a file of the output: assets,
switcher, navigation, canonical and hreflang links, the sitemap, robots.txt
and the search index."""

from __future__ import annotations

import gzip
import re
import textwrap
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from sitegen.build import BuildOptions, build
from sitegen.check import check_site

BASE_URL = "https://example.org/docs/"
ORIGIN = "https://example.org"
PREFIX = "/docs/"

SITE = {
    "site.yml": """
        title: {ja: サブパス, en: Sub-path}
        base_url: https://example.org/
        faq:
          categories: [zoom]
    """,
    "content/ja/index.md": """
        ---
        title: ホーム
        layout: home
        ---
        [窓口](support.md#連絡先) と [英語の窓口](/en/support/) と [FAQ](/faq/) と ![ロゴ](img/logo.png)
    """,
    "content/en/index.md": """
        ---
        title: Home
        layout: home
        ---
        [Support](support.md#連絡先) and [a Japanese-only page](only-ja.md).
    """,
    "content/ja/support.md": """
        ---
        title: 窓口
        ---
        ## 連絡先

        [トップへ](index.md) [画像](img/logo.png)
    """,
    "content/en/support.md": """
        ---
        title: Support
        ---
        ## Contact {#連絡先}

        [Home](index.md)
    """,
    "content/ja/only-ja.md": """
        ---
        title: 日本語だけ
        redirect_from: /old-only/
        ---
        ## 見出し

        [窓口の連絡先](support.md#連絡先)
    """,
    "content/ja/img/logo.png": "not really a png\n",
    "content/ja/faq/index.md": """
        ---
        title: よくある質問
        ---
        一覧。
    """,
    "content/ja/faq/q.md": """
        ---
        title: 質問
        category: zoom
        ---
        答え。[窓口](../support.md)
    """,
    "data/nav.ja.yml": """
        - name: 窓口
          url: /support/
        - name: よくある質問
          url: /faq/
    """,
    "data/nav.en.yml": """
        - name: Support
          url: /support/
        - name: FAQ
          url: /faq/
    """,
}

URL_ATTRS = ("href", "src", "action", "data-bundle", "data-search-action", "poster")


def write(root: Path) -> Path:
    for rel, text in SITE.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("subpath")
    source = write(base / "src")
    out = base / "out"
    build(BuildOptions(source=source, out=out, base_url=BASE_URL, search=True))
    return source, out


def target_file(out: Path, url: str) -> Path | None:
    """The output file a /docs/... URL is served from, or None."""
    path = unquote(urlsplit(url).path)
    assert path.startswith(PREFIX), url
    rel = path[len(PREFIX):]
    candidate = out / rel
    if rel == "" or rel.endswith("/"):
        candidate = out / rel / "index.html"
    elif candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def internal(value: str) -> str | None:
    """The site path of an internal URL, or None for external/special ones."""
    parts = urlsplit(value)
    if parts.scheme in ("mailto", "tel", "data", "javascript"):
        return None
    if parts.scheme in ("http", "https"):
        if parts.netloc != "example.org":
            return None
        assert value.startswith(ORIGIN + PREFIX), f"absolute URL outside the base path: {value}"
        return value[len(ORIGIN):]
    return value


def test_every_internal_url_in_every_page_is_under_the_base_path_and_exists(built):
    _, out = built
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 10
    checked = 0
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        ids = {tag["id"] for tag in soup.find_all(id=True)}
        for tag in soup.find_all(True):
            for attr in URL_ATTRS:
                value = tag.get(attr)
                if not value or (attr == "href" and value.startswith("#")):
                    if value and value != "#":
                        assert unquote(value[1:]) in ids, (page, value)
                    continue
                path = internal(value)
                if path is None:
                    continue
                where = f"{page.relative_to(out)}: <{tag.name} {attr}={value!r}>"
                assert path.startswith(PREFIX), where
                if attr == "data-bundle":  # Pagefind's folder, not a page
                    assert (out / path[len(PREFIX):] / "pagefind.js").is_file(), where
                    continue
                target = target_file(out, path)
                assert target is not None, where
                fragment = unquote(urlsplit(path).fragment)
                if fragment and target.suffix == ".html":
                    target_ids = {t["id"] for t in BeautifulSoup(target.read_text(encoding="utf-8"), "lxml")
                                  .find_all(id=True)}
                    assert fragment in target_ids, where
                checked += 1
    assert checked > 200


def test_switcher_canonical_hreflang_assets_and_redirects(built):
    _, out = built
    ja = BeautifulSoup((out / "support/index.html").read_text(encoding="utf-8"), "lxml")
    assert ja.find("link", rel="canonical")["href"] == BASE_URL + "support/"
    hreflangs = {link["hreflang"]: link["href"] for link in ja.find_all("link", rel="alternate", hreflang=True)}
    assert hreflangs == {"ja": BASE_URL + "support/", "en": BASE_URL + "en/support/", "x-default": BASE_URL + "support/"}
    assert all(link["href"].startswith(PREFIX + "assets/") for link in ja.find_all("link", rel="stylesheet"))
    assert any(a.get("href") == PREFIX + "en/support/" for a in ja.find_all("a"))  # the switcher
    fallback = BeautifulSoup((out / "en/only-ja/index.html").read_text(encoding="utf-8"), "lxml")
    assert fallback.find("link", rel="canonical")["href"] == BASE_URL + "only-ja/"
    redirect = (out / "old-only/index.html").read_text(encoding="utf-8")
    assert PREFIX + "only-ja/" in redirect and 'href="/only-ja/' not in redirect
    soup = BeautifulSoup(redirect, "lxml")
    assert soup.find("link", rel="canonical")["href"] == BASE_URL + "only-ja/"
    assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=" + PREFIX + "only-ja/"


def test_sitemap_and_robots_use_the_base_url(built):
    _, out = built
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap) + re.findall(r'href="([^"]+)"', sitemap)
    locations = [loc for loc in locations if loc.startswith("http") and "sitemaps.org" not in loc
                 and "w3.org" not in loc]
    assert locations
    for loc in locations:
        assert loc.startswith(BASE_URL), loc
        assert target_file(out, loc[len(ORIGIN):]) is not None, loc
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE_URL}sitemap.xml" in robots


def test_search_index_paths_resolve_under_the_base_path(built):
    _, out = built
    search = BeautifulSoup((out / "search/index.html").read_text(encoding="utf-8"), "lxml")
    bundle = search.find(id="sg-search")["data-bundle"]
    assert bundle == PREFIX + "pagefind/"
    assert (out / "pagefind" / "pagefind.js").is_file()
    # Pagefind stores URLs relative to the site folder and prefixes them with
    # the folder its bundle is loaded from (/docs/): each must be a page
    fragments = sorted((out / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert fragments
    for fragment in fragments:
        data = gzip.decompress(fragment.read_bytes()).decode("utf-8")
        url = re.search(r'"url":"([^"]+)"', data).group(1)
        assert not url.startswith(PREFIX), url
        assert target_file(out, PREFIX.rstrip("/") + url) is not None, url


def test_sitegen_check_agrees(built):
    source, _ = built
    report = check_site(source, base_url=BASE_URL)
    # example.org is a placeholder: a note (never a failure), nothing else
    assert [d.format() for d in report.findings if d.level != "note"] == []
