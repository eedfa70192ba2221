"""The documentation theme's fixture site (sidebar, previous/next, edit
links, logo, the scheme switch, alerts, MathML, sized images, the notices'
feed) through the checkers nobody here wrote: valid HTML for the Nu HTML
Checker, no broken link or #fragment for lychee."""

from __future__ import annotations

import pytest
from site_files import write_files
from theme_site import THEME_SITE, served_at_root
from tools_support import html_files, lychee_failures, run_lychee, run_vnu, vnu_errors

from sitegen.build import BuildOptions, build

pytestmark = pytest.mark.tools


@pytest.fixture(scope="module")
def theme_out(tmp_path_factory):
    base = tmp_path_factory.mktemp("theme-site")
    source = write_files(base / "src", served_at_root(THEME_SITE))  # lychee resolves /… from the output root
    out = base / "_site"
    build(BuildOptions(source=source, out=out, search=False))
    return out


def test_every_page_of_the_theme_site_is_valid_html(theme_out):
    messages, checked = run_vnu("--skip-non-html", str(theme_out))
    assert len(checked) == len(html_files(theme_out))
    assert vnu_errors(messages) == []
    assert any("math" in path for path in checked)  # the MathML page was among them


def test_no_broken_links_or_fragments_on_the_theme_site(theme_out):
    report = run_lychee(theme_out)
    # the search index is not built here (search=False): its files are Pagefind's, not the theme's
    failures = [f for f in lychee_failures(report, theme_out) if not f[1].startswith("/pagefind/")]
    assert failures == []
    assert len(report["success_map"]) == len(html_files(theme_out))
