"""lychee over the built HTML of the project's own site, offline, with
fragments: no broken links, no broken #fragments, Japanese ids included."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from tools_support import html_files, lychee_failures, run_lychee

pytestmark = pytest.mark.tools


def test_no_broken_links_or_fragments_on_the_real_site(real_site):
    report = run_lychee(real_site)
    assert lychee_failures(report, real_site) == []
    assert report["errors"] == 0
    # it really checked: every page was read, and thousands of links followed
    assert len(report["success_map"]) == len(html_files(real_site))
    assert report["successful"] > 500
    urls = [entry["url"] for entries in report["success_map"].values() for entry in entries]
    assert any("#" in url for url in urls)
    japanese_fragment = "#" + quote("よくある質問")
    assert any(url.endswith(japanese_fragment) for url in urls), "a Japanese #fragment was checked"


def test_negative_control_lychee_reports_the_broken_link_anchor_and_image(broken_site):
    _, out = broken_site
    failures = lychee_failures(report := run_lychee(out), out)
    assert report["errors"] > 0
    found = {(page, url) for page, url, _ in failures}
    assert ("index.html", "/no-such-page") in found
    assert ("index.html", "/images/missing.png") in found
    assert ("index.html", "/about#" + quote("存在しない")) in found
    assert ("en/index.html", "/en/about#" + quote("存在しない")) in found  # the English fallback page
    assert not any(quote("概要") in url for _, url in found)  # the existing Japanese id is fine
    statuses = {url: status for _, url, status in failures}
    assert "fragment" in statuses["/about#" + quote("存在しない")].lower()
