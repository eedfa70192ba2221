"""What a Jekyll site's editors meet on their first day with sitegen, on small
inline fixture sites: pages as readers see them after the import, and the
messages editors get when they break something."""

from __future__ import annotations

import pytest

from sitegen.errors import BuildError

LIQUID_SITE = "title: T\nlanguages: [ja, en]\ntemplates: liquid\ncompat: jekyll\n"


def _toc(site, url: str) -> list[str]:
    return [a.get_text(" ", strip=True) for a in site.soup(url).select("nav#sg-toc-aside a")]


# -- the contents of a one-page FAQ list every question ------------------------------------------

ONE_PAGE_FAQ = """\
---
title: よくある質問
---

## 授業全般

### Q. オンライン授業に入れない

入室方法を確認してください．

## Zoom

### 全般

#### Q. 料金は必要ですか？

いいえ．

#### Q. サインインする必要はありますか？

はい．

### 入室トラブル

#### Q. 「無効なアドレスです」と表示される

URLを確認してください．
"""


def test_one_page_faq_contents_list_every_question(make_site):
    site = make_site({"site.yml": LIQUID_SITE, "content/ja/faq/index.md": ONE_PAGE_FAQ})
    toc = _toc(site, "/faq/")
    assert toc == ["授業全般", "Q. オンライン授業に入れない", "Zoom", "全般", "Q. 料金は必要ですか？",
                   "Q. サインインする必要はありますか？", "入室トラブル", "Q. 「無効なアドレスです」と表示される"]
    levels = [li["class"] for li in site.soup("/faq/").select("nav#sg-toc-aside li")]
    assert levels[4] == ["toc-level-4"]


def test_one_page_faq_toc_of_its_own_wins(make_site):
    page = ONE_PAGE_FAQ.replace("title: よくある質問\n", "title: よくある質問\ntoc: 3\n")
    site = make_site({"site.yml": LIQUID_SITE, "content/ja/faq/index.md": page})
    assert "Q. 料金は必要ですか？" not in _toc(site, "/faq/")
    assert "入室トラブル" in _toc(site, "/faq/")


def test_toc_depth_on_any_page(make_site):
    body = "## A\n\ntext\n\n### B\n\ntext\n\n#### C\n\ntext\n"
    site = make_site({
        "content/ja/deep.md": "---\ntitle: Deep\ntoc: 4\n---\n\n" + body,
        "content/ja/usual.md": "---\ntitle: Usual\n---\n\n" + body,
    })
    assert _toc(site, "/deep/") == ["A", "B", "C"]
    assert _toc(site, "/usual/") == ["A", "B"]


def test_toc_depth_out_of_range_is_an_error_at_its_line(make_site):
    with pytest.raises(BuildError) as info:
        make_site({"content/ja/x.md": "---\ntitle: X\ntoc: 7\n---\n\n## A\n\n## B\n"})
    problem = next(d for d in info.value.diagnostics if d.rule == "front-matter-value")
    assert (problem.path, problem.line) == ("content/ja/x.md", 3)
    assert "2 to 6" in problem.message and "toc: 4" in problem.hint


# -- Liquid mistakes: the file, the line, what to write ---------------------------------------------

def _liquid_error(make_site, body: str, **files):
    page = "---\ntitle: T\n---\n\nIntro.\n\n" + body + "\n\nEnd.\n"  # the body's first tag is on line 7
    with pytest.raises(BuildError) as info:
        make_site({"site.yml": LIQUID_SITE, "content/ja/index.md": page, **files})
    errors = [d for d in info.value.diagnostics if d.level == "error"]
    assert len(errors) == 1, errors
    return errors[0]


@pytest.mark.parametrize("body, line, message, hint", [
    ("{% for p in site.pages %}\n- {{ p.title }}", 7, "`{% for %}` is never closed", "add `{% endfor %}`"),
    ("text\n\n{% capture note %}\nnote", 9, "`{% capture %}` is never closed", "`{% endcapture %}`"),
    ("{% case page.lang %}{% when 'ja' %}日本語", 7, "`{% case %}` is never closed", "`{% endcase %}`"),
    ("{% if page.x %}\n{% for p in site.pages %}\n{% endif %}", 9,
     "`{% endif %}` cannot close the `{% for %}` of line 8", "`{% endfor %}`"),
    ("{% endif %}", 7, "`{% endif %}` closes nothing", "remove it"),
    ("{% else %}", 7, "`{% else %}` outside", "inside its block"),
    ("{% foo %}", 7, "unknown Liquid tag `foo`", "{% raw %}"),
    ("{% raw %}{{A1}}", 7, "`{% raw %}` is never closed", "`{% endraw %}`"),
    ("{{ page.title", 7, "`{{` is never closed", "end it with `}}`"),
    ("{% if page.lang = 'ja' %}x{% endif %}", 7, "`=` is not a comparison", "compare with `==`"),
    ("{{ page.date | date: }}", 7, "the filter `date` needs an argument", '| date: "%Y-%m-%d"'),
    ("{% include note.html title= %}", 7, "invalid parameters", 'key="value"'),
])
def test_a_liquid_mistake_is_named_at_its_line_with_what_to_write(make_site, body, line, message, hint):
    error = _liquid_error(make_site, body, **{"content/ja/_includes/note.html": "<p>{{ include.title }}</p>\n"})
    assert (error.path, error.line) == ("content/ja/index.md", line)
    assert message in error.message and hint in error.hint
    assert "end of expression" not in error.message and "positional argument" not in error.message


def test_an_unclosed_block_in_an_include_is_named_in_the_include(make_site):
    error = _liquid_error(make_site, "{% include steps.html part='a' %}", **{
        "content/ja/_includes/steps.html": "<ol>\n{% unless include.part == 'a' %}\n<li>x</li>\n</ol>\n"})
    assert (error.path, error.line) == ("content/ja/_includes/steps.html", 2)
    assert "`{% unless %}` is never closed" in error.message
    assert error.message.endswith("included from content/ja/index.md:7")


def test_a_missing_include_is_named_once_at_the_page_line(make_site):
    error = _liquid_error(make_site, "{% include nowhere.html %}")
    assert (error.path, error.line) == ("content/ja/index.md", 7)
    assert "no such file in content/ja/_includes/" in error.message and "included from" not in error.message


def test_an_include_name_may_be_quoted(make_site):
    site = make_site({"site.yml": LIQUID_SITE, "content/ja/_includes/note.html": "<p id=n>{{ include.k }}</p>\n",
                      "content/ja/index.md": "---\ntitle: T\n---\n\n{% include \"note.html\" k='v' %}\n"})
    assert site.main("/").select_one("#n").get_text() == "v"


# -- a page written for another data layout: empty, as in Jekyll, but said -----------------------------

def test_a_loop_over_data_of_another_shape_is_a_warning_at_its_line(make_site):
    site = make_site({
        "site.yml": LIQUID_SITE,
        "data/notice.yml": "- {date: 2023-07-25, content: {ja: 新着, en: New}}\n"
                           "- {date: 2023-07-24, content: {ja: 募集}}\n",
        "content/ja/notice.md": "---\ntitle: お知らせ\n---\n\n<ul id=list>\n"
                                "{% for item in site.data.notice.ja %}<li>{{ item.content }}</li>{% endfor %}\n"
                                "</ul>\n\n<p id=first>{{ site.data.notice.first.date }} {{ site.data.notice.size }}</p>\n"
                                "{% for tag in page.tags %}{{ tag }}{% endfor %}\n\n<p id=t>{{ page.title.text }}</p>\n",
    })
    main = site.main("/notice/")
    assert main.select_one("#list").find("li") is None  # what Jekyll shows too
    assert main.select_one("#first").get_text() == "2023-07-25 2"
    warned = [(d.path, d.line, d.message) for d in site.result.warnings if d.rule == "template"]
    assert ("content/ja/notice.md", 6, "`{% for … in site.data.notice.ja %}` shows nothing: `site.data.notice` is a "
            "list (2 items), which has no `ja`; its items have `content`, `date`") in warned
    assert ("content/ja/notice.md", 12, "`{{ page.title.text }}` prints nothing: `page.title` is a text, "
            "which has no `text`") in warned
    assert len(warned) == 2  # a page without tags loops over nothing quietly, as it should


def test_a_misspelt_name_or_filter_gets_the_closest_one(make_site):
    site = make_site({"site.yml": LIQUID_SITE,
                      "content/ja/index.md": "---\ntitle: T\n---\n\n{{ page.titel }}\n\n{{ page.title | upcasee }}\n"})
    hints = {d.line: d.hint for d in site.result.warnings if d.rule == "template"}
    assert hints[5].startswith("did you mean `title`?") and hints[7] == "did you mean `upcase`?"


# -- the notices' feed links where readers can read the notice ----------------------------------------

def test_feed_entries_link_to_the_notice_when_no_home_page_shows_them(make_site):
    import xml.etree.ElementTree as ET

    notices = ("- date: 2023-07-25\n  content: {ja: '[共有ドライブの登録](https://www.ecc.u-tokyo.ac.jp/a.html)'}\n"
               "- date: 2023-07-24\n  content: {ja: '[募集のお知らせ](/notice/cs.md)'}\n"
               "- date: 2023-07-01\n  content: {ja: 'サイトを公開しました．'}\n")
    site = make_site({"site.yml": "title: T\nlanguages: [ja]\n", "data/notices.yml": notices,
                      "content/ja/index.md": "---\ntitle: ホーム\n---\n\n本文．\n",  # an imported home page
                      "content/ja/notice/cs.md": "---\ntitle: 募集\n---\n\n本文．\n"})
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.fromstring(site.html("/feed.xml")).findall(f"{atom}entry")
    links = [e.find(f"{atom}link").get("href") for e in entries]
    assert links == ["https://www.ecc.u-tokyo.ac.jp/a.html", "/notice/cs/", "/"]

    home = make_site({"site.yml": "title: T\nlanguages: [ja]\n", "data/notices.yml": notices,
                      "content/ja/index.md": "---\ntitle: ホーム\nlayout: home\n---\n\n本文．\n",
                      "content/ja/notice/cs.md": "---\ntitle: 募集\n---\n\n本文．\n"})
    entries = ET.fromstring(home.html("/feed.xml")).findall(f"{atom}entry")
    for entry in entries:  # a home page that shows the notices: each entry is its anchor there
        anchor = entry.find(f"{atom}link").get("href").split("#", 1)[1]
        assert home.soup("/").find(id=anchor) is not None


# -- the site's own CSS classes: a stylesheet to start from, not silently unstyled -------------------

def test_import_gives_the_sites_own_classes_a_stylesheet(tmp_path, run_cli):
    import yaml
    from bs4 import BeautifulSoup

    from sitegen.build import BuildOptions, build
    from site_files import write_files

    src = write_files(tmp_path / "jekyll", {
        "index.md": "---\ntitle: ホーム\n---\n\n<div class=\"box--important\">大事なお知らせ</div>\n\n"
                    "![図](a.png){:.medium}\n\n```html\n<p class=\"in-code\">x</p>\n```\n",
        "zoom/index.md": "---\ntitle: Zoom\n---\n\n{% include steps.html %}\n\n<span class='alert'>注意</span>\n",
        "_includes/steps.html": "<ul class=procedure>\n<li class=\"{{ include.kind }} step\">手順</li>\n</ul>\n"
                                "<div class=\"language-plaintext highlighter-rouge\"><pre class=\"highlight\">"
                                "<code>x</code></pre></div>\n",
    })
    dest = tmp_path / "site"
    code, out, err = run_cli("import", "jekyll", src, dest)
    assert code == 0, err
    site = yaml.safe_load((dest / "site.yml").read_text(encoding="utf-8"))
    assert site["extra_css"] == ["css/imported.css"]
    css = (dest / "assets/css/imported.css").read_text(encoding="utf-8")
    rules = {line.split(" {", 1)[0]: line for line in css.splitlines() if line.startswith(".")}
    assert sorted(rules) == [".alert", ".box--important", ".medium", ".procedure", ".step"]  # not code, not Rouge's
    assert "border:" in rules[".box--important"] and "color: var(--danger)" in rules[".alert"]
    assert rules[".procedure"] == ".procedure { }"
    assert "/* _includes/steps.html */\n.procedure" in css and "/* index.md */\n.box--important" in css
    report = (dest / "IMPORT-REPORT.md").read_text(encoding="utf-8")
    assert "5 CSS classes the pages use (`alert`, `box--important`" in report and "assets/css/imported.css" in report

    build(BuildOptions(source=dest, out=dest / "_site", search=False))
    page = BeautifulSoup((dest / "_site/index.html").read_text(encoding="utf-8"), "lxml")
    sheets = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    assert sheets[-1].startswith("/assets/css/imported.") and (dest / "_site" / sheets[-1].lstrip("/")).is_file()


def test_import_of_a_site_without_classes_of_its_own_adds_no_stylesheet(tmp_path, run_cli):
    import yaml

    from site_files import write_files

    src = write_files(tmp_path / "jekyll", {"index.md": "---\ntitle: ホーム\n---\n\n本文．\n"})
    code, _, err = run_cli("import", "jekyll", src, tmp_path / "site")
    assert code == 0, err
    assert "extra_css" not in yaml.safe_load((tmp_path / "site/site.yml").read_text(encoding="utf-8"))
    assert not (tmp_path / "site/assets").exists()


def test_many_warnings_are_summed_up_by_kind(tmp_path, run_cli):
    from site_files import write_files

    images = "".join(f"![図{i}](img{i}.png)\n\n" for i in range(12))
    src = write_files(tmp_path / "src", {
        "site.yml": "title: T\nlanguages: [ja]\nbase_url: https://example.org/\ncompat: jekyll\n",
        "content/ja/index.md": "---\ntitle: T\n---\n\n" + images + "[古いページ](/old/)\n",
    })
    code, out, err = run_cli("build", "--source", src, "--no-search")
    assert code == 0, err
    assert "(13 warnings: 12 missing-file, 1 broken-link; 1 note)" in out  # the note: example.org


def test_import_says_which_pages_are_in_the_other_language(tmp_path, run_cli):
    from site_files import write_files

    english = ("We are aware that a few users cannot access several services operated by the University, "
               "including UTAS and ITC-LMS. We are cooperating with the cloud vendor to fix the issue. "
               "Meanwhile, we describe who is affected and how to work around the issue.\n")
    src = write_files(tmp_path / "jekyll", {
        "index.md": "---\ntitle: ホーム\n---\n\nようこそ．English words such as Zoom and UTAS are fine here.\n",
        "notice/kt/index.md": "---\ntitle: A special page\n---\n\n" + english,
        "en/index.md": "---\ntitle: Home\n---\n\n" + english,
        "en/notice/kt/index.md": "---\ntitle: A special page\n---\n\n" + english,
    })
    code, _, err = run_cli("import", "jekyll", src, tmp_path / "site")
    assert code == 0, err
    report = (tmp_path / "site/IMPORT-REPORT.md").read_text(encoding="utf-8")
    notes = [line for line in report.splitlines() if "published as" in line and "<html lang" in line]
    assert notes == ["- `notice/kt/index.md`: the text is in English but the page is published as Japanese "
                     "(`<html lang=\"ja\">`, the Japanese search index): if it is the English page, move it to `en/`"]
