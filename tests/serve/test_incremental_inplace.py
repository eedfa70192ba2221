"""``build --incremental`` after an edit writes only the output files that
changed, in place, when the output folder is as the last build left it; the
result is always the output of a build from scratch, byte for byte."""

from __future__ import annotations

from pathlib import Path

from sitegen.build import BuildOptions, build as build_site

from site_files import write_files
from test_incremental_manifest import age, build, source, tree  # noqa: F401  (source: a fixture)


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def from_scratch(source: Path, tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "scratch"
    build_site(BuildOptions(source=source, out=out, search=False))
    return tree(out)


def test_an_edit_rewrites_only_the_files_that_changed(source, tmp_path, capsys):
    out = tmp_path / "out"
    assert build(source, out, capsys)[0] == 0
    before, files = tree(out), inodes(out)
    write_files(source, {"content/ja/faq/q1.md": "---\ntitle: 質問一\ncategory: zoom\n---\n新しい答え。\n"})
    assert build(source, out, capsys)[0] == 0
    after = tree(out)
    assert after == from_scratch(source, tmp_path)
    assert "新しい答え。" in after["faq/q1/index.html"].decode()
    now = inodes(out)
    rewritten = {rel for rel in now if now[rel] != files.get(rel)}
    assert rewritten == {rel for rel in after if after[rel] != before.get(rel)}
    assert "faq/q1/index.html" in rewritten and len(rewritten) < len(after) / 2
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_a_removed_page_takes_its_output_and_folder_with_it(source, tmp_path, capsys):
    out = tmp_path / "out"
    build(source, out, capsys)
    assert (out / "faq" / "q1" / "index.html").is_file()
    (source / "content" / "ja" / "faq" / "q1.md").unlink()
    assert build(source, out, capsys)[0] == 0
    assert not (out / "faq" / "q1").exists()
    assert tree(out) == from_scratch(source, tmp_path)


def test_an_output_touched_by_hand_is_restored_with_the_edit(source, tmp_path, capsys):
    out = tmp_path / "out"
    build(source, out, capsys)
    (out / "robots.txt").write_text("edited by hand", encoding="utf-8")
    (out / "stray.html").write_text("left here", encoding="utf-8")
    write_files(source, {"content/ja/faq/q1.md": "---\ntitle: 質問一\ncategory: zoom\n---\n三つ目の答え。\n"})
    assert build(source, out, capsys)[0] == 0
    assert tree(out) == from_scratch(source, tmp_path)


def test_a_changed_static_file_builds_the_whole_output(source, tmp_path, capsys):
    out = tmp_path / "out"
    build(source, out, capsys)
    write_files(source, {"content/ja/files/app.js": "console.log('new');\n"})
    assert build(source, out, capsys)[0] == 0
    assert tree(out) == from_scratch(source, tmp_path)
    assert b"new" in tree(out)["files/app.js"]


def test_a_failing_edit_leaves_the_output_as_it_was(source, tmp_path, capsys):
    out = tmp_path / "out"
    build(source, out, capsys)
    before, files = tree(out), inodes(out)
    write_files(source, {"content/ja/faq/q1.md": "---\ntitle: [unclosed\n---\n答え。\n"})
    code, _, err = build(source, out, capsys)
    assert code == 1 and "content/ja/faq/q1.md:2" in err
    assert tree(out) == before and inodes(out) == files
    age(source)
