"""Pages are written into the staging folder by the process that renders
them, part by part as they are made: the output is the same whatever the
size of the parts, with one process or several, and a page that fails
(``--keep-going``) leaves nothing behind, even after parts were written."""

from __future__ import annotations

import filecmp

from sitegen.build import BuildOptions, build
from sitegen.stagedfile import StagedFile
from site_files import write_files

CATEGORIES = "faq:\n  categories:\n    - {key: zoom, label: {ja: Zoom, en: Zoom}}\n    - {key: mail, label: {ja: メール, en: Mail}}\n"


def site(pages: int) -> dict[str, str]:
    files = {"site.yml": "title: {ja: サイト, en: Site}\nbase_url: https://example.org/\n" + CATEGORIES,
             "content/ja/index.md": "---\ntitle: ホーム\n---\n[FAQ](faq/index.md)\n"}
    for i in range(pages):
        files[f"content/ja/faq/q{i:03d}.md"] = (f"---\ntitle: 質問 {i}\ncategory: {'zoom' if i % 3 else 'mail'}\n---\n"
                                                f"回答 {i} は [ホーム](../index.md) にあります。\n\n" + "本文。" * 200 + "\n")
        if i % 2:
            files[f"content/en/faq/q{i:03d}.md"] = (f"---\ntitle: Question {i}\ncategory: zoom\n---\n"
                                                    f"Answer {i}: see [home](../../ja/index.md).\n")
    return files


def trees_equal(a, b) -> bool:
    compared = filecmp.dircmp(a, b)
    if compared.left_only or compared.right_only or compared.diff_files or compared.funny_files:
        return False
    return all(trees_equal(a / name, b / name) for name in compared.common_dirs)


def test_the_output_is_the_same_whatever_the_parts(tmp_path, monkeypatch):
    source = write_files(tmp_path / "src", site(80))  # above the parallel threshold
    build(BuildOptions(source=source, out=tmp_path / "whole", jobs=1, search=False))
    monkeypatch.setattr(StagedFile, "STREAM_AFTER", 100)  # every page written in many parts
    for jobs in (1, 2):
        build(BuildOptions(source=source, out=tmp_path / f"parts{jobs}", jobs=jobs, search=False))
        assert trees_equal(tmp_path / "whole", tmp_path / f"parts{jobs}")
    index = (tmp_path / "parts2/faq/index.html").read_text(encoding="utf-8")
    assert index.count('class="faq-entry') == 80 and index.endswith("</html>\n")
    assert index.count('"@type": "Question"') == 80


def test_a_failed_page_leaves_nothing_behind(tmp_path, monkeypatch):
    files = site(3)
    files["templates/broken.html"] = ('{% extends "page.html" %}{% block content %}'
                                      + "<p>filler</p>" * 50 + "{{ page.missing.value }}{% endblock %}\n")
    files["content/ja/deep/er/broken.md"] = "---\ntitle: 壊れた\nlayout: broken\n---\n本文\n"
    source = write_files(tmp_path / "src", files)
    monkeypatch.setattr(StagedFile, "STREAM_AFTER", 100)  # parts of the page were written when it fails
    result = build(BuildOptions(source=source, out=tmp_path / "out", jobs=1, search=False, keep_going=True))
    assert [f[0] for f in result.failed] == ["content/ja/deep/er/broken.md"]
    assert not (tmp_path / "out/deep").exists()  # neither the file nor the folders made for it
    assert (tmp_path / "out/faq/q000/index.html").is_file()
