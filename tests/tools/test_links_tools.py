"""lychee and ``sitegen check`` over the links fixture site (issue #17): the
cross-language links (with fragments), ``srcset`` candidates, ``<picture>``
sources, ``poster``, ``<video src>`` and ``<track src>`` of the built site
all resolve; with files removed, both tools report the same missing ones
(the negative control that proves lychee reads those attributes)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from links_site import LINKS_SITE
from site_files import write_files
from tools_support import lychee_failures, run_lychee

from sitegen.build import BuildOptions, build
from sitegen.check import check_site

pytestmark = pytest.mark.tools


def built(tmp_path: Path, files: dict) -> tuple[Path, Path]:
    source = write_files(tmp_path / "src", files)
    out = tmp_path / "_site"
    build(BuildOptions(source=source, out=out, search=True))
    return source, out


def test_lychee_finds_every_link_of_the_links_site_and_no_failure(tmp_path):
    source, out = built(tmp_path, LINKS_SITE)
    report = run_lychee(out)
    assert lychee_failures(report, out) == []
    checked = {entry["url"].replace("file://" + str(out.resolve()), "")
               for entries in report["success_map"].values() for entry in entries}
    # what the Japanese page names, as lychee followed it
    for url in ("/en/ref/g22", "/en/ref/g22#steps", "/en/reference#list", "/reference/g22/small.png",
                "/reference/g22/large.png", "/reference/g22/wide.png", "/reference/g22/poster.png",
                "/reference/g22/clip.mp4", "/reference/g22/subs.vtt",
                "/reference/g22/page#steps", "/reference#list"):
        assert url in checked, url
    assert not any("old" in url for url in checked)  # the commented-out link is no link
    assert check_site(source, strict=True).findings == []


def test_negative_control_both_tools_report_the_missing_srcset_candidate_poster_and_track(tmp_path):
    files = {path: text for path, text in LINKS_SITE.items()
             if not path.endswith(("/large.png", "/poster.png", "/subs.vtt"))}
    files["content/en/reference/g22/page.md"] = files["content/en/reference/g22/page.md"].replace(
        "page.md#steps", "page.md#手順")
    source, out = built(tmp_path, files)
    failures = {(page, url) for page, url, _ in lychee_failures(run_lychee(out), out)}
    # a missing file is left as written (page-relative), so lychee looks for it beside the page's URL
    page = "reference/g22/page/index.html"
    assert {(page, "/reference/g22/page/large.png"), (page, "/reference/g22/page/poster.png"),
            (page, "/reference/g22/page/subs.vtt"),
            ("en/ref/g22/index.html", "/reference/g22/page#" + quote("手順"))} <= failures
    assert (page, "/reference/g22/small.png") not in failures
    found = {(d.path, d.line, d.rule) for d in check_site(source).findings}
    assert {("content/ja/reference/g22/page.md", 12, "missing-file"),
            ("content/ja/reference/g22/page.md", 14, "missing-file"),
            ("content/ja/reference/g22/page.md", 16, "missing-file"),
            ("content/en/reference/g22/page.md", 8, "broken-anchor")} <= found
