"""Links wherever an editor writes them (issue #17), on fixture sites built
into a temporary folder: source links into the other language's folder,
``srcset``/``<picture>``/``poster``/``<video>``/``<track>`` rewritten like
``src`` and checked, links in HTML comments reported nowhere, and the rest of
each page left byte for byte as written."""

from __future__ import annotations

import pytest
from links_site import LINKS_SITE
from site_files import write_files

from sitegen.build import BuildOptions, build
from sitegen.check import check_site
from sitegen.errors import BuildError

PAGE = "content/ja/reference/g22/page.md"
GALLERY = "content/en/reference/gallery.html"


def hrefs(site, url: str) -> list[str]:
    return [a["href"] for a in site.main(url).select("article a[href]")]


@pytest.fixture
def links_site(make_site):
    return make_site(LINKS_SITE)


# --- 1. source links into another language's folder --------------------------

def test_japanese_page_links_the_english_pages_it_names(links_site):
    # a plain page (renamed with a permalink), with a fragment, an index page and
    # a folder, and a /-rooted path from content/: all in English, whoever reads
    assert hrefs(links_site, "/reference/g22/page/") == [
        "/en/ref/g22/", "/en/ref/g22/#steps", "/en/reference/#list", "/en/reference/", "/en/ref/g22/#steps"]


def test_english_page_links_the_japanese_pages_and_files_it_names(links_site):
    assert hrefs(links_site, "/en/ref/g22/") == ["/reference/g22/page/", "/reference/g22/page/#steps",
                                                 "/reference/#list"]
    assert links_site.main("/en/ref/g22/").select_one("article img")["src"] == "/reference/g22/small.png"


def test_an_explicit_language_is_kept_on_fallback_pages(links_site):
    # content/ja/only.md has no English version: its English fallback page still
    # leads to the English page for the explicit link, and to the reader's
    # language for the plain one; the Japanese original alike
    assert hrefs(links_site, "/en/only/") == ["/en/ref/g22/#steps", "/en/ref/g22/"]
    assert hrefs(links_site, "/only/") == ["/en/ref/g22/#steps", "/reference/g22/page/"]


def test_html_pages_resolve_links_into_the_other_language_too(links_site):
    main = links_site.main("/en/reference/gallery/")
    assert [a["href"] for a in main.select("article a[href]")] == ["/reference/g22/page/#steps"]
    img = main.select_one("article img")
    assert img["src"] == "/reference/g22/small.png"
    assert img["srcset"] == "/reference/g22/small.png 1x, /reference/g22/large.png 2x"


def test_the_whole_site_checks_clean(links_site):
    report = check_site(links_site.source, strict=True)
    assert [d.format() for d in report.findings] == []
    assert report.pages > 10


MISSING = {
    **LINKS_SITE,
    "content/ja/missing.md": """
        ---
        title: 壊れたリンク
        ---
        本文。

        [ない英語版](../en/reference/g22/missing.md)
        [英語版のない頁](../en/only.md)
        [ない見出し](../en/reference/g22/page.md#手順)
        [言語でない](../fr/reference/g22/page.md)
        [外](../../outside.md)
    """,
}


def test_a_missing_target_in_the_other_language_is_an_error_with_its_line(tmp_path):
    # `../en/only.md` exists only as content/ja/only.md: an explicit language has no fallback
    source = write_files(tmp_path / "src", MISSING)
    with pytest.raises(BuildError) as caught:
        build(BuildOptions(source=source, out=tmp_path / "out", search=False))
    errors = {(d.path, d.line, d.message) for d in caught.value.diagnostics if d.level == "error"}
    assert errors == {
        ("content/ja/missing.md", 6, "link to a missing page: `../en/reference/g22/missing.md`"),
        ("content/ja/missing.md", 7, "link to a missing page: `../en/only.md`"),
        ("content/ja/missing.md", 9, "link to a missing page: `../fr/reference/g22/page.md`"),
        ("content/ja/missing.md", 10, "link to a missing page: `../../outside.md`"),
    }
    assert not (tmp_path / "out").exists()

    report = check_site(source)
    found = {(d.path, d.line, d.rule) for d in report.findings}
    assert found == {("content/ja/missing.md", 6, "broken-link"), ("content/ja/missing.md", 7, "broken-link"),
                     ("content/ja/missing.md", 8, "broken-anchor"), ("content/ja/missing.md", 9, "broken-link"),
                     ("content/ja/missing.md", 10, "broken-link")}
    anchor = next(d for d in report.findings if d.rule == "broken-anchor")
    assert "#手順" in anchor.message and "/en/ref/g22/" in anchor.message  # checked on the English page


def test_cross_language_links_are_rename_safe(make_site):
    files = dict(LINKS_SITE)
    files["content/en/reference/g22/page.md"] = files["content/en/reference/g22/page.md"].replace(
        "permalink: /ref/g22/", "permalink: /moved/")
    site = make_site(files)
    assert hrefs(site, "/reference/g22/page/")[:2] == ["/en/moved/", "/en/moved/#steps"]


# --- 2. srcset, <picture>, poster, <video>, <track> -------------------------

def test_page_relative_media_get_their_urls_everywhere(links_site):
    main = links_site.main("/reference/g22/page/")
    imgs = main.select("article img")
    assert imgs[0]["src"] == "/reference/g22/small.png"
    assert imgs[0]["srcset"] == "/reference/g22/small.png 1x, /reference/g22/large.png 2x"
    source = main.select_one("article picture source")
    assert source["srcset"] == "/reference/g22/wide.png 800w, /reference/g22/large.png 1600w"
    assert source["media"] == "(min-width: 600px)"
    video = main.select_one("article video")
    assert (video["poster"], video["src"]) == ("/reference/g22/poster.png", "/reference/g22/clip.mp4")
    assert video.select_one("track")["src"] == "/reference/g22/subs.vtt"


def test_media_urls_carry_the_base_path(make_site):
    files = dict(LINKS_SITE)
    files["site.yml"] = "title: {ja: 参照, en: Reference}\nbase_url: https://example.org/docs/\n"
    main = make_site(files).main("/reference/g22/page/")
    assert main.select_one("article img")["srcset"] == "/docs/reference/g22/small.png 1x, /docs/reference/g22/large.png 2x"
    assert main.select_one("article video")["poster"] == "/docs/reference/g22/poster.png"
    assert [a["href"] for a in main.select("article a[href]")][0] == "/docs/en/ref/g22/"


def test_only_rewritten_values_change(links_site):
    html = links_site.html("/reference/g22/page/")
    # the rest of the tag is as written: spacing, quotes, attribute order (the theme's
    # image sizes and lazy loading are added at the tag's end)
    assert """<img  alt='図'  src = "/reference/g22/small.png" width="1" height="1" loading="lazy">""" in html
    assert '<source srcset="/reference/g22/wide.png 800w, /reference/g22/large.png 1600w" media="(min-width: 600px)">' in html
    # text that only looks like markup is untouched
    assert """<script>document.write('<a href="script.html">x</a>')</script>""" in html
    assert "<code>&lt;a href=&quot;code.html&quot;&gt;</code>" in html


MEDIA_MISSING = {
    **LINKS_SITE,
    "content/ja/reference/g22/large.png": None,
    "content/ja/reference/g22/poster.png": None,
    "content/ja/reference/g22/subs.vtt": None,
}


def media_missing_site(tmp_path):
    files = {path: text for path, text in MEDIA_MISSING.items() if text is not None}
    return write_files(tmp_path / "src", files)


def test_check_reports_each_missing_candidate_poster_and_track_with_its_line(tmp_path):
    report = check_site(media_missing_site(tmp_path))
    found = sorted((d.path, d.line, d.rule, d.message) for d in report.findings)
    assert found == [
        (GALLERY, 5, "missing-file", "image not found: `../../ja/reference/g22/large.png`"),
        (PAGE, 12, "missing-file", "image not found: `large.png`"),
        (PAGE, 14, "missing-file", "image not found: `large.png`"),
        (PAGE, 16, "missing-file", "file not found: `subs.vtt`"),
        (PAGE, 16, "missing-file", "image not found: `poster.png`"),
    ]
    assert report.exit_code == 1


def test_build_warns_about_missing_media_and_keeps_them_as_written(tmp_path):
    source = media_missing_site(tmp_path)
    result = build(BuildOptions(source=source, out=tmp_path / "out", search=False))
    warned = sorted((d.path, d.line, d.message) for d in result.warnings if d.rule == "missing-file")
    assert warned == [(GALLERY, 5, "file not found: `../../ja/reference/g22/large.png`"),
                      (PAGE, 12, "file not found: `large.png`"), (PAGE, 16, "file not found: `poster.png`"),
                      (PAGE, 16, "file not found: `subs.vtt`")]
    html = (tmp_path / "out/reference/g22/page/index.html").read_text(encoding="utf-8")
    assert 'srcset="/reference/g22/small.png 1x, large.png 2x"' in html
    assert 'poster="poster.png" src="/reference/g22/clip.mp4"' in html


# --- links in comments, scripts and code ------------------------------------

def test_a_commented_out_link_is_reported_nowhere_and_left_as_written(links_site):
    assert not [d for d in links_site.result.warnings if "old" in d.message or "script" in d.message
                or "code" in d.message]
    report = check_site(links_site.source, strict=True)
    assert not [d for d in report.findings if "old" in d.message]
    assert '<!-- <a href="old.html">古いリンク</a> ![古い図](old.png) -->' in links_site.html("/reference/g22/page/")
    assert '<!-- <a href="gone.html">gone</a> -->' in links_site.html("/en/reference/gallery/")


def test_a_comment_across_blank_lines_hides_its_links_too(make_site):
    files = dict(LINKS_SITE)
    files["content/ja/parked.md"] = """
        ---
        title: 保留
        ---
        <!-- 古いリンク

        [古い頁](old-page.md) <a href="old.html">古い</a>

        -->

        [生きている](reference/index.md)
    """
    site = make_site(files)
    assert not [d for d in site.result.warnings if "old" in d.message]
    assert [d.format() for d in check_site(site.source, strict=True).findings] == []
    assert hrefs(site, "/parked/") == ["/reference/"]


def test_a_comment_that_never_closes_is_a_warning_and_hides_its_links(make_site):
    # `<div>` never closes, so (as in CommonMark) the blank line ends its HTML
    # block and the `-->` below is text: in a browser the comment swallows the
    # rest of the page
    files = dict(LINKS_SITE)
    files["content/ja/parked.md"] = """
        ---
        title: 保留
        ---
        <div>
        <!-- 古いリンク

        [古い頁](old-page.md)

        -->

        [見えない](reference/index.md)
    """
    site = make_site(files)
    warned = [(d.path, d.line, d.message) for d in site.result.warnings]
    assert [(path, line) for path, line, _ in warned] == [("content/ja/parked.md", 5)]
    assert "never closed" in warned[0][2]
    assert not [d for d in check_site(site.source).findings if "old" in d.message]


def test_a_url_urllib_cannot_split_is_reported_not_a_crash(make_site, tmp_path):
    """No URL at all: an error in `build` (nothing written) and in `check`, at its line."""
    files = dict(LINKS_SITE)
    files["content/ja/bad.md"] = """
        ---
        title: 壊れたURL
        ---
        [x](http://[zz) <a href="http://[zz/">y</a>

        <img srcset="http://[zz 1x, small.png 2x" src="reference/g22/small.png" alt="">
    """
    with pytest.raises(BuildError) as failed:
        make_site(files)
    errors = sorted({(d.path, d.line, d.message) for d in failed.value.diagnostics if d.level == "error"})
    assert errors == [("content/ja/bad.md", 4, "not a valid URL: `http://[zz/`"),
                      ("content/ja/bad.md", 4, "not a valid URL: `http://[zz`"),
                      ("content/ja/bad.md", 6, "not a valid URL: `http://[zz`")]
    assert not (tmp_path / "out").exists()
    found = sorted({(d.path, d.line, d.message) for d in check_site(tmp_path / "src").findings})
    assert found == [("content/ja/bad.md", 4, "not a valid URL: `http://[zz/`"),
                     ("content/ja/bad.md", 4, "not a valid URL: `http://[zz`"),
                     ("content/ja/bad.md", 6, "image not found: `small.png`"),
                     ("content/ja/bad.md", 6, "not a valid URL: `http://[zz`")]
