"""The incremental engine: byte-identical to a clean build, and re-rendering
only what can have changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitegen.build import BuildOptions, build
from sitegen.cli import main as cli_main
from sitegen.errors import BuildError
from sitegen.incremental import CACHE_DIR, IncrementalBuilder, build_incremental

from serve_support import SITE, write_files


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def assert_same_tree(a: Path, b: Path) -> None:
    ta, tb = tree(a), tree(b)
    assert sorted(ta) == sorted(tb)
    different = [name for name in ta if ta[name] != tb[name]]
    assert not different, f"differ from a clean build: {different}"


def clean(source: Path, out: Path) -> Path:
    build(BuildOptions(source=source, out=out, search=False))
    return out


def incremental(source: Path, out: Path):
    return build_incremental(BuildOptions(source=source, out=out, search=False))


@pytest.fixture
def source(tmp_path) -> Path:
    files = dict(SITE)
    files["content/ja/guide/step.md"] = "---\ntitle: 手順\n---\n[ガイドへ](../guide.md)\n"
    files["site.yml"] = ("title: {ja: テストサイト, en: Test Site}\nbase_url: https://example.org/\n"
                         "faq:\n  categories:\n    - key: zoom\n      label: {ja: Zoom, en: Zoom}\n")
    files["content/ja/faq/q1.md"] = "---\ntitle: 質問一\ncategory: zoom\n---\n答え一。[ガイド](../guide.md)\n"
    files["content/ja/faq/q2.md"] = "---\ntitle: 質問二\ncategory: zoom\n---\n答え二。\n"
    files["content/en/faq/q2.md"] = "---\ntitle: Question two\ncategory: zoom\n---\nAnswer two.\n"
    return write_files(tmp_path / "site", files)


def test_incremental_build_is_byte_identical_to_a_clean_build(source, tmp_path):
    first = incremental(source, tmp_path / "B")
    assert (source / CACHE_DIR).is_dir()
    assert_same_tree(clean(source, tmp_path / "A"), tmp_path / "B")
    total = len(first.files)

    # edit a body, change a title, add a page, delete a translation, add a static file
    write_files(source, {
        "content/ja/guide.md": "---\ntitle: ガイド（改）\n---\n新しい本文。\n",
        "content/ja/new.md": "---\ntitle: 新規\n---\n[ガイド](guide.md)\n",
        "content/en/img/extra.png": b"\x89PNG\r\n\x1a\nmore",
        "content/ja/faq/q2.md": "---\ntitle: 質問二（改）\ncategory: zoom\n---\n新しい答え。\n",
    })
    os.remove(source / "content/en/x.md")
    second = incremental(source, tmp_path / "B")
    assert second.reparsed == 3  # the edited pages and the new one; the rest came from the cache
    assert second.rendered < total
    assert_same_tree(clean(source, tmp_path / "A2"), tmp_path / "B")

    # nothing changed: nothing is parsed or rendered, the output is the same
    third = incremental(source, tmp_path / "B")
    assert (third.reparsed, third.rendered) == (0, 0)
    assert_same_tree(tmp_path / "A2", tmp_path / "B")


def test_template_and_data_changes_invalidate_the_cache(source, tmp_path):
    incremental(source, tmp_path / "B")
    template = source / "templates" / "page.html"
    template.write_text(template.read_text().replace("<main>", '<main class="v2">'))
    write_files(source, {"data/nav.yml": "- name: {ja: だけ, en: Only}\n  url: only.md\n"})
    result = incremental(source, tmp_path / "B")
    assert result.reparsed == len([p for p in (source / "content").rglob("*.md")])
    assert_same_tree(clean(source, tmp_path / "A"), tmp_path / "B")
    assert b'<main class="v2">' in (tmp_path / "B" / "en" / "x" / "index.html").read_bytes()


def test_a_broken_site_fails_like_a_clean_build_and_writes_nothing(source, tmp_path):
    incremental(source, tmp_path / "B")
    before = tree(tmp_path / "B")
    write_files(source, {"content/ja/only.md": "---\ntitle: [oops\n---\n"})
    with pytest.raises(BuildError) as exc:
        incremental(source, tmp_path / "B")
    assert any(d.path == "content/ja/only.md" for d in exc.value.diagnostics)
    assert tree(tmp_path / "B") == before


def test_cli_build_incremental(source, tmp_path, capsys):
    out = tmp_path / "B"
    assert cli_main(["build", "--incremental", "--no-search", "--source", str(source), "--out", str(out)]) == 0
    assert cli_main(["build", "--incremental", "--no-search", "--source", str(source), "--out", str(out)]) == 0
    assert "built" in capsys.readouterr().out
    assert_same_tree(clean(source, tmp_path / "A"), out)


# --- what triggers what ------------------------------------------------------------

@pytest.fixture
def engine(source):
    engine = IncrementalBuilder(BuildOptions(source=source, search=False), allow_fork=False)
    report = engine.rebuild()
    assert report.ok and report.full
    return engine


def rebuild(engine, source, files: dict) -> list[str]:
    write_files(source, files)
    report = engine.rebuild([source / rel for rel in files])
    assert report.ok, [d.format() for d in report.diagnostics]
    return sorted(report.rendered)


def test_nothing_changed_renders_nothing(engine):
    report = engine.rebuild()
    assert (report.rendered, report.changed, report.reparsed) == ([], [], 0)


def test_title_change_rerenders_the_page_and_its_breadcrumb_children(engine, source):
    rendered = rebuild(engine, source, {"content/ja/guide.md": "---\ntitle: ガイド2\n---\nガイドの本文。\n"})
    # /guide/step/ shows the title in its breadcrumbs; its English fallback's parent is /en/guide/
    assert rendered == ["/guide/", "/guide/step/"]


def test_translation_body_change_rerenders_only_itself(engine, source):
    assert rebuild(engine, source, {"content/en/guide.md": "---\ntitle: Guide\n---\nNew.\n"}) == ["/en/guide/"]


def test_source_body_change_rerenders_fallbacks_and_the_status_page(engine, source):
    rendered = rebuild(engine, source, {"content/ja/only.md": "---\ntitle: 日本語だけ\n---\n新。\n"})
    assert rendered == ["/en/only/", "/only/", "/translation-status/"]


def test_new_page_rerenders_pages_whose_links_or_switchers_change(engine, source):
    write_files(source, {"content/ja/only.md": "---\ntitle: 日本語だけ\n---\n[英語](x.md)\n"})
    engine.rebuild()
    rendered = rebuild(engine, source, {"content/en/only.md": "---\ntitle: Only\n---\nEnglish.\n"})
    assert "/en/only/" in rendered and "/only/" in rendered  # the page and its counterpart's switcher
    assert "/guide/" not in rendered and "/en/guide/" not in rendered


def test_ui_strings_and_config_rerender_everything(engine, source):
    pages = len([u for u in engine.site.routes])
    write_files(source, {"i18n/en.yml": "fallback_notice: Shown in another language\n"})
    report = engine.rebuild([source / "i18n/en.yml"])
    assert report.full and len(report.rendered) == pages
    assert b"Shown in another language" in engine.outputs["en/only/index.html"]


def test_deleted_file_removes_its_outputs(engine, source):
    os.remove(source / "content/ja/only.md")
    report = engine.rebuild([source / "content/ja/only.md"])
    assert sorted(report.removed) == ["en/only/index.html", "only/index.html"]
    assert "only/index.html" not in engine.outputs
