"""Front matter in YAML (``---``), TOML (``+++``, Hugo) and JSON (``{``, Hugo):
the same page in each format builds to the same HTML; errors name the file
and the file line in every format; BOM, CRLF and empty blocks behave as in
YAML; ``sitegen i18n stamp`` writes ``source_hash`` in the page's own format."""

from __future__ import annotations

import frontmatter
import pytest

from sitegen.build import BuildOptions, build
from sitegen.matter import HANDLERS, LineJSONHandler, LineTOMLHandler, LineYAMLHandler, split
from site_files import write_files

SITE = {
    "site.yml": """
        title: {ja: テスト, en: Test}
        base_url: https://example.org/
        front_matter:
          order: {type: integer}
    """,
    "content/ja/index.md": "---\ntitle: ホーム\n---\nようこそ\n",
    "content/en/index.md": "---\ntitle: Home\n---\nWelcome\n",
}

BODY = "\n\n## 手順 {#steps}\n\n[ホーム](index.md)\n"

SAME_PAGE = {
    "yaml": ("---\ntitle: メールの設定\ndescription: 設定の手順\nupdated: 2026-04-01\norder: 3\n"
             "tags: [mail, setup]\ntoc: false\nbreadcrumb: {title: メール}\n---" + BODY),
    "toml": ('+++\ntitle = "メールの設定"\ndescription = "設定の手順"\nupdated = 2026-04-01\norder = 3\n'
             'tags = ["mail", "setup"]\ntoc = false\n\n[breadcrumb]\ntitle = "メール"\n+++' + BODY),
    "json": ('{\n  "title": "メールの設定",\n  "description": "設定の手順",\n  "updated": "2026-04-01",\n'
             '  "order": 3,\n  "tags": ["mail", "setup"],\n  "toc": false,\n  "breadcrumb": {"title": "メール"}\n}'
             + BODY),
}


def test_the_same_page_in_yaml_toml_and_json_builds_the_same_html(tmp_path):
    built = {}
    for name, text in SAME_PAGE.items():
        source = write_files(tmp_path / name, {**SITE, "content/ja/mail.md": text})
        build(BuildOptions(source=source, out=tmp_path / f"{name}-out", search=False))
        built[name] = (tmp_path / f"{name}-out" / "mail" / "index.html").read_text(encoding="utf-8")
    assert built["yaml"] == built["toml"] == built["json"]
    html = built["yaml"]
    assert "<title>メールの設定" in html and 'content="設定の手順"' in html
    assert 'datetime="2026-04-01"' in html
    assert 'id="steps"' in html


@pytest.mark.parametrize("name", ["toml", "json"])
def test_body_lines_are_file_lines_in_every_format(make_site, run_cli, name):
    text = SAME_PAGE[name].replace("[ホーム](index.md)", "[ない](nope.md)")
    line = text.split("\n").index("[ない](nope.md)") + 1
    site = make_site({**SITE, "content/ja/mail.md": SAME_PAGE[name]})
    (site.source / "content/ja/mail.md").write_text(text, encoding="utf-8")
    code, out, err = run_cli("build", "--source", site.source, "--out", site.out, "--no-search")
    assert code == 1
    assert f"content/ja/mail.md:{line}:" in err and "nope.md" in err


@pytest.mark.parametrize("name, key_line", [("toml", 5), ("json", 5)])
def test_schema_errors_point_at_the_keys_line(make_site, run_cli, name, key_line):
    text = SAME_PAGE[name].replace("order = 3", 'order = "three"').replace('"order": 3', '"order": "three"')
    site = make_site(SITE)
    write_files(site.source, {"content/ja/mail.md": text})
    code, out, err = run_cli("build", "--source", site.source, "--out", site.out, "--no-search")
    assert code == 1
    assert f"content/ja/mail.md:{key_line}: error: front matter `order` must be a number, found a string" in err


@pytest.mark.parametrize("text, where, message, hint", [
    ('+++\ntitle = "x"\nupdated = \n+++\nbody\n', 3, r"invalid TOML: Invalid value \(column 11\)", "between the `\\+\\+\\+` lines"),
    ('+++\ntitle = "x"\ntitle = "y"\n+++\nbody\n', 3, r"duplicate key `title` \(first written on line 2", "TOML"),
    ('+++\ntitle = "x"\nbody\n', 1, r"front matter starts with `\+\+\+` but has no closing `\+\+\+` line", "TOML"),
    ('{\n  "title": "x"\n  "order": 1\n}\nbody\n', 3, r"invalid JSON: Expecting ',' delimiter", "a comma between"),
    ('{\n  "title": "x",\n  "title": "y"\n}\nbody\n', 3, r"duplicate key `title` \(first written on line 2", "JSON"),
    ('{\n  "title": "x"\nbody\n', 1, r"front matter starts with `\{` but has no closing `\}` line", "JSON"),
    ('---\ntitle: x\nbad: [1, 2\n---\nbody\n', 3, r"invalid YAML", "between the `---` lines"),
])
def test_syntax_errors_name_the_file_line_and_the_format(make_site, run_cli, text, where, message, hint):
    import re

    site = make_site(SITE)
    before = {p: p.read_bytes() for p in site.out.rglob("*") if p.is_file()}
    write_files(site.source, {"content/ja/broken.md": text})
    code, out, err = run_cli("build", "--source", site.source, "--out", site.out, "--no-search")
    assert code == 1
    assert re.search(rf"content/ja/broken\.md:{where}: error: front matter: {message}", err), err
    assert re.search(rf"hint: .*{hint}", err), err
    assert "Traceback" not in err
    assert {p: p.read_bytes() for p in site.out.rglob("*") if p.is_file()} == before  # the last good build stays
    code, out, _ = run_cli("check", "--source", site.source)
    assert code == 1 and f"content/ja/broken.md:{where}:" in out


@pytest.mark.parametrize("name", ["yaml", "toml", "json"])
def test_bom_and_crlf_keep_fields_and_lines(make_site, run_cli, name):
    text = SAME_PAGE[name].replace("[ホーム](index.md)", "[ない](nope.md)")
    line = text.split("\n").index("[ない](nope.md)") + 1
    site = make_site(SITE)
    (site.source / "content/ja/mail.md").write_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"))
    code, out, err = run_cli("check", "--source", site.source, "--format", "json")
    import json
    findings = json.loads(out)["findings"]
    findings = [f for f in findings if f["level"] != "note"]  # the fixture's example.org base_url
    assert [(f["path"], f["line"], f["rule"]) for f in findings] == [("content/ja/mail.md", line, "broken-link")]
    (site.source / "content/ja/mail.md").write_bytes(("\ufeff" + SAME_PAGE[name].replace("\n", "\r\n")).encode())
    code, _, err = run_cli("build", "--source", site.source, "--out", site.out, "--no-search")
    assert code == 0, err
    assert "<title>メールの設定" in site.html("/mail/")


@pytest.mark.parametrize("empty", ["---\n---\n", "+++\n+++\n", "{\n}\n", "---\n\n---\n", "+++\n\n+++\n"])
def test_an_empty_front_matter_is_a_page_without_a_title(make_site, run_cli, empty):
    site = make_site(SITE)
    write_files(site.source, {"content/ja/empty.md": empty + "本文\n"})
    code, _, err = run_cli("build", "--source", site.source, "--out", site.out, "--no-search")
    assert code == 1
    assert "content/ja/empty.md:1: error: the page has no `title`" in err


@pytest.mark.parametrize("text", ["{::comment}\nnote\n{:/comment}\n", "{% if x %}\n{% endif %}\n", "{: .x}\n",
                                  "----\ntitle: x\n----\n", "+++ x\n"])
def test_text_that_only_looks_like_a_delimiter_is_no_front_matter(text):
    assert split(text) == (None, None)


@pytest.mark.parametrize("name, expected_line", [
    ("yaml", 'source_hash: "{hash}"'), ("toml", 'source_hash = "{hash}"'), ("json", '  "source_hash": "{hash}",'),
])
def test_stamp_writes_the_hash_in_the_pages_format(make_site, run_cli, name, expected_line):
    english = {"yaml": "---\ntitle: Mail\n---\nBody\n",
               "toml": '+++\ntitle = "Mail"\n\n[breadcrumb]\ntitle = "Mail"\n+++\nBody\n',
               "json": '{\n  "title": "Mail"\n}\nBody\n'}[name]
    site = make_site({**SITE, "content/ja/mail.md": SAME_PAGE[name], "content/en/mail.md": english})
    code, out, err = run_cli("i18n", "stamp", "--source", site.source, site.source / "content/en/mail.md")
    assert code == 0, err
    value = out.split("source_hash: ")[1].rstrip(")\n")
    text = (site.source / "content/en/mail.md").read_text(encoding="utf-8")
    assert expected_line.format(hash=value) in text.split("\n")
    code, out, _ = run_cli("i18n", "status", "--source", site.source)
    assert "current    en     content/en/mail.md" in out
    # the page still builds, with the same title, and the stamp is read back
    code, _, err = run_cli("build", "--source", site.source, "--out", site.out, "--no-search")
    assert code == 0, err
    assert "<title>Mail" in site.html("/en/mail/")


def test_stamp_keeps_crlf_and_the_bom(make_site, run_cli):
    site = make_site({**SITE, "content/ja/mail.md": SAME_PAGE["toml"]})
    path = site.source / "content/en/mail.md"
    path.write_bytes('\ufeff+++\r\ntitle = "Mail"\r\n+++\r\nBody\r\n'.encode("utf-8"))
    code, out, err = run_cli("i18n", "stamp", "--source", site.source, path)
    assert code == 0, err
    data = path.read_bytes()
    assert data.startswith('\ufeff+++\r\nsource_hash = "'.encode("utf-8"))
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_stamp_refuses_what_it_cannot_rewrite_and_writes_nothing(make_site, run_cli):
    site = make_site({**SITE, "content/ja/mail.md": SAME_PAGE["toml"], "content/ja/other.md": SAME_PAGE["yaml"]})
    tricky = '+++\ntitle = "Mail"\nsource_hash = """\nold"""\n+++\nBody\n'
    write_files(site.source, {"content/en/mail.md": tricky, "content/en/other.md": "---\ntitle: Other\n---\nx\n"})
    code, out, err = run_cli("i18n", "stamp", "--source", site.source, site.source / "content/en")
    assert code == 1
    assert "content/en/mail.md:3: error: cannot stamp: `source_hash` is written in a way sitegen cannot rewrite" in err
    assert 'write it on one line as source_hash = "' in err
    assert (site.source / "content/en/mail.md").read_text(encoding="utf-8") == tricky
    assert "source_hash" not in (site.source / "content/en/other.md").read_text(encoding="utf-8")


# --- the handlers themselves ------------------------------------------------------

@pytest.mark.parametrize("text, handler, body_line", [
    ("---\ntitle: x\n---\n\n\nBody\n", LineYAMLHandler, 3),
    ("+++\ntitle = 'x'\n+++\n\n\nBody\n", LineTOMLHandler, 3),
    ('{\n"title": "x"\n}\n\n\nBody\n', LineJSONHandler, 3),
])
def test_split_keeps_every_blank_line(text, handler, body_line):
    found, part = split(text)
    assert type(found) is handler
    assert part.body == "\n\nBody\n" and part.body_line == body_line
    # the library's detection picks the same handler
    assert type(frontmatter.detect_format(text, HANDLERS)) is handler


def test_the_handlers_work_through_the_librarys_own_api():
    post = frontmatter.loads('+++\ntitle = "x"\norder = 2\n+++\nBody\n', handler=LineTOMLHandler())
    assert post.metadata == {"title": "x", "order": 2} and post.content == "Body"
    post = frontmatter.loads('{\n  "title": "x"\n}\nBody\n', handler=LineJSONHandler())
    assert post["title"] == "x"
    post = frontmatter.loads("---\ntitle: x\n---\nBody\n", handler=LineYAMLHandler())
    assert post["title"] == "x"


def test_key_lines_are_file_lines():
    from sitegen.matter import parse_front_matter

    toml = parse_front_matter('+++\na = 1\n"b c" = 2\nd.e = 3\ns = """\nf = 9\n"""\n[g]\nh = 1\n[[i]]\n+++\n')
    assert toml.data.key_lines == {"a": 2, "b c": 3, "d": 4, "s": 5, "g": 8, "i": 10}
    json_fm = parse_front_matter('{\n  "a": {"x": 1,\n    "y": 2},\n  "b": "c:d",\n  "e": [\n    "f"]\n}\n')
    assert json_fm.data.key_lines == {"a": 2, "b": 4, "e": 5}
