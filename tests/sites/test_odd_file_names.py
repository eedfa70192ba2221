"""File names with `#`, `?`, `%` and spaces: their URLs are percent-encoded
(`#hash.md` is /%23hash/, `q?.md` /q%3F/, `100%.md` /100%25/), so every link
to them leads to the file that exists.  Checked the way a reader gets there:
the built folder served by a plain static web server on 127.0.0.1, every
link of the pages followed."""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.request
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from sitegen.check import check_site

NAMES = {"#hash": "ハッシュ", "q?": "疑問符", "100%": "百パーセント", "two words": "空白"}

SITE = {
    "site.yml": "title: {ja: テスト, en: Test}\nlanguages: [ja, en]\nbase_url: https://example.org/\n",
    "content/ja/index.md": "---\ntitle: ホーム\n---\n[一覧](odd/index.md)\n",
    "content/en/index.md": "---\ntitle: Home\n---\n[List](odd/index.md)\n",
    # links written as editors must write them: the file name percent-encoded
    "content/ja/odd/index.md": "---\ntitle: 一覧\n---\n"
                               "- [h](%23hash.md) [q](q%3F.md) [p](100%25.md) [w](two%20words.md)\n"
                               "- ![図](fig%231.png) [メモ](notes%3F.txt)\n",
    "content/ja/odd/fig#1.png": b"\x89PNG\r\n\x1a\n",
    "content/ja/odd/notes?.txt": "notes\n",
    "content/en/odd/#hash.md": "---\ntitle: Hash\n---\n[back](index.md)\n",
}
SITE.update({f"content/ja/odd/{name}.md": f"---\ntitle: {title}\n---\n[戻る](index.md)\n" for name, title in NAMES.items()})


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from site_files import write_files
    from sitegen.build import BuildOptions, build

    source = write_files(tmp_path_factory.mktemp("odd") / "src", SITE)
    out = source.parent / "out"
    build(BuildOptions(source=source, out=out, search=False))
    handler = functools.partial(QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield source, out, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # 127.0.0.1 only, never a proxy


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with _OPENER.open(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def title_of(body: bytes) -> str:
    return BeautifulSoup(body, "lxml").find("h1").get_text(strip=True)


def test_output_files_keep_their_names(served):
    _, out, _ = served
    for name in NAMES:
        assert (out / "odd" / name / "index.html").is_file(), name
    assert (out / "en/odd/#hash/index.html").is_file()
    assert (out / "odd/fig#1.png").is_file() and (out / "odd/notes?.txt").is_file()


def test_every_link_of_the_list_leads_to_its_page(served):
    _, _, root = served
    status, body = fetch(root + "/odd/")
    assert status == 200
    main = BeautifulSoup(body, "lxml").find("main")
    links = {a.get_text(strip=True): a["href"] for a in main.select("article a, main li a") if a.get("href")}
    assert {links[k] for k in "hqpw"} == {"/odd/%23hash/", "/odd/q%3F/", "/odd/100%25/", "/odd/two%20words/"}
    for key, name in zip("hqpw", NAMES):
        status, page = fetch(urljoin(root + "/odd/", links[key]))
        assert status == 200, links[key]
        assert title_of(page) == NAMES[name]
    image = main.find("img")["src"]
    assert image == "/odd/fig%231.png" and fetch(root + image) == (200, b"\x89PNG\r\n\x1a\n")
    assert fetch(root + links["メモ"]) == (200, b"notes\n")


def test_generated_links_lead_to_the_pages_too(served):
    """The language switcher, hreflang, canonical links and the sitemap are
    written by sitegen, not by the editor: the same encoded URLs."""
    _, _, root = served
    status, body = fetch(root + "/odd/%23hash/")
    assert status == 200
    soup = BeautifulSoup(body, "lxml")
    english = soup.find("link", hreflang="en")["href"]
    assert english == "https://example.org/en/odd/%23hash/"
    status, page = fetch(root + urlsplit(english).path)
    assert status == 200 and title_of(page) == "Hash"
    assert soup.find("link", rel="canonical")["href"] == "https://example.org/odd/%23hash/"
    status, sitemap = fetch(root + "/sitemap.xml")
    locations = [urlsplit(loc.get_text()).path for loc in BeautifulSoup(sitemap, "xml").find_all("loc")]
    odd = [path for path in locations if path.startswith(("/odd/", "/en/odd/")) and path not in ("/odd/", "/en/odd/")]
    assert sorted(odd) == sorted(["/odd/%23hash/", "/odd/q%3F/", "/odd/100%25/", "/odd/two%20words/",
                                  "/en/odd/%23hash/"])
    for path in locations:
        assert fetch(root + path)[0] == 200, path


def test_check_finds_nothing_broken(served):
    source, _, _ = served
    report = check_site(source)
    assert [d.format() for d in report.errors + report.warnings] == []
