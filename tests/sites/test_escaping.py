"""Which values are markup and which are text, the same on every page.

Markup (inline HTML, as written): page titles and `breadcrumb.title` in front
matter, page bodies, notices.  Text (escaped wherever it appears): FAQ
category labels, the site title and description, UI strings, language
names.  A `<script>` in a text value never reaches a page raw."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.errors import BuildError

PAYLOAD = '<script>alert("x")</script> & <b>Zoom</b>'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;Zoom&lt;/b&gt;"

SITE = {
    "site.yml": f"""
        title: {{ja: サポート, en: Support}}
        base_url: https://example.org/
        faq:
          categories:
            - key: zoom
              label: {{ja: '{PAYLOAD}', en: '{PAYLOAD}'}}
            - key: mail
              label: {{ja: メール, en: Mail}}
    """,
    "content/ja/index.md": "---\ntitle: ホーム\n---\nようこそ\n",
    "content/en/index.md": "---\ntitle: Home\n---\nWelcome\n",
    "content/ja/faq/recording.md": "---\ntitle: 録画されますか\ncategory: zoom\n---\nしません。\n",
    "content/en/faq/recording.md": "---\ntitle: Is it <em>recorded</em>?\ncategory: zoom\n---\nNo.\n",
    "content/ja/faq/no-mail.md": "---\ntitle: メールが届きません\ncategory: mail\n---\n迷惑メールを確認。\n",
    "content/ja/guide.md": "---\ntitle: ガイド <small>v2</small>\n---\n本文\n",
}


@pytest.fixture
def site(make_site):
    return make_site(SITE)


def html_pages(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.html"))}


def test_a_script_in_a_category_label_never_appears_raw(site):
    pages = html_pages(site.out)
    assert len(pages) > 8
    for rel, text in pages.items():
        assert '<script>alert("x")' not in text and "<b>Zoom</b>" not in text, rel
    shown = [rel for rel, text in pages.items() if ESCAPED in text]
    for rel in ("faq/index.html", "faq/zoom/index.html", "faq/recording/index.html",
                "en/faq/index.html", "en/faq/zoom/index.html", "en/faq/recording/index.html", "faq/mail/index.html"):
        assert rel in shown, rel  # index, category pages (all of them list the others), entries


def test_the_category_page_breadcrumb_heading_and_title_show_the_label_as_text(site):
    soup = site.soup("/faq/zoom/")
    crumbs = soup.select(".breadcrumbs li")
    assert crumbs[-1].get_text(strip=True) == PAYLOAD  # the page itself, last in the trail
    assert crumbs[-1].find("script") is None and crumbs[-1].find("b") is None
    assert soup.find("h1").get_text() == PAYLOAD and soup.find("h1").find("script") is None
    assert soup.title.get_text() == f"{PAYLOAD} | サポート"  # the same text, not tags stripped
    back = site.soup("/faq/recording/").select_one('.faq-back a[href="/faq/zoom/"]')  # an entry's way back
    assert back.get_text() == PAYLOAD and back.find("script") is None


def test_a_generated_faq_index_is_named_by_its_ui_string_in_the_breadcrumb(site):
    """Without content/<lang>/faq/index.md the FAQ index is generated: its
    crumb on category pages is the UI string, not its URL."""
    crumbs = [a.get_text() for a in site.soup("/en/faq/zoom/").select(".breadcrumbs a")]
    assert crumbs == ["Home", "FAQ"]


def test_titles_stay_inline_html(site):
    """Page titles are markup by design: the same on every page they appear."""
    assert site.soup("/guide/").find("h1").find("small").get_text() == "v2"
    assert site.soup("/guide/").title.get_text() == "ガイド v2 | サポート"  # text where no markup can go
    entry_crumb = site.soup("/en/faq/recording/").select(".breadcrumbs li")[-1]
    assert entry_crumb.find("em").get_text() == "recorded"
    assert site.soup("/en/faq/zoom/").select_one(".faq-category em").get_text() == "recorded"


def test_ui_strings_in_generated_titles_are_text(make_site):
    files = dict(SITE, **{"i18n/en.yml": "search: 'Search <all> & more'\nfaq: 'Q<i>&</i>A'\n"})
    site = make_site(files)
    h1 = site.soup("/en/search/").find("h1")
    assert h1.get_text() == "Search <all> & more" and not h1.find("all")
    assert "Search &lt;all&gt; &amp; more" in site.html("/en/search/")
    crumbs = site.soup("/en/faq/zoom/").select(".breadcrumbs a")
    assert crumbs[-1].get_text() == "Q<i>&</i>A" and crumbs[-1].find("i") is None


@pytest.mark.parametrize("key", ["a b", "x/y", "../up", 'q"><script>', "a.b"])
def test_a_category_key_is_a_slug(make_site, key):
    files = dict(SITE, **{"site.yml": SITE["site.yml"].replace("key: mail", f"key: '{key}'")})
    files["content/ja/faq/no-mail.md"] = files["content/ja/faq/no-mail.md"].replace("category: mail", f"category: '{key}'")
    with pytest.raises(BuildError) as caught:
        make_site(files)
    message = caught.value.diagnostics[0]
    assert message.path == "site.yml" and message.line == 7
    assert f"FAQ category key `{key}` may only have letters, digits, `-` and `_`" in message.message


def test_json_ld_cannot_swallow_the_faq(make_site):
    """A question about `<!--<script>` (written escaped, as text) is text again in
    the FAQPage JSON-LD: raw there, it would put an HTML parser into the script's
    escaped state, and the rest of the FAQ index would vanish into the script."""
    import json

    import turbohtml

    question = "Why does <code>&lt;!--&lt;script&gt;</code> show?"
    site = make_site({
        "site.yml": "title: Support\nlanguages: [en]\nbase_url: https://example.org/\n"
                    "faq:\n  categories:\n    - key: web\n      label: Web\n",
        "content/en/index.md": "---\ntitle: Home\n---\nWelcome\n",
        "content/en/faq/comment.md": f"---\ntitle: '{question}'\ncategory: web\norder: 1\n---\n"
                                     "Close it with `</script>` or `-->`.\n",
        "content/en/faq/later.md": "---\ntitle: A later question\ncategory: web\norder: 2\n---\nAnswer.\n",
    })
    html = site.html("/faq/")
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    text = html[start: html.index("</script>", start)]
    assert "<" not in text and ">" not in text
    data = json.loads(text)
    assert [q["name"] for q in data["mainEntity"]] == ["Why does <!--<script> show?", "A later question"]
    assert "<code>&lt;/script&gt;</code>" in data["mainEntity"][0]["acceptedAnswer"]["text"]
    # as a browser parses the page (turbohtml follows the HTML standard's tokenizer)
    root = turbohtml.parse(html)
    assert [e.attrs.get("id") for e in root.iter_elements(("details",)) if e.attrs.get("id")] == ["comment", "later"]
