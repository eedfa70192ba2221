"""The documentation theme in a real browser (Debian's chromium), both
languages, light and dark, 375 px and 1280 px: the sidebar marks the current
page; the sticky contents stays in view and follows the reading; previous /
next lead where the navigation says; the colour scheme switch switches and
remembers; nothing overflows sideways."""

from __future__ import annotations

import pytest

from sitegen.build import BuildOptions, build
from site_files import write_files
from theme_site import THEME_SITE, served_at_root

WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 375, "height": 740}
PAGES = ["/", "/en/", "/start/", "/en/start/", "/start/install/", "/en/start/install/", "/en/start/only-ja/",
         "/guide/math/", "/en/guide/math/", "/start/deep/", "/404.html"]


@pytest.fixture(scope="module")
def theme_url(tmp_path_factory, served):
    root = tmp_path_factory.mktemp("docs-theme")
    source = write_files(root / "src", served_at_root(THEME_SITE))
    build(BuildOptions(source=source, out=root / "out", search=False))
    return served(root / "out")


@pytest.fixture
def browser_context(browser):
    contexts = []

    def make(viewport, scheme="light"):
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        contexts.append(context)
        return context.new_page()
    yield make
    for context in contexts:
        context.close()


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [NARROW, WIDE], ids=["375", "1280"])
def test_no_horizontal_overflow(browser_context, theme_url, viewport, scheme):
    page = browser_context(viewport, scheme)
    for path in PAGES:
        page.goto(theme_url + path)
        assert overflow(page) <= 0, path


@pytest.mark.parametrize("path, current", [("/start/install/", "インストール"),
                                           ("/en/start/install/", "Installing")])
def test_the_sidebar_marks_the_current_page_on_wide_screens(browser_context, theme_url, path, current):
    page = browser_context(WIDE)
    page.goto(theme_url + path)
    nav = page.locator("nav#sg-nav")
    assert nav.is_visible()
    box = nav.bounding_box()
    main = page.locator("main").bounding_box()
    assert box["x"] + box["width"] <= main["x"]  # a column left of the text
    assert page.locator("nav#sg-nav summary", has_text="Menu" if path.startswith("/en/") else "メニュー").is_hidden()
    marked = nav.locator('[aria-current="page"]')
    assert marked.count() == 1 and marked.inner_text().strip() == current and marked.is_visible()
    # another section is closed, and opens on a click without leaving the page
    other = nav.locator("details.site-nav-group:not([open]) > summary").first
    other.click()
    assert nav.locator("details.site-nav-group[open]").count() == 2


@pytest.mark.parametrize("lang, menu", [("ja", "メニュー"), ("en", "Menu")])
def test_the_sidebar_folds_into_the_menu_on_narrow_screens(browser_context, theme_url, lang, menu):
    page = browser_context(NARROW)
    page.goto(theme_url + ("/start/install/" if lang == "ja" else "/en/start/install/"))
    summary = page.locator("nav#sg-nav > details > summary")
    assert summary.is_visible() and summary.inner_text().strip() == menu
    marked = page.locator('nav#sg-nav [aria-current="page"]')
    assert marked.is_hidden()  # folded
    summary.click()
    assert marked.is_visible()
    main = page.locator("main").bounding_box()
    assert page.locator("nav#sg-nav").bounding_box()["y"] < main["y"]  # above the text, full width


@pytest.mark.parametrize("path", ["/start/", "/en/start/"])
def test_the_sticky_contents_stays_visible_and_follows_the_reading(browser_context, theme_url, path):
    page = browser_context(WIDE)
    page.goto(theme_url + path)
    aside = page.locator("nav#sg-toc-aside")
    assert aside.is_visible() and page.locator("nav#sg-toc").is_hidden()  # the inline one is for narrow screens
    assert aside.bounding_box()["x"] > page.locator("main").bounding_box()["x"]  # right of the text
    assert aside.locator('a[aria-current="true"]').get_attribute("href") == "#s1"
    for target in ("s3", "s5"):
        page.evaluate(f"document.getElementById('{target}').scrollIntoView({{behavior: 'instant'}})")
        page.wait_for_function(
            f"document.querySelector('#sg-toc-aside a[aria-current]')?.getAttribute('href') === '#{target}'",
            timeout=5000)
        box = aside.bounding_box()
        assert page.evaluate("window.scrollY") > 1000
        assert 0 <= box["y"] and box["y"] + 40 < WIDE["height"]  # still on screen
    assert aside.locator("a[aria-current]").count() == 1
    # a smooth scroll (the theme's, without reduced motion) to the end marks the last section
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function("document.querySelector('#sg-toc-aside a[aria-current]')?.getAttribute('href') === '#s6'",
                           timeout=5000)
    assert aside.is_visible() and aside.locator("a[aria-current]").count() == 1


def test_the_contents_is_inline_and_collapsible_on_narrow_screens(browser_context, theme_url):
    page = browser_context(NARROW)
    page.goto(theme_url + "/start/")
    assert page.locator("nav#sg-toc-aside").is_hidden()
    inline = page.locator("nav#sg-toc")
    assert inline.is_visible() and inline.locator("a").first.is_visible()
    inline.locator("summary").click()
    assert inline.locator("a").first.is_hidden()


@pytest.mark.parametrize("viewport, start, steps", [
    (NARROW, "/", ["/start/", "/start/install/", "/start/only-ja/", "/guide/math/"]),
    (WIDE, "/en/", ["/en/start/", "/en/start/install/", "/en/start/only-ja/", "/en/guide/math/"]),
], ids=["ja-375", "en-1280"])
def test_next_and_previous_lead_where_the_navigation_says(browser_context, theme_url, viewport, start, steps):
    page = browser_context(viewport)
    page.goto(theme_url + steps[0])
    for expected in steps[1:]:
        with page.expect_navigation():
            page.locator("nav.pagination a[rel=next]").click()
        assert page.url == theme_url + expected
    assert page.locator("nav.pagination a[rel=next]").count() == 0  # the end of the navigation
    for expected in reversed(steps[:-1]):
        with page.expect_navigation():
            page.locator("nav.pagination a[rel=prev]").click()
        assert page.url == theme_url + expected
    with page.expect_navigation():
        page.locator("nav.pagination a[rel=prev]").click()
    assert page.url == theme_url + start  # the home page comes first


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


@pytest.mark.parametrize("system", ["light", "dark"])
def test_the_colour_scheme_switch_switches_and_remembers(browser_context, theme_url, system):
    page = browser_context(WIDE, system)
    page.goto(theme_url + "/start/install/")
    select = page.locator("#sg-theme")
    assert select.is_visible() and select.input_value() == "auto"
    light, dark = "rgb(255, 255, 255)", "rgb(13, 17, 23)"
    assert background(page) == (dark if system == "dark" else light)  # auto follows the system
    other = "light" if system == "dark" else "dark"
    select.select_option(other)
    assert background(page) == (light if other == "light" else dark)
    assert page.evaluate("document.documentElement.dataset.theme") == other
    # remembered across pages and languages, from the first paint on
    page.goto(theme_url + "/en/start/")
    assert page.locator("#sg-theme").input_value() == other
    assert background(page) == (light if other == "light" else dark)
    page.locator("#sg-theme").select_option("auto")
    page.reload()
    assert background(page) == (dark if system == "dark" else light)
    assert page.evaluate("localStorage.getItem('sitegen-theme')") is None


def test_the_stored_scheme_is_applied_before_the_stylesheet_paints(browser, theme_url):
    context = browser.new_context(viewport=WIDE, color_scheme="light")
    try:
        context.add_init_script("localStorage.setItem('sitegen-theme', 'dark')")
        page = context.new_page()
        seen = []
        page.on("console", lambda message: seen.append(message.text))
        # a script at the very start of <body> sees what the first paint would use
        page.route("**/start/install/", lambda route: route.fulfill(
            body=route.fetch().text().replace(
                "<body", "<script>console.log(document.documentElement.dataset.theme)</script><body", 1),
            content_type="text/html; charset=utf-8"))
        page.goto(theme_url + "/start/install/")
        assert seen[:1] == ["dark"]
        assert background(page) == "rgb(13, 17, 23)"
    finally:
        context.close()


def test_without_javascript_the_menu_is_open_and_the_scheme_follows_the_system(browser, theme_url):
    context = browser.new_context(viewport=NARROW, color_scheme="dark", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(theme_url + "/start/install/")
        assert page.locator('nav#sg-nav [aria-current="page"]').is_visible()
        assert page.locator("#sg-theme").is_hidden()  # nothing to press that would do nothing
        assert background(page) == "rgb(13, 17, 23)"
        assert page.locator("nav#sg-toc a").first.is_visible()
    finally:
        context.close()


EMBEDS_SITE = {
    "site.yml": "title: T\nbase_url: http://127.0.0.1/\n",
    "content/ja/index.md": "---\ntitle: ホーム\n---\n\n本文です．\n",
    # the embeds Jekyll sites paste from YouTube and Google Forms, with their fixed widths
    "content/ja/embeds.md": """\
        ---
        title: 動画とフォーム
        ---

        ## 動画

        <iframe width="978" height="611" src="about:blank" title="動画" allowfullscreen></iframe>

        ## フォーム

        <iframe src="about:blank" width="640" height="800" title="フォーム">読み込んでいます…</iframe>

        <video width="900" controls></video>
        """,
}


@pytest.mark.parametrize("viewport", [NARROW, WIDE], ids=["375", "1280"])
def test_embedded_frames_fit_the_column(browser_context, served, tmp_path, viewport):
    """YouTube and form embeds carry a fixed width: on a phone they shrink to
    the text column instead of pushing the whole page sideways."""
    source = write_files(tmp_path / "src", EMBEDS_SITE)
    build(BuildOptions(source=source, out=tmp_path / "out", search=False))
    page = browser_context(viewport)
    page.goto(served(tmp_path / "out") + "/embeds/")
    assert overflow(page) <= 0
    article = page.locator("main article").bounding_box()
    for frame in page.locator("main article iframe, main article video").all():
        box = frame.bounding_box()
        assert box["x"] >= article["x"] - 1 and box["x"] + box["width"] <= article["x"] + article["width"] + 1
