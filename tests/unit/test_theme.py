"""The default theme rendered on its own: a Jinja2 environment over
sitegen/theme/templates and stub objects that follow the rendering contract
(no build, no renderer), read back with BeautifulSoup the way a reader sees it."""

from __future__ import annotations

import re
import string
from pathlib import Path
from types import SimpleNamespace as NS

import jinja2
import pytest
import yaml
from bs4 import BeautifulSoup
from markupsafe import Markup

THEME = Path(__file__).resolve().parents[2] / "sitegen" / "theme"
TEMPLATES = THEME / "templates"
BASE_PATH = "/docs"  # base_url https://example.org/docs/
ORIGIN = "https://example.org"


def load_bundle(lang: str) -> dict:
    return yaml.safe_load((THEME / "i18n" / f"{lang}.yml").read_text(encoding="utf-8"))


BUNDLES = {"ja": load_bundle("ja"), "en": load_bundle("en")}


# --- the contract, stubbed ------------------------------------------------------

def url(path) -> str:
    path = str(path or "/")
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//|^#", path):
        return path
    return BASE_PATH + (path if path.startswith("/") else "/" + path)


def absolute_url(path) -> str:
    path = str(path or "/")
    return path if re.match(r"^[a-z][a-z0-9+.-]*:|^//", path) else ORIGIN + url(path)


def asset(rel: str) -> str:
    stem, ext = rel.rsplit(".", 1)
    return url(f"/assets/{stem}.1a2b3c4d.{ext}")


def make_env(*extra_dirs: Path) -> jinja2.Environment:
    loaders = [jinja2.FileSystemLoader(str(d)) for d in extra_dirs]
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["relative_url"] = url
    env.filters["absolute_url"] = absolute_url
    env.globals.update(url=url, absolute_url=absolute_url, asset=asset)
    return env


def translator(lang: str):
    def t(key: str, **values) -> str:
        text = BUNDLES[lang][key]
        return text.format(**values) if values else text
    return t


LANGUAGES = [NS(code="ja", name="日本語", home_url="/"), NS(code="en", name="English", home_url="/en/")]
TITLES = {"ja": "オンライン授業サポート", "en": "Online Class Support"}


def make_site(lang: str, **overrides) -> NS:
    site = NS(
        title=TITLES[lang], description=None, languages=LANGUAGES, default_language="ja",
        params={}, base_url="https://example.org/docs/", generator="sitegen 0.1.0",
    )
    vars(site).update(overrides)
    return site


def switcher(lang: str, ja_url: str, en_url: str, en_real: bool = True, ja_real: bool = True) -> list:
    return [
        NS(code="ja", name="日本語", url=ja_url, current=lang == "ja", is_translation=ja_real),
        NS(code="en", name="English", url=en_url, current=lang == "en", is_translation=en_real),
    ]


def make_page(lang: str = "ja", **overrides) -> NS:
    page = NS(
        title=Markup("Zoomアカウントの作成"), title_text="Zoomアカウントの作成",
        description="大学のZoomアカウントを作成する手順",
        content=Markup('<h2 id="準備">準備</h2>\n<p>本文です。</p>\n<h3 id="手順">手順</h3>\n'
                       '<pre class="highlight"><code>echo hi\n</code></pre>\n'),
        url="/zoom/account/", lang=lang, source_lang=lang, layout="page",
        toc=[NS(level=2, id="準備", text="準備", html=Markup("準備")),
             NS(level=3, id="手順", text="手順", html=Markup("手順"))],
        show_toc=True,
        breadcrumbs=[NS(title=Markup("ホーム"), url="/"), NS(title=Markup("Zoom"), url="/zoom/")],
        is_fallback=False, source_url=None, source_language_name=None, is_stale=False,
        switcher=switcher(lang, "/zoom/account/", "/en/zoom/account/"),
        alternates=[NS(hreflang="ja", href="https://example.org/docs/zoom/account/"),
                    NS(hreflang="en", href="https://example.org/docs/en/zoom/account/"),
                    NS(hreflang="x-default", href="https://example.org/docs/zoom/account/")],
        canonical="https://example.org/docs/zoom/account/",
        updated="2026-03-25", redirect_to=None, noindex=False, target_blank=True,
    )
    vars(page).update(overrides)
    return page


NAV = {
    "ja": [
        NS(name="サポート窓口", url="/support/", is_fallback=False, external=False, contents=[
            NS(name="チャットサポート", url="/support/#chat", is_fallback=False, external=False),
            NS(name="Zoom公式", url="https://zoom.us/", is_fallback=False, external=True),
        ]),
        NS(name="Zoom", url=None, is_fallback=False, external=False, contents=[
            NS(name="Zoomアカウントの作成", url="/zoom/account/", is_fallback=False, external=False),
        ]),
    ],
    "en": [
        NS(name="Zoom", url=None, is_fallback=False, external=False, contents=[
            NS(name="Activating your account", url="/en/zoom/account/", is_fallback=False, external=False),
            NS(name="If you activated by mistake", url="/en/zoom/recover/", is_fallback=True, external=False),
        ]),
    ],
}
NOTICES = [
    NS(date="2026-04-01", content=Markup('<a href="/docs/support/">サポート窓口</a>を開設しました。'),
       important=True, outdated=False),
    NS(date="2026-03-25", content=Markup("手順を掲載しました。"), important=False, outdated=False),
    NS(date="2020-03-24", content=Markup("招待メールを送信しました。"), important=False, outdated=True),
]


def render(template: str, lang: str = "ja", page: NS | None = None, site: NS | None = None,
           data: dict | None = None, env: jinja2.Environment | None = None, **context) -> BeautifulSoup:
    env = env or make_env()
    values = {
        "lang": lang, "t": translator(lang), "page": page or make_page(lang), "site": site or make_site(lang),
        "data": NS(**(data if data is not None else {"nav": NAV[lang], "notices": []})),
        "home_url": "/" if lang == "ja" else "/en/",
        **context,
    }
    html = env.get_template(template).render(values)
    assert html.lstrip().startswith("<!DOCTYPE html>")
    return BeautifulSoup(html, "lxml")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def assert_unique_ids(soup: BeautifulSoup) -> None:
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), ids


def theme_ids(soup: BeautifulSoup, content_ids: set[str]) -> set[str]:
    return {tag["id"] for tag in soup.find_all(id=True)} - content_ids


# --- UI string bundles ------------------------------------------------------------

CONTRACT_KEYS = {
    "skip_to_content", "site_navigation", "menu", "language_switcher", "on_this_page", "last_updated",
    "home", "breadcrumbs", "notices", "important", "outdated", "fallback_notice", "fallback_notice_link",
    "fallback_badge", "stale_notice", "stale_notice_link", "redirect_title", "redirect_body",
    "not_found_title", "not_found_body", "back_home", "search", "search_placeholder", "search_button",
    "faq", "faq_categories", "faq_back_to_index", "faq_related", "copy", "copied", "chat_widget_label",
    "footer_generator", "translation_status", "toc_toggle",
}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_bundles_have_the_same_keys_and_non_empty_strings():
    ja, en = BUNDLES["ja"], BUNDLES["en"]
    assert set(ja) == set(en)
    assert CONTRACT_KEYS <= set(ja)
    for bundle in (ja, en):
        for key, value in bundle.items():
            assert isinstance(value, str) and value.strip(), key


def test_bundles_agree_on_placeholders():
    for key in BUNDLES["ja"]:
        assert placeholders(BUNDLES["ja"][key]) == placeholders(BUNDLES["en"][key]), key
    assert placeholders(BUNDLES["en"]["redirect_body"]) == {"url"}
    assert "{source_language}" in BUNDLES["ja"]["fallback_notice"]
    assert "{source_language}" in BUNDLES["en"]["fallback_notice"]


def test_bundle_wording_from_the_brief():
    en, ja = BUNDLES["en"], BUNDLES["ja"]
    assert en["language_switcher"] == "Language" and ja["language_switcher"] == "言語"
    assert en["chat_widget_label"] == "Chat Support Available"
    assert ja["chat_widget_label"] == "チャットサポートで質問できます"
    assert en["fallback_badge"].format(source_native="日本語") == "日本語"
    assert ja["fallback_badge"].format(source_native="English") == "English only"
    assert en["fallback_notice"].format(source_language="Japanese", language="English") == (
        "This page has not been translated into English yet. You are reading the Japanese version.")
    assert ja["fallback_notice"].format(source_language="英語", language="日本語") == (
        "このページはまだ日本語に翻訳されていません。英語版を表示しています。")
    assert en["redirect_body"].format(url="/faq/") == "This page has moved to /faq/."


# --- templates ---------------------------------------------------------------------

def test_every_template_compiles_and_the_named_files_exist():
    env = make_env()
    names = set(env.list_templates(extensions=["html"]))
    required = {"base.html", "page.html", "home.html", "redirect.html", "404.html"} | {
        f"partials/{name}.html" for name in (
            "header", "nav", "switcher", "notices", "toc", "breadcrumbs", "footer", "chat_widget",
            "fallback_notice")}
    assert required <= names
    for name in names:
        env.get_template(name)
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    for block in ("title", "head", "content", "sidebar", "scripts"):
        assert re.search(r"{%\s*block " + block + r"\s*%}", base), block


def test_normal_page_head():
    soup = render("page.html")
    assert soup.html["lang"] == "ja"
    assert soup.find("meta", charset=True)["charset"].lower() == "utf-8"
    assert "width=device-width" in soup.find("meta", attrs={"name": "viewport"})["content"]
    assert soup.title.get_text() == "Zoomアカウントの作成 | オンライン授業サポート"
    assert soup.find("meta", attrs={"name": "description"})["content"] == "大学のZoomアカウントを作成する手順"
    assert soup.find("meta", attrs={"name": "generator"})["content"] == "sitegen 0.1.0"
    assert soup.find("meta", attrs={"name": "robots"}) is None
    assert soup.find("link", rel="canonical")["href"] == "https://example.org/docs/zoom/account/"
    alternates = {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate")}
    assert alternates == {"ja": "https://example.org/docs/zoom/account/",
                          "en": "https://example.org/docs/en/zoom/account/",
                          "x-default": "https://example.org/docs/zoom/account/"}
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert og["og:title"] == "Zoomアカウントの作成"
    assert og["og:description"] == "大学のZoomアカウントを作成する手順"
    assert og["og:locale"] == "ja_JP" and og["og:locale:alternate"] == "en_US"
    stylesheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert stylesheets == ["/docs/assets/css/site.1a2b3c4d.css", "/docs/assets/css/highlight.1a2b3c4d.css"]
    scripts = [s["src"] for s in soup.find_all("script", src=True)]
    # one inline script, first in <head>: the remembered colour scheme, before anything is painted
    inline = [s for s in soup.find_all("script") if not s.has_attr("src")]
    assert len(inline) == 1 and "sitegen-theme" in inline[0].string and inline[0].parent.name == "head"
    assert "/docs/assets/js/copy.1a2b3c4d.js" in scripts and "/docs/assets/js/site.1a2b3c4d.js" in scripts
    for script in soup.find_all("script"):
        assert not script.has_attr("type")  # HTML5: no type on classic scripts
    for link in soup.find_all("link", rel="stylesheet"):
        assert not link.has_attr("type")
    # localized labels for copy.js
    assert soup.html["data-copy-label"] == "コピー" and soup.html["data-copied-label"] == "コピーしました"


def test_normal_page_body_as_a_reader_sees_it():
    soup = render("page.html")
    skip = soup.find("a", class_="skip-link")
    assert skip["href"] == "#main" and text_of(skip) == "本文へ移動"
    main = soup.find("main", id="main")
    assert main is not None
    assert text_of(main.find("h1")) == "Zoomアカウントの作成"
    assert len(soup.find_all("h1")) == 1
    # header: site title leads home, through url()
    title = soup.select_one("header a.site-title")
    assert title["href"] == "/docs/" and text_of(title) == "オンライン授業サポート"
    # the switcher: current language is not a link; the other is, with hreflang and lang
    switch = soup.find("nav", attrs={"aria-label": "言語"})
    current = switch.find(attrs={"aria-current": "true"})
    assert current.name != "a" and text_of(current) == "日本語" and current["lang"] == "ja"
    links = switch.find_all("a")
    assert len(links) == 1
    assert links[0]["href"] == "/docs/en/zoom/account/"
    assert links[0]["hreflang"] == "en" and links[0]["lang"] == "en" and text_of(links[0]) == "English"
    # navigation from data.nav, collapsible without JavaScript
    nav = soup.find("nav", id="sg-nav")
    assert nav["aria-label"] == "サイトナビゲーション"
    assert text_of(nav.find("details").find("summary")) == "メニュー"
    hrefs = {text_of(a): a for a in nav.find_all("a")}
    assert hrefs["サポート窓口"]["href"] == "/docs/support/"
    assert hrefs["Zoomアカウントの作成"]["aria-current"] == "page"
    assert hrefs["Zoom公式"]["href"] == "https://zoom.us/" and hrefs["Zoom公式"]["rel"] == ["noopener"]
    assert "Zoom" in [text_of(s) for s in nav.select(".site-nav-heading")]  # a block without a url
    # breadcrumbs: home down to the parent, then the page itself (not a link)
    crumbs = soup.find("nav", class_="breadcrumbs")
    assert crumbs["aria-label"] == "パンくずリスト"
    assert [(text_of(a), a["href"]) for a in crumbs.find_all("a")] == [("ホーム", "/docs/"), ("Zoom", "/docs/zoom/")]
    assert text_of(crumbs.find(attrs={"aria-current": "page"})) == "Zoomアカウントの作成"
    # table of contents
    toc = soup.find(id="sg-toc")
    assert "このページの内容" in text_of(toc)
    assert [a["href"] for a in toc.find_all("a")] == ["#準備", "#手順"]
    assert toc.select_one(".toc-level-3 a")["href"] == "#手順"
    # last updated
    time = main.find("time")
    assert time["datetime"] == "2026-03-25" and "最終更新" in text_of(time.parent)
    # body as given, no notices
    assert main.find("h2", id="準備") is not None and main.select_one("pre.highlight code") is not None
    assert soup.select_one(".fallback-notice") is None and soup.select_one(".stale-notice") is None
    assert soup.find("footer") is not None and "sitegen で作成" in text_of(soup.find("footer"))
    assert_unique_ids(soup)


def test_theme_ids_never_collide_with_heading_ids():
    soup = render("home.html", page=make_page(layout="home", url="/", breadcrumbs=[], show_toc=True),
                  data={"nav": NAV["ja"], "notices": NOTICES})
    ids = theme_ids(soup, {"準備", "手順"})
    assert ids and all(i == "main" or i.startswith("sg-") for i in ids), ids
    soup = render("page.html")
    ids = theme_ids(soup, {"準備", "手順"})
    assert all(i == "main" or i.startswith("sg-") for i in ids), ids
    assert_unique_ids(soup)


def test_title_with_inline_html():
    page = make_page(title=Markup("オンライン授業<br>サポート"), title_text="オンライン授業 サポート")
    soup = render("page.html", page=page)
    assert soup.title.get_text() == "オンライン授業 サポート | オンライン授業サポート"
    assert soup.find("h1").find("br") is not None
    assert "<br>" not in soup.find("meta", property="og:title")["content"]


def test_page_without_toc_update_description_or_alternates():
    page = make_page(show_toc=False, toc=[], updated=None, description=None, alternates=[], noindex=True)
    soup = render("page.html", page=page)
    assert soup.find(id="sg-toc") is None
    assert soup.find("time") is None
    assert soup.find("meta", attrs={"name": "description"}) is None
    assert soup.find("link", rel="alternate") is None
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_site_description_used_when_the_page_has_none():
    soup = render("page.html", page=make_page(description=None), site=make_site("ja", description="手引きと窓口"))
    assert soup.find("meta", attrs={"name": "description"})["content"] == "手引きと窓口"


def test_fallback_page_for_an_english_reader():
    page = make_page(
        lang="en", source_lang="ja", is_fallback=True, url="/en/zoom/recover/",
        title=Markup("間違えてアクティベートした場合"), title_text="間違えてアクティベートした場合",
        content=Markup("<p>復旧方法です。</p>"), source_url="/zoom/recover/", source_language_name="Japanese",
        switcher=switcher("en", "/zoom/recover/", "/en/zoom/recover/", en_real=False),
        alternates=[], canonical="https://example.org/docs/zoom/recover/", noindex=True,
        breadcrumbs=[NS(title=Markup("Home"), url="/en/")], toc=[], show_toc=False,
    )
    soup = render("page.html", lang="en", page=page)
    assert soup.html["lang"] == "en"
    main = soup.find("main")
    notice = main.find(class_="fallback-notice")
    assert notice is not None and notice["role"] == "note"
    # the notice comes first in main, in the reader's language
    assert main.find(True) is notice
    assert text_of(notice).startswith(
        "This page has not been translated into English yet. You are reading the Japanese version.")
    link = notice.find("a")
    assert link["href"] == "/docs/zoom/recover/" and link["hreflang"] == "ja"
    assert "Read the original" in text_of(link)
    # the body is marked with the source's language; the chrome stays English
    assert main.find("h1")["lang"] == "ja"  # the title comes from the Japanese page too
    wrapper = main.find("div", attrs={"lang": "ja"})
    assert wrapper is not None and text_of(wrapper) == "復旧方法です。"
    assert notice not in wrapper.parents and wrapper.find(class_="fallback-notice") is None
    assert soup.find("link", rel="canonical")["href"] == "https://example.org/docs/zoom/recover/"
    assert soup.find("link", rel="alternate") is None
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "is-fallback" in soup.body["class"]
    switch = soup.find("nav", attrs={"aria-label": "Language"})
    assert switch.find("a", hreflang="ja")["href"] == "/docs/zoom/recover/"
    assert text_of(switch.find(attrs={"aria-current": "true"})) == "English"
    # the English nav marks the entry that leads to a fallback
    badge = soup.find("nav", id="sg-nav").find(class_="lang-badge")
    assert text_of(badge) == "日本語"
    assert text_of(badge.find_previous("a")) == "If you activated by mistake"


def test_fallback_page_for_a_japanese_reader():
    page = make_page(
        lang="ja", source_lang="en", is_fallback=True, url="/only-en/", title=Markup("English only"),
        title_text="English only", content=Markup("<p>Only in English.</p>"), source_url="/en/only-en/",
        source_language_name="英語", switcher=switcher("ja", "/only-en/", "/en/only-en/", ja_real=False),
        alternates=[], canonical="https://example.org/docs/en/only-en/", toc=[], show_toc=False,
    )
    soup = render("page.html", lang="ja", page=page)
    notice = soup.find(class_="fallback-notice")
    assert text_of(notice).startswith("このページはまだ日本語に翻訳されていません。英語版を表示しています。")
    assert notice.find("a")["href"] == "/docs/en/only-en/" and notice.find("a")["hreflang"] == "en"
    assert text_of(soup.find("main").find("div", attrs={"lang": "en"})) == "Only in English."


def test_stale_translation_gets_a_gentle_notice():
    page = make_page(lang="en", is_stale=True, source_url="/zoom/account/", source_language_name="Japanese",
                     title=Markup("Activating"), title_text="Activating")
    soup = render("page.html", lang="en", page=page)
    stale = soup.find(class_="stale-notice")
    assert stale is not None and stale["role"] == "note"
    assert "The Japanese original was updated after this translation." in text_of(stale)
    assert stale.find("a")["href"] == "/docs/zoom/account/"
    assert soup.find(class_="fallback-notice") is None
    assert soup.find("main").find(attrs={"lang": True}) is None


def test_home_page_with_notices_and_nav_cards():
    page = make_page(layout="home", url="/", breadcrumbs=[], title=Markup("オンライン授業サポート"),
                     title_text="オンライン授業サポート", content=Markup("<p>ようこそ。</p>"),
                     toc=[], show_toc=False, updated=None,
                     switcher=switcher("ja", "/", "/en/"))
    home_block = NS(name="ホーム", url="/", is_fallback=False, external=False, contents=None)
    soup = render("home.html", page=page, data={"nav": [home_block] + NAV["ja"], "notices": NOTICES})
    assert soup.title.get_text() == "オンライン授業サポート"
    assert soup.find("nav", class_="breadcrumbs") is None
    main = soup.find("main")
    assert text_of(main.find("h1")) == "オンライン授業サポート" and "ようこそ。" in text_of(main)
    notices = main.find(class_="notices")
    assert text_of(notices.find("h2")) == "お知らせ"
    items = notices.find_all("li", class_="notice")
    assert len(items) == 3
    assert "important" in items[0]["class"] and "重要" in text_of(items[0])
    assert items[0].find("time")["datetime"] == "2026-04-01"
    assert items[0].find("a")["href"] == "/docs/support/"  # inline HTML kept as markup
    assert "important" not in items[1]["class"] and "outdated" not in items[1]["class"]
    assert "outdated" in items[2]["class"] and "過去のお知らせ" in text_of(items[2])
    cards = main.select(".cards > li.card")  # no card that only links to the home page itself
    assert [text_of(card.find("h3")) for card in cards] == ["サポート窓口", "Zoom"]
    assert cards[0].find("h3").find("a")["href"] == "/docs/support/"
    assert cards[1].find("h3").find("a") is None
    assert [a["href"] for a in cards[0].find_all("a")][1:] == ["/docs/support/#chat", "https://zoom.us/"]
    switch = soup.find("nav", attrs={"aria-label": "言語"})
    assert switch.find("a")["href"] == "/docs/en/"
    assert_unique_ids(soup)


def test_a_site_with_only_content_has_no_empty_nav_or_notices():
    page = make_page(layout="home", url="/", breadcrumbs=[], toc=[], show_toc=False)
    soup = render("home.html", page=page, data={"nav": [], "notices": []})
    assert soup.find(id="sg-nav") is None
    assert soup.find(class_="notices") is None and soup.find(class_="cards") is None
    # no FAQ: the search box, footer and 404 lead nowhere missing
    assert soup.find("form", role="search")["action"] == "/docs/search/"
    assert not [a for a in soup.find_all("a") if a.get("href", "").endswith("/faq/")]


def test_faq_links_appear_when_the_site_has_an_faq():
    site = make_site("ja", config=NS(faq_categories=(NS(key="zoom"),)))
    soup = render("404.html", site=site, page=make_page(layout="404", url="/404.html", breadcrumbs=[],
                                                        toc=[], show_toc=False))
    assert soup.find("form", role="search")["action"] == "/docs/faq/"
    assert soup.find("form", role="search")["data-search-action"] == "/docs/search/"
    assert "/docs/faq/" in [a["href"] for a in soup.find("main").find_all("a")]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_404_page_per_language(lang):
    home = "/" if lang == "ja" else "/en/"
    page = make_page(lang, layout="404", url=home + "404.html", title=Markup(BUNDLES[lang]["not_found_title"]),
                     title_text=BUNDLES[lang]["not_found_title"], content=Markup(""), breadcrumbs=[], toc=[],
                     show_toc=False, updated=None, alternates=[], noindex=True,
                     switcher=switcher(lang, "/404.html", "/en/404.html"))
    soup = render("404.html", lang=lang, page=page)
    assert soup.html["lang"] == lang
    main = soup.find("main")
    assert text_of(main.find("h1")) == BUNDLES[lang]["not_found_title"]
    assert BUNDLES[lang]["not_found_body"] in text_of(main)
    back = main.find("a", string=BUNDLES[lang]["back_home"])
    assert back["href"] == BASE_PATH + home
    form = main.find("form", role="search")
    box = form.find("input", attrs={"type": "search"})
    assert box["name"] == "q" and box["placeholder"] == BUNDLES[lang]["search_placeholder"]
    assert box.get("aria-label") == BUNDLES[lang]["search"]
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_redirect_page():
    # redirect_to arrives base-prefixed and canonical absolute, both from the renderer
    page = make_page(layout="redirect", redirect_to="/docs/zoom/account/", url="/zoom_account/",
                     canonical="https://example.org/docs/zoom/account/", noindex=True)
    soup = render("redirect.html", page=page)
    assert soup.html["lang"] == "ja"
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh["content"] == "0; url=/docs/zoom/account/"
    assert soup.find("link", rel="canonical")["href"] == "https://example.org/docs/zoom/account/"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    link = soup.body.find("a")
    assert link["href"] == "/docs/zoom/account/"
    assert text_of(link.parent) == "このページは /docs/zoom/account/ に移動しました。"
    assert soup.title.get_text() == BUNDLES["ja"]["redirect_title"]


def test_redirect_to_an_external_url_in_english():
    page = make_page("en", layout="redirect", redirect_to="https://example.com/new",
                     canonical="https://example.com/new")
    soup = render("redirect.html", lang="en", page=page)
    assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=https://example.com/new"
    assert soup.find("link", rel="canonical")["href"] == "https://example.com/new"
    assert soup.body.find("p").get_text() == "This page has moved to https://example.com/new."


def test_chat_widget_only_with_sinclo_and_a_script():
    with_script = make_site("ja", params={"chat_widget_script": "/assets/js/chat-widget.js"})

    def widget(soup):
        return [s for s in soup.find_all("script") if "chat-widget" in s.get("src", "")]
    found = widget(render("page.html", page=make_page(sinclo=True), site=with_script))
    assert len(found) == 1
    # a site asset is fingerprinted like the theme's; any other address goes through url()
    assert found[0]["src"] == "/docs/assets/js/chat-widget.1a2b3c4d.js" and found[0].has_attr("defer")
    elsewhere = make_site("ja", params={"chat_widget_script": "https://chat.example.com/chat-widget.js"})
    found = widget(render("page.html", page=make_page(sinclo=True), site=elsewhere))
    assert [s["src"] for s in found] == ["https://chat.example.com/chat-widget.js"]
    assert not widget(render("page.html", page=make_page(), site=with_script))
    assert not widget(render("page.html", page=make_page(sinclo=False), site=with_script))
    assert not widget(render("page.html", page=make_page(sinclo=True), site=make_site("ja")))


def test_home_url_taken_from_site_languages_when_not_given():
    env = make_env()
    html = env.get_template("page.html").render(
        lang="en", t=translator("en"), page=make_page("en", title=Markup("Guide"), title_text="Guide"),
        site=make_site("en"), data=NS(nav=[], notices=[]))
    soup = BeautifulSoup(html, "lxml")
    assert soup.select_one("header a.site-title")["href"] == "/docs/en/"
    assert soup.find("form", role="search")["action"] == "/docs/en/search/"


def test_partials_are_overridable_one_by_one(tmp_path):
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "footer.html").write_text(
        '<footer class="site-footer"><p id="sg-custom-footer">{{ t("home") }}</p></footer>\n', encoding="utf-8")
    soup = render("page.html", env=make_env(tmp_path))
    assert text_of(soup.find(id="sg-custom-footer")) == "ホーム"
    assert soup.find(id="sg-nav") is not None  # the other partials still come from the theme
    assert len(soup.find_all("footer")) == 1


# --- assets ------------------------------------------------------------------------

def test_stylesheet_covers_the_content_the_markdown_produces():
    css = (THEME / "assets" / "css" / "site.css").read_text(encoding="utf-8")
    for selector in (".admonition.note", ".admonition.tip", ".admonition.important", ".admonition.warning",
                     ".admonition.caution", ".admonition.danger", ".admonition-title", "pre.highlight",
                     "table", "details", ".footnotes", ".contains-task-list", "dl", ".lang-badge",
                     ".fallback-notice", ".stale-notice", ".notice.important", ".notice.outdated",
                     ".skip-link", ":focus-visible", "@media print", "prefers-color-scheme: dark"):
        assert selector in css, selector
    for font in ('"Hiragino Sans"', '"Noto Sans CJK JP"', '"Yu Gothic"'):
        assert font in css
    assert "line-height: 1.8" in css
    assert "@import" not in css and "url(http" not in css and "@font-face" not in css  # self-contained


def test_highlight_css_is_pygments_default_with_a_monokai_dark_variant():
    from pygments.formatters import HtmlFormatter

    css = (THEME / "assets" / "css" / "highlight.css").read_text(encoding="utf-8")
    light, _, dark = css.partition("@media (prefers-color-scheme: dark)")
    assert dark, "no dark variant"
    assert ".highlight .k { color: #008000; font-weight: bold }" in light
    assert ".highlight { background: #272822" in dark
    default_rules = HtmlFormatter(style="default").get_style_defs(".highlight").splitlines()
    monokai_rules = HtmlFormatter(style="monokai").get_style_defs(".highlight").splitlines()
    assert sum(rule.strip() in light for rule in default_rules) >= 0.9 * len(default_rules)
    assert sum(rule.strip() in dark for rule in monokai_rules) >= 0.9 * len(monokai_rules)


def test_copy_script_is_localized_progressive_enhancement():
    js = (THEME / "assets" / "js" / "copy.js").read_text(encoding="utf-8")
    assert "data-copy-label" in js and "data-copied-label" in js
    assert "navigator.clipboard" in js and "pre.highlight" in js
    assert not (THEME / "assets" / "js" / "chat-widget.js").exists()  # site-specific, not the theme's
