"""Control characters (a YAML escape such as ``"\\a"``, a paste from another
program) never reach a built page, its feeds or its sitemap: each is left
out, with a warning at the file and line that holds it."""

from __future__ import annotations

import re

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

SITE = {
    "site.yml": "title: {ja: テスト, en: Test}\nbase_url: https://example.org/\n",
    "content/ja/a.md": ('---\ntitle: "Bell\\a here"\ndescription: "x\\x1by"\ntags: ["t\\x7f1"]\n---\n\n'
                        "Line one\n\nbody \x07 bell and \x1b esc \x85 next-line\n"),
    "content/ja/raw.html": "---\ntitle: Raw\n---\n<p>raw \x0b tab</p>\n",
}


def test_control_characters_are_left_out_of_every_output(make_site):
    site = make_site(SITE)
    for path in site.out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt"):
            text = path.read_text(encoding="utf-8")
            assert not CONTROL.search(text), path
    assert site.soup("/a/").title.get_text().startswith("Bell here")
    assert "body  bell and  esc  next-line" in site.main("/a/").get_text()
    assert "raw  tab" in site.main("/raw/").get_text()


def test_each_is_a_warning_at_its_line(make_site):
    site = make_site(SITE)
    found = {(d.path, d.line): d.message for d in site.result.warnings if d.rule == "control-character"}
    assert found[("content/ja/a.md", 2)] == "`title` holds the control character U+0007 (BELL); it is left out"
    assert found[("content/ja/a.md", 3)].startswith("`description` holds the control character U+001B (ESCAPE)")
    assert "U+007F (DELETE)" in found[("content/ja/a.md", 4)]
    assert found[("content/ja/a.md", 9)] == ("the text holds the control character U+0007 (BELL) and 2 more; "
                                            "it is left out")
    assert "U+000B (LINE TABULATION)" in found[("content/ja/raw.html", 4)]
    assert len(found) == 5


def test_the_cli_says_what_to_do(tmp_path, run_cli):
    from site_files import write_files

    source = write_files(tmp_path / "src", SITE)
    code, out, err = run_cli("build", "--source", source, "--no-search")
    assert code == 0
    assert "content/ja/a.md:9: warning: the text holds the control character U+0007 (BELL)" in err
    assert "hint: delete it: it is invisible in most editors" in err
    assert "Traceback" not in err
