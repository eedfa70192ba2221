"""Input a careless or hostile contributor could write: odd bytes, deep
nesting, huge numbers, odd file names, URLs urllib cannot split.

Each case is driven through the CLI in-process like the editor mistakes of
``test_user_errors`` (same base site, same harness): exit status 1, an error
line naming the file (and the line where there is one), never a Python
traceback, the previous ``_site/`` and the sources byte for byte as they were,
and ``sitegen check`` reporting the same problem.
"""

from __future__ import annotations

import os
import re

import pytest

from test_user_errors import (BASE, NEW, Case, _argv, _assert_reported, _prepare, page, replace, snapshot)
from site_files import write_files

SITE_YML_ESC = replace("site.yml", "title: {ja: テスト, en: Test}", "title: {ja: テスト, en: \"Te\x1bst\"}")


def _bad_name(rel: bytes, content: bytes = b"---\ntitle: x\n---\nbody\n"):
    def apply(source):
        path = os.path.join(os.fsencode(source), rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(content)
    return apply


CASES = [
    # --- control characters in YAML (yaml.reader.ReaderError) ---------------------
    Case("front-matter-u0001", {NEW: page("title: a\x01b\n")}, f"{NEW}:2",
         r"invalid YAML: the control character U\+0001 is not allowed.*delete it"),
    Case("front-matter-nul", {NEW: page("title: x\ndescription: a\x00b\n")}, f"{NEW}:3", r"a NUL byte is not allowed"),
    Case("front-matter-esc", {NEW: page("title: x\n\nlayout: page\x1b\n")}, f"{NEW}:4", r"an escape character \(ESC\)"),
    Case("front-matter-ufffe", {NEW: page("title: x\ufffe\n")}, f"{NEW}:2", r"the non-character U\+FFFE"),
    Case("site-yml-esc", apply=SITE_YML_ESC, where="site.yml:1", message=r"an escape character \(ESC\)"),
    Case("nav-data-nul", {"data/nav.en.yml": "- name: Home\n  url: /en/\n- name: x\x00\n  url: /en/\n"},
         "data/nav.en.yml:3", r"a NUL byte is not allowed"),
    Case("i18n-esc", {"i18n/ja.yml": "search: 検索\nmenu: メ\x1bニュー\n"}, "i18n/ja.yml:2",
         r"an escape character \(ESC\)"),
    Case("toml-front-matter-esc", {NEW: '+++\ntitle = "a\x1bb"\n+++\nbody\n'}, f"{NEW}:2", r"invalid TOML"),
    # --- deep nesting and huge numbers (RecursionError, ValueError) ----------------------
    Case("yaml-nested-250", {NEW: page("title: x\nk: " + "[" * 250 + "]" * 250 + "\n")}, f"{NEW}:3",
         r"nested more than 100 deep"),
    Case("yaml-block-nested-250", {"data/nav.en.yml": "".join("  " * i + f"- k{i}:\n" for i in range(250)) + "x\n"},
         r"data/nav.en.yml:\d+", r"nested more than 100 deep"),
    Case("toml-nested-3000", {NEW: '+++\ntitle = "x"\nk = ' + "[" * 3000 + "]" * 3000 + "\n+++\nbody\n"},
         f"{NEW}:2", r"invalid TOML: arrays nested more than 100 deep"),
    Case("json-nested-150", {NEW: '{\n"title": "x",\n"k": ' + "[" * 150 + "]" * 150 + "\n}\nbody\n"},
         f"{NEW}:3", r"invalid JSON: arrays nested more than 100 deep"),
    Case("markdown-divs-nested-500", {NEW: page("title: x\n", '<div markdown="1">\n' * 500 + "x\n" + "</div>\n" * 500)},
         f"{NEW}:54", r'`markdown="1"` elements nested more than 50 deep'),
    Case("quotes-nested-1000", {NEW: page("title: x\n", "text\n\n" + ">" * 1000 + " deep\n")}, f"{NEW}:6",
         r"nested more than 100 levels deep here: the deeper content is left out"),
    Case("faq-order-400-digits", {"content/ja/faq/q2.md": page("title: 質問2\ncategory: zoom\norder: " + "9" * 400 + "\n")},
         "content/ja/faq/q2.md:4", r"`order` must be a number between"),
    Case("faq-order-nan", {"content/ja/faq/q2.md": page("title: 質問2\ncategory: zoom\norder: .nan\n")},
         "content/ja/faq/q2.md:4", r"`order` must be a number between"),
    Case("number-5000-digits", {NEW: page("title: x\nweight: " + "7" * 5000 + "\n")}, f"{NEW}:3",
         r"a number of 5000 digits is too long; quote it"),
    Case("json-number-5000-digits", {NEW: '{\n"title": ' + "7" * 5000 + "\n}\nbody\n"}, NEW,
         r"a number of 5000 digits is too long"),
    # --- NUL and other control characters in URL keys (ValueError: embedded null byte) ---
    Case("permalink-nul", {NEW: page('title: x\npermalink: "/a\\0b/"\n')}, f"{NEW}:3",
         r"`permalink: /a\\x00b/` must not contain control characters"),
    Case("redirect-from-esc", {NEW: page('title: x\nredirect_from: ["/old/", "/o\\eld/"]\n')}, f"{NEW}:3",
         r"`redirect_from` entry `/o\\x1bld/` must not contain control characters"),
    # --- URLs urllib cannot split (ValueError: Invalid IPv6 URL) ---------------------------
    Case("markdown-link-bad-ipv6", {NEW: page("title: x\n", "行\n\n[x](http://[zz)\n")}, f"{NEW}:6",
         r"not a valid URL: `http://\[zz`", hint="IPv6"),
    Case("markdown-link-unclosed-ipv6", {NEW: page("title: x\n", "[x][r]\n\n[r]: http://[::1/\n")}, f"{NEW}:4",
         r"not a valid URL: `http://\[::1/`"),
    Case("raw-html-bad-ipv6", {NEW: page("title: x\n", '<p><a href="http://[zz">x</a></p>\n')}, f"{NEW}:4",
         r"not a valid URL: `http://\[zz`"),
    Case("html-page-bad-ipv6", {"content/ja/zoom/raw.html": page("title: x\n", '<img src="http://[::1/a.png">\n')},
         "content/ja/zoom/raw.html:4", r"not a valid URL"),
    Case("nav-data-bad-ipv6", {"data/nav.en.yml": "- name: Home\n  url: /en/\n  contents:\n    - name: x\n"
                                                  "      url: 'http://[zz'\n"},
         "data/nav.en.yml:5", r"`url` in entry 1 of navigation block 1 is not a valid URL"),
    Case("base-url-bad-ipv6", apply=replace("site.yml", "https://example.org/", "'http://[::1/'"), where="site.yml:4",
         message=r"`base_url` `http://\[::1/` is not a valid URL"),
    Case("redirect-to-bad-ipv6", {NEW: page('title: x\nredirect_to: "http://[zz"\n')}, f"{NEW}:3",
         r"`redirect_to: http://\[zz` is not a valid URL"),
    Case("image-bad-ipv6", {NEW: page('title: x\nimage: "https://[zz/og.png"\n')}, f"{NEW}:3",
         r"`image: https://\[zz/og.png` is not a valid URL"),
    Case("theme-logo-bad-ipv6", apply=lambda s: (s / "site.yml").write_text(
        (s / "site.yml").read_text(encoding="utf-8") + "logo: 'http://[zz'\n", encoding="utf-8"),
         where="site.yml:12", message=r"`logo` `http://\[zz` is not a valid URL"),
    # --- layouts are as strict as page bodies (an undefined value printed nothing) ---------
    Case("layout-undefined-key", {"templates/page.html": "{% extends 'base.html' %}\n{% block content %}\n"
                                                         "<p>{{ page.subtitle }}</p>\n{% endblock %}\n"},
         "templates/page.html:3", r"template error while rendering /.*: `page` has no attribute 'subtitle'",
         hint=r"\{% if page.x %\}"),
    Case("layout-undefined-name", {"templates/page.html": "{% extends 'base.html' %}\n{% block content %}\n"
                                                          "{{ page.content }}\n{{ sidebar_note }}\n{% endblock %}\n"},
         "templates/page.html:4", r"'sidebar_note' is undefined"),
    # --- templates nested deeper than Jinja compiles ("include loop" without a line) -------
    Case("body-if-nested-2000", {NEW: page("title: x\n", "行\n" + "{% if true %}" * 2000 + "x" + "{% endif %}" * 2000
                                           + "\n")},
         f"{NEW}:5", r"template syntax error: template tags nested more than 90 deep", hint="check the"),
    Case("body-for-nested-25", {NEW: page("title: x\n", "".join(f"{{% for a{i} in [1] %}}\n" for i in range(25))
                                          + "x\n" + "{% endfor %}\n" * 25)},
         f"{NEW}:24", r"`\{% for %\}` loops nested more than 20 deep"),
    Case("include-if-nested-150", {"content/ja/_partials/deep.md": "a\n" + "{% if true %}\n" * 150 + "{% endif %}\n" * 150,
                                   NEW: page("title: x\n", '{% include "_partials/deep.md" %}\n')},
         "content/ja/_partials/deep.md:92", r"template tags nested more than 90 deep"),
    Case("layout-if-nested-150", {"templates/page.html": "{% extends 'base.html' %}\n{% block content %}\n"
                                                         + "{% if true %}\n" * 150 + "{% endif %}\n" * 150
                                                         + "{% endblock %}\n"},
         "templates/page.html:92", r"template tags nested more than 90 deep"),
    # --- UI strings are format strings: errors name the site's file, not the theme's -------
    Case("i18n-unclosed-placeholder", {"i18n/en.yml": "search: Search\nfallback_notice: 'Not in {language yet'\n"},
         "i18n/en.yml:2", r"UI string `fallback_notice` is not a valid text with placeholders: expected '\}'",
         hint=r"`\{\{` and `\}\}`"),
    Case("i18n-attribute-placeholder", {"i18n/en.yml": "fallback_notice: 'in {language.__class__}'\n"},
         "i18n/en.yml:1", r"`\{language.__class__\}` is not a placeholder", hint=r"\{language\}, \{source_language\}"),
    Case("i18n-unknown-placeholder", {"i18n/ja.yml": "search: 検索\nfaq_count: '{cnt} 件'\n"}, "i18n/ja.yml:2",
         r"UI string `faq_count` uses `\{cnt\}`, which sitegen does not fill in", hint="did you mean `count`"),
    # --- outputs in one another's place: the source file is named, in build and in check --
    Case("static-at-the-sitemap", {"content/ja/sitemap.xml": "<urlset/>\n"}, "content/ja/sitemap.xml",
         r"`content/ja/sitemap.xml` cannot be published as /sitemap.xml: sitegen writes its own sitemap.xml there",
         hint="rename or move"),
    Case("static-at-a-page-folder", {"content/ja/zoom/account": "notes\n"}, "content/ja/zoom/account",
         r"cannot be published as /zoom/account: a folder of other outputs"),
    Case("static-at-an-asset", {"content/ja/assets/img/logo.svg": "<svg/>\n", "assets/img/logo.svg": "<svg/>\n"},
         "content/ja/assets/img/logo.svg", r"cannot be published as /assets/img/logo.svg: "
                                           r"`assets/img/logo.svg` is published there"),
    Case("redirect-from-the-sitemap", {NEW: page("title: x\nredirect_from: [/old/, /sitemap.xml]\n")}, f"{NEW}:3",
         r"`redirect_from: /sitemap.xml` names the URL /sitemap.xml, which is reserved", hint="remove that entry"),
    Case("redirect-from-the-english-feed", {"content/en/zoom/new.md": page("title: x\nredirect_from: /feed.xml\n")},
         "content/en/zoom/new.md:3", r"names the URL /en/feed.xml, which is reserved"),
    # --- names longer than a file system takes ("File name too long" of a staging folder) --
    Case("slug-300-characters", {NEW: page("title: x\nslug: " + "a" * 300 + "\n")}, f"{NEW}:3",
         r"`slug: a{60}… \(300 characters\)` is 300 bytes long: .* at most 255 bytes", hint="shorter"),
    Case("permalink-japanese-90", {NEW: page("title: x\npermalink: /x/" + "あ" * 90 + "/\n")}, f"{NEW}:3",
         r"has a segment of 270 bytes: .* at most 255 bytes \(UTF-8: a Japanese character takes 3\)"),
    Case("redirect-from-256", {NEW: page("title: x\nredirect_from: [/old/, /" + "b" * 256 + "/]\n")}, f"{NEW}:3",
         r"`redirect_from` entry `/b{59}… \(258 characters\)` has a segment of 256 bytes"),
    # --- found by the fuzz test (tests/fuzz_site.py), as minimal cases ------------------------
    Case("front-matter-rule-type-misspelt", apply=replace("site.yml", "category: {type: string, required: true}",
                                                          "category: strng"),
         where="site.yml:11", message=r"unknown type `strng` for `category`", hint="use one of string"),
    Case("theme-image-name-too-long", apply=lambda s: (s / "site.yml").write_text(
        (s / "site.yml").read_text(encoding="utf-8") + "og_image: " + "x" * 5000 + "\n", encoding="utf-8"),
         where="site.yml:12", message=r"`og_image`: there is no file assets/x+"),
    Case("include-name-too-long", {NEW: page("title: x\n", '{% include "' + "a" * 300 + '.md" %}\n')}, f"{NEW}:4",
         r"include not found: `a{300}\.md`"),
    Case("faq-category-key-300", apply=replace("site.yml", "- key: zoom", "- key: " + "z" * 300), where="site.yml:7",
         message=r"FAQ category key `z{40}…` is 300 bytes long, more than 100", hint="short one"),
    # --- file names that are not UTF-8 (UnicodeEncodeError) --------------------------------
    Case("page-name-not-utf8", apply=_bad_name(b"content/ja/zoom/bad\xff.md"),
         where=re.escape("content/ja/zoom/bad\\xff.md"), message="the file name is not UTF-8", hint="rename it"),
    Case("folder-name-not-utf8", apply=_bad_name("content/ja/".encode() + "手順".encode("shift_jis") + b"/a.md"),
         # 手順 in Shift JIS is 8e e8 8f 87, of which e8 8f 87 happens to be UTF-8 (菇)
         where=re.escape("content/ja/\\x8e菇"), message="the file name is not UTF-8"),
    Case("static-name-not-utf8", apply=_bad_name(b"content/en/img\xe9.png", b"png"),
         where=re.escape("content/en/img\\xe9.png"), message="the file name is not UTF-8"),
    Case("asset-name-not-utf8", apply=_bad_name(b"assets/css/print\xff.css", b"p {}"),
         where=re.escape("assets/css/print\\xff.css"), message="the file name is not UTF-8"),
    Case("data-name-not-utf8", apply=_bad_name(b"data/links\xff.yml", b"- a\n"),
         where=re.escape("data/links\\xff.yml"), message="the file name is not UTF-8"),
]


@pytest.fixture(scope="module")
def built_base(tmp_path_factory):
    from sitegen.cli import main

    source = write_files(tmp_path_factory.mktemp("base") / "site", BASE)
    assert main(["build", "--source", str(source), "--no-search", "--quiet"]) == 0
    return source


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input_is_an_error_and_output_kept(case, built_base, tmp_path, run_cli):
    source = _prepare(case, built_base, tmp_path)
    before = snapshot(source)
    parent_before = sorted(p.name for p in tmp_path.iterdir())

    code, out, err = run_cli(*_argv(case, source))

    _assert_reported(case, code, out, err)
    assert snapshot(source) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == parent_before


CHECKABLE = [c for c in CASES if c.checkable]


@pytest.mark.parametrize("case", CHECKABLE, ids=[c.id for c in CHECKABLE])
def test_check_reports_hostile_input(case, built_base, tmp_path, run_cli):
    source = _prepare(case, built_base, tmp_path)
    before = snapshot(source)

    code, out, err = run_cli("check", "--source", str(source))

    _assert_reported(case, code, out, err)
    assert snapshot(source) == before


def test_code_showing_endraw_builds(built_base, tmp_path, run_cli):
    """`{% endraw %}` in inline code is code, never evaluated (as the README says)."""
    body = "Close a raw block with `{% endraw %}`; {{ page.title }} is evaluated.\n"
    source = _prepare(Case("endraw", {NEW: page("title: 生\n", body)}), built_base, tmp_path)
    code, out, err = run_cli("build", "--source", str(source), "--no-search")
    assert code == 0, err
    html = (source / "_site/zoom/new/index.html").read_text(encoding="utf-8")
    assert "<code>{% endraw %}</code>; 生 is evaluated." in html


def test_keep_going_builds_the_pages_around_a_file_in_their_place(built_base, tmp_path, run_cli):
    """`build --keep-going` writes everything but the file that has no place,
    which is reported (writing it would have failed the whole output)."""
    source = _prepare(Case("clash", {"content/ja/zoom/account": "notes\n"}), built_base, tmp_path)
    code, out, err = run_cli("build", "--source", str(source), "--no-search", "--keep-going")
    assert code == 1, err
    assert "content/ja/zoom/account: error: `content/ja/zoom/account` cannot be published" in err
    assert "Traceback" not in err
    assert (source / "_site/zoom/account/index.html").is_file()
