"""``build --incremental`` with nothing changed answers from the manifest:
the same summary and the same output, without loading the renderer; any
change since (a page, an output file, an option, the manifest itself) builds
as usual."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitegen.cli import main as cli_main
from sitegen.serve.layout import CACHE_DIR, MANIFEST_FILE

from serve_support import SITE
from site_files import write_files


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def age(folder: Path, seconds: float = 3600) -> None:
    """Files as an editor left them a while ago (a build does not trust files
    modified in the seconds before it started)."""
    past = time.time() - seconds
    for path in folder.rglob("*"):
        if path.is_file() and CACHE_DIR not in path.parts:
            os.utime(path, (past, past))


@pytest.fixture
def source(tmp_path) -> Path:
    files = dict(SITE)
    files["content/ja/faq/q1.md"] = "---\ntitle: 質問一\ncategory: zoom\n---\n答え一。\n"
    files["site.yml"] = ("title: {ja: テストサイト, en: Test Site}\nbase_url: https://example.org/\n"
                         "faq:\n  categories:\n    - key: zoom\n      label: {ja: Zoom, en: Zoom}\n")
    root = write_files(tmp_path / "site", files)
    age(root)
    return root


def build(source: Path, out: Path, capsys, *extra: str) -> tuple[int, str, str]:
    code = cli_main(["build", "--incremental", "--no-search", "--source", str(source), "--out", str(out), *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def summary(text: str) -> str:
    line = next(line for line in text.splitlines() if line.startswith("sitegen: built"))
    return line.rsplit(" in ", 1)[0]


def test_nothing_changed_answers_without_the_renderer(source, tmp_path, capsys):
    out = tmp_path / "out"
    code, first, _ = build(source, out, capsys)
    assert code == 0 and (source / CACHE_DIR / MANIFEST_FILE).is_file()
    before = tree(out)
    program = ("import sys; from sitegen.cli import main; code = main(sys.argv[1:]); "
               "print('loaded:', sorted(m for m in ('jinja2', 'markdown_it', 'sitegen.render', 'sitegen.build') "
               "if m in sys.modules)); raise SystemExit(code)")
    done = subprocess.run([sys.executable, "-c", program, "build", "--incremental", "--no-search",
                           "--source", str(source), "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "loaded: []" in done.stdout
    assert summary(done.stdout) == summary(first)
    assert tree(out) == before


def test_an_edit_after_a_no_op_build_is_built(source, tmp_path, capsys):
    out = tmp_path / "out"
    build(source, out, capsys)
    build(source, out, capsys)  # from the manifest
    write_files(source, {"content/ja/faq/q1.md": "---\ntitle: 質問一\ncategory: zoom\n---\n新しい答え。\n"})
    code, text, _ = build(source, out, capsys)
    assert code == 0
    assert "新しい答え。" in (out / "faq" / "q1" / "index.html").read_text(encoding="utf-8")
    age(source)
    build(source, out, capsys)
    assert "新しい答え。" in (out / "faq" / "q1" / "index.html").read_text(encoding="utf-8")


def test_a_damaged_output_is_written_again(source, tmp_path, capsys):
    out = tmp_path / "out"
    build(source, out, capsys)
    before = tree(out)
    (out / "faq" / "q1" / "index.html").write_text("edited by hand", encoding="utf-8")
    (out / "sitemap.xml").unlink()
    assert build(source, out, capsys)[0] == 0
    assert tree(out) == before


def test_other_options_build_again(source, tmp_path, capsys):
    out = tmp_path / "out"
    build(source, out, capsys)
    build(source, out, capsys, "--base-url", "https://docs.example.net/")
    assert "https://docs.example.net/" in (out / "sitemap.xml").read_text(encoding="utf-8")
    build(source, out, capsys)
    assert "https://docs.example.net/" not in (out / "sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("damage", ["garbage", "lies", "folder"])
def test_a_damaged_manifest_means_a_normal_build(source, tmp_path, capsys, damage):
    out = tmp_path / "out"
    build(source, out, capsys)
    before = tree(out)
    manifest = source / CACHE_DIR / MANIFEST_FILE
    if damage == "garbage":
        manifest.write_bytes(b"\x80not json{")
    elif damage == "lies":  # its summary edited, and an output gone since
        manifest.write_text(manifest.read_text(encoding="utf-8").replace('"pages":', '"pages":1000,"x":'),
                            encoding="utf-8")
        (out / "sitemap.xml").unlink()
    else:
        manifest.unlink()
        manifest.mkdir()
    code, text, err = build(source, out, capsys)
    assert code == 0 and "Traceback" not in err
    assert tree(out) == before


def aged(path: Path) -> None:
    """One file edited as if a while ago (age() gives every file a new time)."""
    past = time.time() - 3600
    os.utime(path, (past, past))


def test_pages_in_folders_named_like_tool_folders_are_watched(source, tmp_path, capsys):
    """node_modules/ and __pycache__/ are left out at the site's top only: a
    section of that name inside content/ is content like any other."""
    out = tmp_path / "out"
    write_files(source, {"content/ja/node_modules/nm.md": "---\ntitle: NM\n---\n本文一。\n",
                         "node_modules/pkg/index.js": "one\n"})
    age(source)
    build(source, out, capsys)
    build(source, out, capsys)  # from the manifest
    write_files(source, {"content/ja/node_modules/nm.md": "---\ntitle: NM\n---\n本文二。\n"})
    aged(source / "content/ja/node_modules/nm.md")
    assert build(source, out, capsys)[0] == 0
    assert "本文二。" in (out / "node_modules" / "nm" / "index.html").read_text(encoding="utf-8")
    write_files(source, {"node_modules/pkg/index.js": "two\n"})  # not an input: not published
    aged(source / "node_modules/pkg/index.js")
    before = tree(out)
    assert build(source, out, capsys)[0] == 0
    assert tree(out) == before and not (out / "pkg").exists()


def test_a_folder_added_to_the_output_by_hand_is_removed(source, tmp_path, capsys):
    out = tmp_path / "out"
    build(source, out, capsys)
    build(source, out, capsys)
    (out / "by-hand").mkdir()
    assert build(source, out, capsys)[0] == 0
    assert not (out / "by-hand").exists()
