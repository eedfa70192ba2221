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


# --- the documentation theme's components: sidebar, sticky contents, previous / next,
# edit links, logo, the colour scheme switch, alerts, math, sized images ------------------

THEME_PAGES = ["/", "/en/start/install/", "/en/start/only-ja/", "/guide/math/", "/start/deep/"]


@pytest.fixture(scope="module")
def theme_site(tmp_path_factory, served):
    from site_files import write_files
    from theme_site import THEME_SITE, served_at_root

    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make tools` installs it (npm ci --ignore-scripts)")
    root = tmp_path_factory.mktemp("a11y-theme")
    source = write_files(root / "src", served_at_root(THEME_SITE))
    build(BuildOptions(source=source, out=root / "out", search=False))
    return served(root / "out")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", THEME_PAGES)
def test_theme_components_have_no_wcag_violations(browser, theme_site, path, scheme):
    # wide: the sidebar and the sticky contents are shown; the switch chose the scheme
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        context.add_init_script(f"localStorage.setItem('sitegen-theme', '{scheme}')")
        page = context.new_page()
        page.goto(theme_site + path)
        page.wait_for_load_state("networkidle")
        assert page.locator("#sg-theme").is_visible()
        assert violations(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_menu_on_a_narrow_screen_has_no_violations(browser, theme_site, scheme):
    # the reader chose the opposite of the system's scheme
    context = browser.new_context(viewport={"width": 375, "height": 740},
                                  color_scheme="light" if scheme == "dark" else "dark")
    try:
        context.add_init_script(f"localStorage.setItem('sitegen-theme', '{scheme}')")
        page = context.new_page()
        page.goto(theme_site + "/en/start/install/")
        page.locator("nav#sg-nav > details > summary").click()
        page.locator("nav#sg-nav details.site-nav-group:not([open]) > summary").first.click()
        assert violations(page) == []
    finally:
        context.close()
