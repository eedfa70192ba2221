"""One site, built every way, gives the same bytes: ``build --jobs 1``,
``--jobs 2`` (above build.PARALLEL_THRESHOLD, so it forks), ``--incremental``
from scratch and after edits, and ``serve``'s in-memory output after the same
edits saved one by one.  And a save re-renders the pages that show what
changed (the page, the FAQ pages that list it, its counterpart, its fallback
copy), not the others."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitegen.build import PARALLEL_THRESHOLD, BuildOptions, build
from sitegen.serve.engine import IncrementalBuilder, build_incremental

from site_files import write_files

GUIDES, FAQ = 40, 12


def corpus() -> dict[str, str]:
    """A bilingual site with the theme's own templates: sections, translations
    (a third of the guides and half of the FAQ only in Japanese: fallback
    pages), FAQ entries in two categories, links and shared heading ids."""
    files = {
        "site.yml": "title: {ja: テスト, en: Test}\nbase_url: https://example.org/\nfaq:\n  categories:\n"
                    "    - key: alpha\n      label: {ja: アルファ, en: Alpha}\n"
                    "    - key: beta\n      label: {ja: ベータ, en: Beta}\n",
    }
    for lang in ("ja", "en"):
        files[f"content/{lang}/index.md"] = f"---\ntitle: {lang} home\nlayout: home\n---\nHome {lang}\n"
        files[f"content/{lang}/guide/index.md"] = f"---\ntitle: guide {lang}\n---\nGuides.\n"
        files[f"content/{lang}/faq/index.md"] = f"---\ntitle: FAQ {lang}\n---\n"
    for i in range(GUIDES):
        for lang in ("ja", "en"):
            if lang == "en" and i % 3 == 0:
                continue
            files[f"content/{lang}/guide/p{i:02d}.md"] = (
                f"---\ntitle: {lang} guide {i}\n---\n本文 {i} ({lang}).\n\n## 手順 {{#steps}}\n\n"
                f"- [次へ](p{(i + 1) % GUIDES:02d}.md)\n- [FAQ](../faq/q{i % FAQ:02d}.md)\n\n| a | b |\n|---|---|\n| {i} | x |\n")
    for i in range(FAQ):
        for lang in ("ja", "en"):
            if lang == "en" and i % 2:
                continue
            files[f"content/{lang}/faq/q{i:02d}.md"] = (
                f"---\ntitle: {lang} question {i}\ncategory: {'alpha' if i % 2 == 0 else 'beta'}\norder: {i}\n---\n"
                f"Answer {i} ({lang}). See [guide](../guide/p{i:02d}.md).\n")
    return files


EDITS = [  # (file, old text, new text): a body, a heading id, an FAQ title, an FAQ answer, an untranslated page
    ("content/ja/guide/p04.md", "本文 4 (ja).", "本文 4 (ja) 編集後。"),
    ("content/ja/guide/p05.md", "{#steps}", "{#procedure}"),
    ("content/ja/faq/q03.md", "title: ja question 3", "title: ja question 3 renamed"),
    ("content/ja/faq/q02.md", "Answer 2 (ja).", "Answer 2 (ja), edited."),
    ("content/ja/guide/p06.md", "本文 6 (ja).", "本文 6 (ja) fallback edited."),
]


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def engine_tree(engine: IncrementalBuilder) -> dict[str, bytes]:
    files = dict(engine.outputs)
    files.update({rel: Path(path).read_bytes() for rel, path in engine.copies.items()})
    return dict(sorted(files.items()))


def assert_same(a: dict[str, bytes], b: dict[str, bytes]) -> None:
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert not different, f"differ: {different}"


def clean(source: Path, out: Path, jobs: int) -> dict[str, bytes]:
    build(BuildOptions(source=source, out=out, search=False, jobs=jobs))
    return tree(out)


def edit(source: Path, rel: str, old: str, new: str) -> Path:
    path = source / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.fixture
def source(tmp_path) -> Path:
    return write_files(tmp_path / "site", corpus())


@pytest.fixture
def engine(source):
    engine = IncrementalBuilder(BuildOptions(source=source, search=False, jobs=1), allow_fork=False)
    engine.verify = True  # every patched rebuild is checked against a complete comparison
    report = engine.rebuild()
    assert report.ok, report.diagnostics
    return engine


def test_every_way_of_building_gives_the_same_bytes(source, tmp_path):
    one = clean(source, tmp_path / "jobs1", 1)
    assert sum(1 for name in one if name.endswith(".html")) > PARALLEL_THRESHOLD
    assert_same(one, clean(source, tmp_path / "jobs2", 2))
    build_incremental(BuildOptions(source=source, out=tmp_path / "inc", search=False, jobs=2))
    assert_same(one, tree(tmp_path / "inc"))

    served = IncrementalBuilder(BuildOptions(source=source, search=False, jobs=2), allow_fork=True)
    served.verify = True
    assert served.rebuild().ok
    assert_same(one, engine_tree(served))

    for rel, old, new in EDITS:
        path = edit(source, rel, old, new)
        report = served.rebuild([path])
        assert report.ok and report.rendered, (rel, report.diagnostics)
    expected = clean(source, tmp_path / "after1", 1)
    assert expected != one
    assert_same(expected, clean(source, tmp_path / "after2", 2))
    assert_same(expected, engine_tree(served))
    build_incremental(BuildOptions(source=source, out=tmp_path / "inc", search=False, jobs=2))
    assert_same(expected, tree(tmp_path / "inc"))


def page(engine: IncrementalBuilder, url: str) -> str:
    return engine.outputs[url.lstrip("/") + "index.html"].decode("utf-8")


def test_a_body_edit_re_renders_its_page_and_fallback_only(engine, source):
    path = edit(source, "content/ja/guide/p06.md", "本文 6 (ja).", "本文 6 (ja) 新しい本文。")
    report = engine.rebuild([path])
    assert "新しい本文" in page(engine, "/guide/p06/")
    assert "新しい本文" in page(engine, "/en/guide/p06/")  # the English reader's fallback copy
    assert set(report.rendered) == {"/guide/p06/", "/en/guide/p06/"}
    assert report.reparsed == 1


def test_a_heading_id_edit_updates_the_counterparts_switcher(engine, source):
    before = page(engine, "/en/guide/p05/")
    path = edit(source, "content/ja/guide/p05.md", "{#steps}", "{#procedure}")
    report = engine.rebuild([path])
    assert 'id="procedure"' in page(engine, "/guide/p05/")
    assert "/en/guide/p05/" in report.rendered  # its switcher no longer keeps #steps for the Japanese page
    assert page(engine, "/en/guide/p05/") != before
    assert "/guide/p07/" not in report.rendered and "/faq/" not in report.rendered


def test_an_faq_title_shows_on_the_pages_that_list_it(engine, source):
    path = edit(source, "content/ja/faq/q03.md", "title: ja question 3", "title: ja question 3 renamed")
    report = engine.rebuild([path])
    renamed = "ja question 3 renamed"
    for url in ("/faq/q03/", "/faq/", "/faq/beta/", "/faq/q05/",  # the entry, index, category, a sibling
                "/en/faq/", "/en/faq/q03/"):  # the English FAQ lists it as a fallback entry
        assert renamed in page(engine, url), url
        assert url in report.rendered
    assert renamed not in page(engine, "/faq/q04/")  # another category: not shown, not re-rendered
    assert "/faq/q04/" not in report.rendered and "/faq/alpha/" not in report.rendered
    assert "/guide/p03/" not in report.rendered  # links to the entry by file: their text is their own


def test_an_faq_answer_edit_re_renders_the_lists_that_show_answers(engine, source):
    path = edit(source, "content/ja/faq/q02.md", "Answer 2 (ja).", "Answer 2 (ja), edited.")
    report = engine.rebuild([path])
    for url in ("/faq/q02/", "/faq/", "/faq/alpha/"):
        assert "Answer 2 (ja), edited." in page(engine, url), url
    assert "/faq/q04/" not in report.rendered  # a sibling shows only the question


def test_a_save_that_changes_more_than_a_body_rebuilds_completely(engine, source, tmp_path):
    path = edit(source, "content/ja/faq/q03.md", "category: beta", "category: alpha")
    report = engine.rebuild([path])
    assert "ja question 3" in page(engine, "/faq/alpha/") and "ja question 3" not in page(engine, "/faq/beta/")
    assert_same(clean(source, tmp_path / "out", 1), engine_tree(engine))
    assert report.ok


def test_an_entry_lists_its_ten_nearest_questions_and_a_rename_re_renders_only_those(tmp_path):
    files = corpus()
    for i in range(FAQ, FAQ + 24):  # category alpha grows to 18 entries
        files[f"content/ja/faq/q{i:02d}.md"] = (f"---\ntitle: ja question {i}\ncategory: alpha\norder: {i}\n---\n"
                                                f"Answer {i}.\n")
    source = write_files(tmp_path / "site", files)
    engine = IncrementalBuilder(BuildOptions(source=source, search=False, jobs=1), allow_fork=False)
    engine.verify = True
    assert engine.rebuild().ok
    related = page(engine, "/faq/q20/").split('class="faq-related"', 1)[1].split("</section>", 1)[0]
    shown = sorted(int(n) for n in re.findall(r"ja question (\d+)", related))
    assert shown == [15, 16, 17, 18, 19, 21, 22, 23, 24, 25]  # the entries of alpha next to 20, by order
    path = edit(source, "content/ja/faq/q30.md", "title: ja question 30", "title: ja question 30 renamed")
    report = engine.rebuild([path])
    assert "ja question 30 renamed" in page(engine, "/faq/q28/")
    assert "/faq/q28/" in report.rendered and "/faq/q20/" not in report.rendered
    assert "ja question 30 renamed" not in page(engine, "/faq/q20/")
    assert_same(clean(source, tmp_path / "out", 1), engine_tree(engine))


def test_saves_keep_the_renderers_and_patch_the_site(engine, source):
    """A save of a page patches the site in place with the renderers kept from
    the last rebuild; they hold only what ``forget`` brings up to date (an
    undeclared cache would quietly make every save a complete comparison)."""
    from sitegen.serve import patch

    for rel, old, new in EDITS:
        renderer, viewer = engine.renderer, engine.viewer
        assert set(vars(renderer)) <= renderer.STATE and set(vars(viewer)) <= viewer.STATE
        assert patch._usable(engine)
        report = engine.rebuild([edit(source, rel, old, new)])
        assert report.ok and not report.full, rel
        assert engine.renderer is renderer and engine.viewer is viewer, rel  # kept: patched, not rebuilt
