"""Editor mistakes, driven through the CLI in-process.

The project standard: bad input gets a clear error naming the file, the line
where known, and what to do; the build exits 1 (2 for usage errors) and the
previous output stays byte for byte as it was.  Never a Python traceback for
a user mistake.

Each case starts from a small site that built cleanly into ``_site/``, makes
one realistic mistake, runs the CLI and checks the exit status, the
``path:line: error:`` text and that ``_site/`` (and the sources) are intact.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from site_files import write_files

BASE = {
    "site.yml": """
        title: {ja: テスト, en: Test}
        languages: [ja, en]
        default_language: ja
        base_url: https://example.org/
        faq:
          categories:
            - key: zoom
              label: {ja: Zoom, en: Zoom}
        front_matter:
          faq/:
            category: {type: string, required: true}
    """,
    "content/ja/index.md": """
        ---
        title: ホーム
        ---
        [アカウント](zoom/account.md)
    """,
    "content/en/index.md": """
        ---
        title: Home
        ---
        [Account](zoom/account.md)
    """,
    "content/ja/zoom/account.md": """
        ---
        title: アカウント
        updated: 2026-04-01
        ---
        ## 手順 {#steps}

        {% include "_partials/note.md" %}
    """,
    "content/en/zoom/account.md": """
        ---
        title: Account
        ---
        ## Steps {#steps}
    """,
    "content/ja/_partials/note.md": "注意してください。\n",
    "content/ja/faq/q.md": """
        ---
        title: 質問
        category: zoom
        ---
        答え。
    """,
    "data/nav.ja.yml": """
        - name: ホーム
          url: /
        - name: Zoom
          contents:
            - name: アカウント
              url: /zoom/account/
    """,
    "data/nav.en.yml": """
        - name: Home
          url: /en/
    """,
    "i18n/ja.yml": "search: 検索\n",
}

NEW = "content/ja/zoom/new.md"


def page(front: str, body: str = "本文\n") -> str:
    return f"---\n{front}---\n{body}"


def append(rel: str, text: str) -> Callable[[Path], None]:
    def apply(source: Path) -> None:
        path = source / rel
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return apply


def replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(source: Path) -> None:
        path = source / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    return apply


@dataclass
class Case:
    id: str
    files: dict = field(default_factory=dict)  # written over the base site (str or bytes)
    where: str = ""  # regex the error line must start with: "content/ja/zoom/new.md:3"
    message: str = ""  # regex somewhere in the same line
    code: int = 1
    apply: Callable[[Path], None] | None = None
    args: tuple = ("build",)  # "{src}" is replaced by the site folder
    checkable: bool = True  # `sitegen check` must report the same problem
    hint: str | None = None  # regex of the hint line


CASES = [
    # --- front matter --------------------------------------------------------
    Case("front-matter-tab", {NEW: "---\ntitle: x\n\tlayout: page\n---\nbody\n"},
         f"{NEW}:3", r"invalid YAML.*'\\t'", hint="fix the YAML"),
    Case("front-matter-unclosed-quote", {NEW: '---\ntitle: "x\nlayout: page\n---\nbody\n'},
         f"{NEW}:3", r"invalid YAML"),
    Case("front-matter-not-closed", {NEW: "---\ntitle: x\nbody\n"}, f"{NEW}:1", r"no closing `---`"),
    Case("front-matter-list", {NEW: "---\n- a\n- b\n---\nbody\n"}, f"{NEW}:2", r"must be a mapping.*a list"),
    Case("front-matter-duplicate-key", {NEW: page("title: x\ntitle: y\n")}, f"{NEW}:3",
         r"duplicate key `title` \(first written on line 2"),
    Case("shift-jis", {NEW: page("title: テスト\n", "本文です\n").encode("shift_jis")}, f"{NEW}:2", r"not UTF-8",
         hint="UTF-8"),
    Case("empty-file", {NEW: ""}, f"{NEW}:1", r"no `title`"),
    Case("title-list", {NEW: page("title: [a, b]\n")}, f"{NEW}:2", r"`title` must be a string.*a list"),
    Case("updated-not-a-date", {NEW: page("title: x\nupdated: yesterday\n")}, f"{NEW}:3",
         r"`updated` must be a date", hint="2026-04-01"),
    Case("updated-impossible-date", {NEW: page("title: x\nupdated: 2026-13-45\n")}, f"{NEW}:3",
         r"`2026-13-45` is not a valid date"),
    Case("date-number", {NEW: page("title: x\ndate: 20260401\n")}, f"{NEW}:3", r"`date` must be a date"),
    Case("draft-string", {NEW: page("title: x\ndraft: yes please\n")}, f"{NEW}:3", r"`draft` must be true or false"),
    Case("lang-mismatch", {NEW: page("title: x\nlang: en\n")}, f"{NEW}:3", r"says `lang: en`"),
    Case("layout-missing", {NEW: page("title: x\nlayout: nonexistent\n")}, f"{NEW}:3", r"unknown layout `nonexistent`",
         hint="use one of"),
    # --- URLs ----------------------------------------------------------------
    Case("permalink-dotdot", {NEW: page("title: x\npermalink: /../../etc/x/\n")}, f"{NEW}:3",
         r"`permalink: /../../etc/x/` must not contain `.` or `..`"),
    Case("permalink-url", {NEW: page("title: x\npermalink: https://example.org/x/\n")}, f"{NEW}:3",
         r"not a URL", hint="redirect_to"),
    Case("slug-dotdot", {NEW: page("title: x\nslug: ../../../escape\n")}, f"{NEW}:3", r"one URL segment"),
    Case("slug-with-slash", {NEW: page("title: x\nslug: a/b\n")}, f"{NEW}:3", r"one URL segment", hint="permalink"),
    Case("permalink-generated-file", {NEW: page("title: x\npermalink: /sitemap.xml\n")}, f"{NEW}:3",
         r"the URL /sitemap.xml is reserved"),
    Case("breadcrumb-parent-missing", {NEW: page("title: x\nbreadcrumb: {parent: ../nope.md}\n")}, f"{NEW}:3",
         r"`breadcrumb.parent` leads to no page"),
    Case("breadcrumb-unknown-key", {NEW: page("title: x\nbreadcrumb: {titel: y}\n")}, f"{NEW}:3",
         r"unknown key `titel` in `breadcrumb`", hint="did you mean `title`"),
    Case("two-pages-one-url", {NEW: page("title: x\npermalink: /zoom/account/\n")}, f"{NEW}:3",
         r"both produce the URL /zoom/account/"),
    Case("redirect-from-collides", {NEW: page("title: x\nredirect_from: /zoom/account/\n")}, f"{NEW}:3",
         r"both produce the URL /zoom/account/"),
    Case("redirect-from-dotdot", {NEW: page("title: x\nredirect_from: [/old/, /../../x/]\n")}, f"{NEW}:3",
         r"`redirect_from` entry `/../../x/`"),
    Case("redirect-to-missing-page", {NEW: page("title: x\nredirect_to: /nope/\n")}, f"{NEW}:3",
         r"`redirect_to` leads to no page"),
    Case("redirect-to-missing-file", {NEW: page("title: x\nredirect_to: ../nope.md\n")}, f"{NEW}:3",
         r"`redirect_to` leads to no page"),
    Case("link-to-missing-file", {NEW: page("title: x\n", "行\n\n[x](../nope.md)\n")}, f"{NEW}:6",
         r"missing page.*`../nope.md`"),
    # --- templates in bodies --------------------------------------------------
    Case("jinja-unclosed-if", {NEW: page("title: x\n", "行\n{% if page.x %}\nfoo\n")}, f"{NEW}:5",
         r"template syntax error", hint="template: false"),
    Case("jinja-undefined", {NEW: page("title: x\n", "行\n\n{{ site.parms.x }}\n")}, f"{NEW}:6",
         r"has no attribute 'parms'"),
    Case("include-missing", {NEW: page("title: x\n", "行\n\n{% include \"_partials/missing.md\" %}\n")},
         f"{NEW}:6", r"include not found: `_partials/missing.md`", hint=r"looked up in content/ja/$"),
    Case("include-missing-en", {"content/en/zoom/new.md": page("title: x\n", "{% include \"_p/missing.md\" %}\n")},
         "content/en/zoom/new.md:4", r"include not found", hint=r"content/en/ then content/ja/"),
    Case("include-leaves-content", {NEW: page("title: x\n", "行\n\n{% include \"../../site.yml\" %}\n")},
         f"{NEW}:6", r"cannot leave the content folder"),
    Case("include-loop", {"content/ja/_partials/loop.md": "a\n{% include \"_partials/loop.md\" %}\n",
                          NEW: page("title: x\n", "{% include \"_partials/loop.md\" %}\n")},
         "content/ja/_partials/loop.md:2", r"include loop", hint="must not include itself"),
    Case("macro-recursion", {NEW: page("title: x\n", "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}\n")},
         f"{NEW}:4", r"leads back to itself"),
    Case("include-syntax-error", {"content/ja/_partials/bad.md": "a\n\n{% if %}\n",
                                  NEW: page("title: x\n", "{% include \"_partials/bad.md\" %}\n")},
         "content/ja/_partials/bad.md:3", r"template syntax error"),
    Case("include-shift-jis", {"content/ja/_partials/sj.md": "一行目\n二行目\n".encode("shift_jis"),
                               NEW: page("title: x\n", "{% include \"_partials/sj.md\" %}\n")},
         "content/ja/_partials/sj.md:1", r"cannot include `_partials/sj.md`: the file is not UTF-8"),
    # --- layout templates ------------------------------------------------------
    Case("layout-syntax-error", {"templates/page.html": "{% extends 'base.html' %}\n{% block content %}\n{% if %}\n"
                                                        "{% endblock %}\n"},
         "templates/page.html:3", r"template syntax error"),
    Case("layout-missing-include", {"templates/page.html": "{% extends 'base.html' %}\n{% block content %}\n"
                                                           "{% include 'nope.html' %}\n{% endblock %}\n"},
         "templates/page.html:3", r"template `nope.html` not found"),
    Case("layout-undefined", {"templates/page.html": "{% extends 'base.html' %}\n{% block content %}\n"
                                                     "{{ page.nope.deeper }}\n{% endblock %}\n"},
         "templates/page.html:3", r"has no attribute 'nope'"),
    Case("layout-shift-jis", {"templates/page.html": "{% extends 'base.html' %}{# 日本語 #}\n".encode("shift_jis")},
         "templates/page.html:1", r"not UTF-8"),
    # --- files and folders -----------------------------------------------------
    Case("broken-symlink-page", apply=lambda s: os.symlink("nowhere.md", s / "content/ja/broken.md"),
         where="content/ja/broken.md", message=r"symbolic link to a missing file"),
    Case("broken-symlink-file", apply=lambda s: os.symlink("nowhere.png", s / "content/ja/broken.png"),
         where="content/ja/broken.png", message=r"symbolic link to a missing file"),
    Case("broken-symlink-asset", apply=lambda s: (s / "assets").mkdir() or os.symlink("no.css", s / "assets/x.css"),
         where="assets/x.css", message=r"symbolic link to a missing file"),
    Case("language-folder-is-a-file", apply=lambda s: (shutil.rmtree(s / "content/en"), (s / "content/en").write_text("x")),
         where="content/en", message=r"is a file, not a folder"),
    Case("file-outside-language-folder", {"content/readme.md": "x\n"}, "content/readme.md",
         r"not inside a language folder"),
    # --- site.yml ---------------------------------------------------------------
    Case("config-unknown-key", apply=append("site.yml", "titel: x\n"), where="site.yml:12",
         message=r"unknown key `titel`", hint="did you mean `title`"),
    Case("config-duplicate-key", apply=append("site.yml", "default_language: en\n"), where="site.yml:12",
         message=r"duplicate key `default_language` \(first written on line 3"),
    Case("config-bad-yaml", apply=replace("site.yml", "[ja, en]", "[ja, en"), where="site.yml:3",
         message=r"invalid YAML"),
    Case("config-languages-empty", apply=replace("site.yml", "[ja, en]", "[]"), where="site.yml:2",
         message=r"`languages` must be a non-empty list"),
    Case("config-default-language", apply=replace("site.yml", "default_language: ja", "default_language: fr"),
         where="site.yml:3", message=r"default_language `fr` is not one of the languages"),
    Case("config-base-url-no-scheme", apply=replace("site.yml", "https://example.org/", "example.org"),
         where="site.yml:4", message=r"`base_url` `example.org` is not an http\(s\) URL",
         hint=r"did you mean `https://example.org/`"),
    Case("config-language-entry-key", apply=replace("site.yml", "[ja, en]", "[{code: ja, nmae: 日本語}, en]"),
         where="site.yml:2", message=r"unknown key `nmae` in a language entry", hint="did you mean `name`"),
    Case("config-label-language", apply=replace("site.yml", "{ja: Zoom, en: Zoom}", "{jp: Zoom, en: Zoom}"),
         where="site.yml:8", message=r"has an entry for `jp`"),
    Case("config-required-not-bool", apply=replace("site.yml", "required: true", "required: yes please"),
         where="site.yml:11", message=r"`required` for `category` must be true or false"),
    Case("config-shift-jis", {"site.yml": "title: 日本語\n".encode("shift_jis")}, "site.yml:1", r"not UTF-8"),
    Case("config-is-a-folder", apply=lambda s: ((s / "site.yml").unlink(), (s / "site.yml").mkdir()),
         where="site.yml", message=r"a folder, not a file"),
    # --- data and UI strings -------------------------------------------------------
    Case("nav-wrong-key", {"data/nav.ja.yml": "- name: a\n  urll: /\n"}, "data/nav.ja.yml:2",
         r"unknown key `urll`", hint="did you mean `url`"),
    Case("nav-wrong-type", {"data/nav.ja.yml": "- name: [a]\n  url: /\n"}, "data/nav.ja.yml:1",
         r"`name` in navigation block 1 must be a non-empty string"),
    Case("nav-scalar", {"data/nav.ja.yml": "hello\n"}, "data/nav.ja.yml:1", r"must be a list of blocks"),
    Case("nav-contents-scalar", {"data/nav.ja.yml": "- name: a\n  contents: hello\n"}, "data/nav.ja.yml:2",
         r"`contents` in navigation block 1 must be a list"),
    Case("nav-bad-yaml", {"data/nav.ja.yml": "- name: a\n  url: [/\n"}, "data/nav.ja.yml:3", r"invalid YAML"),
    Case("nav-shift-jis", {"data/nav.ja.yml": "- name: ホーム\n  url: /\n- name: 日本\n".encode("shift_jis")},
         "data/nav.ja.yml:1", r"not UTF-8"),
    Case("ui-strings-shift-jis", {"i18n/ja.yml": "search: 検索\n".encode("shift_jis")}, "i18n/ja.yml:1",
         r"not UTF-8"),
    Case("ui-strings-duplicate-key", {"i18n/ja.yml": "search: 検索\nsearch: さがす\n"}, "i18n/ja.yml:2",
         r"duplicate key `search`"),
    # --- command line -----------------------------------------------------------------
    Case("out-is-source", args=("build", "--out", "{src}"), code=2, where="sitegen", message=r"--out .*source"),
    Case("out-is-content", args=("build", "--out", "{src}/content"), code=2, where="sitegen",
         message=r"--out .*content"),
    Case("out-inside-content", args=("build", "--out", "{src}/content/ja/out"), code=2, where="sitegen",
         message=r"--out .*content"),
    Case("out-is-templates", args=("build", "--out", "{src}/templates"), code=2, where="sitegen",
         message=r"--out .*templates"),
    Case("out-contains-source", args=("build", "--out", "{src}/.."), code=2, where="sitegen",
         message=r"--out .*contains the site"),
    Case("out-is-another-folder", apply=lambda s: write_files(s / "documents", {"notes.txt": "mine\n"}),
         args=("build", "--out", "{src}/documents"), code=2, where="sitegen", message=r"--out .*holds other files"),
    Case("out-is-a-file", args=("build", "--out", "{src}/site.yml"), code=2, where="sitegen",
         message=r"--out .*is a file"),
    Case("out-under-a-file", args=("build", "--out", "{src}/site.yml/x"), code=2, where="sitegen",
         message=r"--out .*is a file"),
    Case("jobs-zero", args=("build", "--jobs", "0"), code=2, where="sitegen build", message=r"--jobs.*1 or more"),
    Case("jobs-negative", args=("build", "--jobs", "-1"), code=2, where="sitegen build", message=r"--jobs"),
    Case("source-missing", args=("build", "--source", "{src}/nope"), code=2, where="sitegen",
         message=r"does not exist"),
    Case("source-is-a-file", args=("build", "--source", "{src}/site.yml"), code=2, where="sitegen",
         message=r"is not a folder"),
    Case("base-url-option", args=("build", "--base-url", "example.org"), code=2, where="sitegen",
         message=r"--base-url .*example.org"),
    Case("check-format-xml", args=("check", "--format", "xml"), code=2, where="sitegen check",
         message=r"invalid choice: 'xml'"),
    Case("i18n-without-action", args=("i18n",), code=2, where="sitegen i18n", message=r"status|stamp"),
    Case("stamp-missing-file", args=("i18n", "stamp", "{src}/content/en/nope.md"), code=2,
         where=r"\S*content/en/nope.md", message=r"does not exist"),
    Case("stamp-source-page", args=("i18n", "stamp", "{src}/content/ja/zoom/account.md"), code=2,
         where=r"content/ja/zoom/account.md", message=r"the original \(ja\) version", hint=r"content/en/zoom/account.md"),
    Case("stamp-not-a-page", args=("i18n", "stamp", "{src}/site.yml"), code=2,
         where=r"\S*site.yml", message=r"not a page"),
    Case("stamp-partial", args=("i18n", "stamp", "{src}/content/ja/_partials/note.md"), code=2,
         where=r"content/ja/_partials/note.md", message=r"not a page"),
    Case("stamp-without-source", {"content/en/only.md": page("title: English only\n")},
         args=("i18n", "stamp", "{src}/content/en/only.md"), code=2,
         where=r"content/en/only.md", message=r"the original \(en\) version", hint="no translation yet"),
]



def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder`` with a hash of its bytes."""
    result = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        result[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
    return result


@pytest.fixture(scope="module")
def built_base(tmp_path_factory):
    """The base site, built once; every case starts from a copy of it."""
    from sitegen.cli import main

    source = write_files(tmp_path_factory.mktemp("base") / "site", BASE)
    assert main(["build", "--source", str(source), "--no-search", "--quiet"]) == 0
    return source


def _prepare(case: Case, built_base: Path, tmp_path: Path) -> Path:
    source = tmp_path / "site"
    shutil.copytree(built_base, source, symlinks=True)
    write_files(source, case.files)
    if case.apply is not None:
        case.apply(source)
    return source


def _argv(case: Case, source: Path) -> list[str]:
    args = [a.replace("{src}", str(source)) for a in case.args]
    if "--source" not in args:
        at = 2 if args[0] == "i18n" else 1
        args[at:at] = ["--source", str(source)]
    if args[0] == "build":
        args.append("--no-search")
    return args


def _assert_reported(case: Case, code: int, out: str, err: str) -> None:
    text = err + out
    assert "Traceback" not in text, text
    assert "internal error" not in text, text
    assert code == case.code, text
    pattern = rf"^{case.where}(:\d+)*: error: .*{case.message}"
    lines = text.splitlines()
    matches = [i for i, line in enumerate(lines) if re.search(pattern, line)]
    assert matches, f"no line matches {pattern!r} in:\n{text}"
    if case.hint is not None:
        hints = [lines[i + 1] for i in matches if i + 1 < len(lines)]
        assert any(h.lstrip().startswith("hint:") and re.search(case.hint, h) for h in hints), text


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_mistake_is_reported_and_output_kept(case, built_base, tmp_path, run_cli):
    source = _prepare(case, built_base, tmp_path)
    before = snapshot(source)
    parent_before = sorted(p.name for p in tmp_path.iterdir())

    code, out, err = run_cli(*_argv(case, source))

    _assert_reported(case, code, out, err)
    if code == 2 or case.args[0] == "build":
        # nothing written, nothing deleted: sources and the previous _site/ as they were
        assert snapshot(source) == before
        assert sorted(p.name for p in tmp_path.iterdir()) == parent_before  # no leftover staging folder


SITE_CASES = [c for c in CASES if c.code == 1 and c.checkable]


@pytest.mark.parametrize("case", SITE_CASES, ids=[c.id for c in SITE_CASES])
def test_check_reports_the_same_mistake(case, built_base, tmp_path, run_cli):
    source = _prepare(case, built_base, tmp_path)
    before = snapshot(source)

    code, out, err = run_cli("check", "--source", str(source))

    _assert_reported(case, code, out, err)
    assert snapshot(source) == before


def test_stamp_of_a_translation_still_works(built_base, tmp_path, run_cli):
    source = _prepare(Case("stamp"), built_base, tmp_path)
    code, out, err = run_cli("i18n", "stamp", "--source", str(source), str(source / "content/en"))
    assert code == 0, err
    assert "stamped content/en/zoom/account.md" in out
    assert 'source_hash: "' in (source / "content/en/zoom/account.md").read_text(encoding="utf-8")


def test_out_elsewhere_inside_the_source_is_fine(built_base, tmp_path, run_cli):
    source = _prepare(Case("public"), built_base, tmp_path)
    code, out, err = run_cli("build", "--source", str(source), "--out", str(source / "public"), "--no-search")
    assert code == 0, err
    assert (source / "public/index.html").is_file()


def test_redirect_stub_without_translation_checks_clean(built_base, tmp_path, run_cli):
    """A page that only redirects needs no translation: the translation status
    page must not link to a fallback that is never built."""
    moved = {"content/ja/zoom/moved.md": page("title: 移動\nredirect_to: /zoom/account/\n", "")}
    source = _prepare(Case("moved", moved), built_base, tmp_path)
    code, out, err = run_cli("check", "--source", str(source))
    assert code == 0, out + err


def test_permalink_without_leading_slash_is_read_from_the_root(built_base, tmp_path, run_cli):
    """Lenient on purpose, like Jekyll: `permalink: zoom/other/` is /zoom/other/."""
    other = {NEW: page("title: x\npermalink: zoom/other/\n")}
    source = _prepare(Case("other", other), built_base, tmp_path)
    code, out, err = run_cli("build", "--source", str(source), "--no-search")
    assert code == 0, err
    assert (source / "_site/zoom/other/index.html").is_file()


def test_byte_order_marks_are_dropped(built_base, tmp_path, run_cli):
    """Windows editors save UTF-8 with a BOM: pages, partials and YAML files still work."""
    bom = "\ufeff".encode("utf-8")
    files = {
        NEW: bom + page("title: BOM\n", "{% include \"_partials/bom.md\" %}\n").encode("utf-8"),
        "content/ja/_partials/bom.md": bom + "部品\n".encode("utf-8"),
        "data/nav.en.yml": bom + b"- name: Home\n  url: /en/\n",
    }
    source = _prepare(Case("bom", files), built_base, tmp_path)
    code, out, err = run_cli("build", "--source", str(source), "--no-search")
    assert code == 0, err
    html = (source / "_site/zoom/new/index.html").read_bytes()
    assert bom not in html and "部品".encode("utf-8") in html


def test_odd_but_harmless_files_build(built_base, tmp_path, run_cli):
    """A folder named like a page and a symbolic link loop are not errors (and never hang)."""
    def apply(source: Path) -> None:
        (source / "content/ja/odd.md").mkdir()
        os.symlink(".", source / "content/ja/loop")
    source = _prepare(Case("odd", apply=apply), built_base, tmp_path)
    code, out, err = run_cli("build", "--source", str(source), "--no-search")
    assert code == 0, err
