"""Accessibility of the support site (tests/fixtures/support-site/), checked in a real browser by
axe-core (npm, pinned in package-lock.json; nobody here wrote it): no WCAG
2.1 A/AA violation on any kind of page, in both languages, fallback pages
included, in the light and the dark colour scheme."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.build import BuildOptions, build
from support_site import copy_support_site

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
pytestmark = pytest.mark.tools

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PAGES = [
    "/", "/en/",
    "/support/", "/en/support/",
    "/zoom/account/", "/en/zoom/account/",
    "/en/zoom/recover/",  # fallback
    "/faq/", "/en/faq/",
    "/faq/zoom/", "/en/faq/zoom/",
    "/faq/user-does-not-exist/", "/en/faq/user-does-not-exist/",  # an entry and its fallback
    "/search/", "/en/search/",
    "/404.html", "/en/404.html",
    "/translation-status/",
]


@pytest.fixture(scope="module")
def real_site(tmp_path_factory, served):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make tools` installs it (npm ci --ignore-scripts)")
    base = tmp_path_factory.mktemp("a11y")
    out = base / "_site"
    build(BuildOptions(source=copy_support_site(base / "src"), out=out, search=True))
    return served(out)


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})
        .then(r => r.violations.map(v => `${v.id} (${v.impact}): ${v.help} at `
            + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))""", WCAG)
    return result


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_wcag_violations(page, real_site, path, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(real_site + path)
    page.wait_for_load_state("networkidle")
    assert violations(page) == []


def test_an_open_faq_answer_and_search_results_have_no_violations(page, real_site):
    page.goto(real_site + "/faq/")
    page.locator("details.faq-entry summary").first.click()
    assert violations(page) == []
    page.goto(real_site + "/search/?q=録画")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    page.wait_for_timeout(500)
    assert violations(page) == []
