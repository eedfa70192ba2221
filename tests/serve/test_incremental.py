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

from serve_support import SITE
from site_files import write_files


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


# --- every kind of edit, one cache, each time byte-identical to a clean build --------------

def _edit_steps(source: Path, saved: Path):
    """(label, edit) pairs, applied in order to one site."""
    def write(rel, text):
        return lambda: write_files(source, {rel: text})

    def move(a, b):
        return lambda: os.rename(source / a, b if isinstance(b, Path) else source / b)

    def edit(rel, old, new):
        def run():
            path = source / rel
            path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        return run

    return [
        ("delete a translation", lambda: os.remove(source / "content/en/guide.md")),
        ("add it back", write("content/en/guide.md", "---\ntitle: Guide\n---\nGuide body, back.\n")),
        ("rename a page", move("content/ja/x.md", "content/ja/y.md")),
        ("rename its translation", move("content/en/x.md", "content/en/y.md")),
        ("new FAQ entry", write("content/ja/faq/q3.md", "---\ntitle: 質問三\ncategory: zoom\n---\n答え三。\n")),
        ("FAQ entry translated", write("content/en/faq/q3.md", "---\ntitle: Question three\ncategory: zoom\n---\nA3.\n")),
        ("data edit", write("data/nav.yml", "- name: {ja: だけ, en: Only}\n  url: only.md\n")),
        ("i18n edit", write("i18n/en.yml", "fallback_notice: Shown in Japanese\n")),
        ("template override added", write("templates/404.html", "{% extends \"page.html\" %}{% block content %}"
                                          "<p>gone: {{ lang }}</p>{% endblock %}\n")),
        ("template override removed", lambda: os.remove(source / "templates/404.html")),
        ("template edit", edit("templates/page.html", "<main>", '<main class="v2">')),
        ("site.yml edit", edit("site.yml", "Test Site", "Test Site 2")),
        ("base_url gains a sub-path", edit("site.yml", "https://example.org/", "https://example.org/docs/")),
        ("a second FAQ category", edit("site.yml", "label: {ja: Zoom, en: Zoom}",
                                       "label: {ja: Zoom, en: Zoom}\n    - key: mail\n      label: {ja: メール, en: Mail}")),
        ("an entry moves to it", edit("content/ja/faq/q1.md", "category: zoom", "category: mail")),
        ("partial added and included", lambda: write_files(source, {
            "content/ja/_partials/note.md": "共通の注意。\n",
            "content/ja/only.md": "---\ntitle: 日本語だけ\n---\n{% include \"_partials/note.md\" %}\n"})),
        ("partial edit", write("content/ja/_partials/note.md", "共通の注意（改）。\n")),
        ("a page includes a static file", lambda: write_files(source, {
            "content/ja/files/snippet.txt": "SNIPPET-1\n",
            "content/ja/guide.md": "---\ntitle: ガイド\n---\n{% include \"files/snippet.txt\" %}\n"})),
        ("the included static file changes", write("content/ja/files/snippet.txt", "SNIPPET-2\n")),
        ("an English include found in English first", write("content/en/files/snippet.txt", "SNIPPET-EN\n")),
        ("delete the English folder", move("content/en", saved)),
        ("restore it", lambda: os.rename(saved, source / "content/en")),
        ("add a static file", write("content/en/img/extra.png", b"\x89PNG\r\n\x1a\nmore")),
        ("delete a static file", lambda: os.remove(source / "content/ja/img/logo.png")),
    ]


def test_incremental_and_serve_equal_clean_after_every_kind_of_edit(source, tmp_path):
    """After each edit: ``build --incremental`` (from its cache on disk) and the
    in-memory engine of ``serve`` (told which folders changed, as the watcher
    does) both give exactly the files of a clean build."""
    out = tmp_path / "B"
    incremental(source, out)
    engine = IncrementalBuilder(BuildOptions(source=source, search=False), allow_fork=False)
    engine.rebuild()
    for number, (label, edit) in enumerate(_edit_steps(source, tmp_path / "en-saved")):
        edit()
        expected = tree(clean(source, tmp_path / f"A{number}"))
        result = incremental(source, out)
        built = tree(out)
        assert sorted(built) == sorted(expected), label
        assert [name for name in expected if expected[name] != built[name]] == [], label
        assert result.notes == [], (label, result.notes)  # input changes are handled, not a reason to drop the cache
        report = engine.rebuild([source / "content", source / "templates", source / "data", source / "site.yml"])
        assert report.ok, (label, [d.format() for d in report.errors])
        served = dict(engine.outputs)
        served.update({rel: Path(path).read_bytes() for rel, path in engine.copies.items()})
        assert sorted(served) == sorted(expected), label
        assert [name for name in expected if expected[name] != served[name]] == [], label
    assert b"SNIPPET-2" in (out / "guide" / "index.html").read_bytes()
    assert b"SNIPPET-EN" in (out / "en" / "files" / "snippet.txt").read_bytes()


def test_include_of_a_page_is_tracked(engine, source):
    write_files(source, {"content/ja/only.md": "---\ntitle: 日本語だけ\n---\n{% include \"x.md\" %}\n"})
    engine.rebuild()
    rendered = rebuild(engine, source, {"content/ja/x.md": "---\ntitle: エックス\n---\n新しいエックス。\n"})
    assert "/only/" in rendered
    assert "新しいエックス。".encode() in engine.outputs["only/index.html"]


# --- the cache between runs -----------------------------------------------------------------

CACHE = Path(CACHE_DIR) / "incremental.json"


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "folder", "cut-outputs", "state"])
def test_a_damaged_cache_rebuilds_from_scratch_with_a_note(source, tmp_path, damage, capsys):
    incremental(source, tmp_path / "B")
    cache = source / CACHE
    data = cache.read_bytes()
    if damage == "truncate":
        cache.write_bytes(data[:200])
    elif damage == "garbage":
        cache.write_bytes(b"not a cache\n")
    elif damage == "empty":
        cache.write_bytes(b"")
    elif damage == "cut-outputs":  # the header and state intact, the outputs' bytes cut short
        cache.write_bytes(data[:-10])
    elif damage == "state":
        header, state, rest = data.split(b"\n", 2)
        cache.write_bytes(header + b"\n" + state[: len(state) // 2] + b"\n" + rest)
    else:
        cache.unlink()
        cache.mkdir()
    code = cli_main(["build", "--incremental", "--no-search", "--source", str(source), "--out", str(tmp_path / "B")])
    assert code == 0
    err = capsys.readouterr().err
    assert "note: the cache .sitegen-cache/incremental.json is unreadable" in err
    if damage == "folder":  # nor can it be saved: said, not a crash
        assert "could not save the cache" in err
    assert "Traceback" not in err
    assert_same_tree(clean(source, tmp_path / "A"), tmp_path / "B")


class _Payload:
    """Unpickling this writes the marker file: what a planted pickle would do."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.mark.parametrize("where", ["incremental.pickle", "incremental.json"])
def test_a_planted_pickle_runs_nothing(source, tmp_path, where, capsys):
    """The cache of earlier versions (a pickle) is never opened, only removed;
    pickle bytes in place of the JSON cache are an unreadable cache."""
    import pickle

    marker = tmp_path / "MARKER"
    payload = pickle.dumps({"format": 2, "parsed": _Payload(marker)})
    assert not marker.exists()
    (source / CACHE_DIR).mkdir(exist_ok=True)
    (source / CACHE_DIR / where).write_bytes(payload)
    code = cli_main(["build", "--incremental", "--no-search", "--source", str(source), "--out", str(tmp_path / "B")])
    err = capsys.readouterr().err
    assert code == 0, err
    assert not marker.exists()
    if where == "incremental.pickle":
        assert "note: the cache .sitegen-cache/incremental.pickle is in a format this sitegen never reads" in err
        assert not (source / CACHE_DIR / where).exists()
    else:
        assert "note: the cache .sitegen-cache/incremental.json is unreadable" in err
    assert_same_tree(clean(source, tmp_path / "A"), tmp_path / "B")
    pickle.loads(payload)  # the payload is real: loading it does write the marker
    assert marker.exists()


@pytest.mark.parametrize("name", ["os:system", "builtins:eval", "subprocess:Popen", "sitegen.cli:main",
                                  "sitegen.nosuchmodule:Page"])
def test_a_cache_naming_other_code_builds_nothing_from_it(source, tmp_path, name, capsys):
    """A cache with the right key whose state names a function or a class
    that is not one of sitegen's dataclasses: unreadable, nothing called."""
    import json

    marker = tmp_path / "MARKER"
    incremental(source, tmp_path / "B")
    cache = source / CACHE
    header, _, _ = cache.read_bytes().partition(b"\n")
    header_data = json.loads(header)
    header_data["blobs"] = []
    state = {"parsed": {"\u0000obj": [name, [f"touch {marker}"]]}}
    cache.write_bytes(json.dumps(header_data).encode() + b"\n" + json.dumps(state).encode() + b"\n")
    code = cli_main(["build", "--incremental", "--no-search", "--source", str(source), "--out", str(tmp_path / "B")])
    err = capsys.readouterr().err
    assert code == 0, err
    assert not marker.exists()
    assert "note: the cache .sitegen-cache/incremental.json is unreadable" in err and "sitegen's value types" in err
    assert_same_tree(clean(source, tmp_path / "A"), tmp_path / "B")


def test_a_cache_of_another_format_version_is_not_read(source, tmp_path, capsys):
    import json

    incremental(source, tmp_path / "B")
    cache = source / CACHE
    header, _, rest = cache.read_bytes().partition(b"\n")
    header_data = json.loads(header)
    header_data["version"] = 2
    cache.write_bytes(json.dumps(header_data).encode() + b"\n" + rest)
    result = incremental(source, tmp_path / "B")
    assert result.reparsed > 0
    assert result.notes == ["the cache .sitegen-cache/incremental.json was written by another sitegen version; "
                            "rebuilt from scratch"]
    assert incremental(source, tmp_path / "B").notes == []  # written anew


def test_the_cache_is_plain_json_and_rewritten_only_when_something_changed(source, tmp_path):
    import json

    incremental(source, tmp_path / "B")
    cache = source / CACHE
    header, state, outputs = cache.read_bytes().split(b"\n", 2)
    assert json.loads(header)["format"] == "sitegen-incremental-cache"
    assert isinstance(json.loads(state), dict)  # the standard library's JSON reads it
    assert sum(size for _, size in json.loads(header)["blobs"]) == len(outputs)
    stamp = cache.stat().st_mtime_ns
    assert incremental(source, tmp_path / "B").rendered == 0
    assert cache.stat().st_mtime_ns == stamp  # nothing changed: not written again
    write_files(source, {"content/ja/guide.md": "---\ntitle: ガイド\n---\n書き換えた。\n"})
    assert incremental(source, tmp_path / "B").rendered > 0
    assert cache.stat().st_mtime_ns != stamp
    assert "書き換えた。".encode() in cache.read_bytes()


def test_cache_is_dropped_when_sitegen_or_the_config_changes(source, tmp_path, monkeypatch):
    import sitegen.serve.cache as cache_module

    incremental(source, tmp_path / "B")
    assert incremental(source, tmp_path / "B").notes == []
    monkeypatch.setattr(cache_module, "code_hash", lambda: "another sitegen")
    result = incremental(source, tmp_path / "B")
    assert result.reparsed > 0 and "sitegen changed" in result.notes[0]
    write_files(source, {"site.yml": (source / "site.yml").read_text() + "description: {ja: 説明, en: About}\n"})
    result = incremental(source, tmp_path / "B")  # site.yml changed: everything again, from the same cache
    assert result.notes == [] and result.reparsed == len(list((source / "content").rglob("*.md")))
    assert_same_tree(clean(source, tmp_path / "A0"), tmp_path / "B")
    template = source / "templates" / "page.html"
    template.write_text(template.read_text().replace("<main>", '<main class="v3">'))
    result = incremental(source, tmp_path / "B")  # a template: every page re-rendered, none re-parsed
    assert (result.notes, result.reparsed) == ([], 0)
    assert_same_tree(clean(source, tmp_path / "A1"), tmp_path / "B")
    result = build_incremental(BuildOptions(source=source, out=tmp_path / "B", search=False, drafts=True))
    assert "--drafts" in result.notes[0]
    assert_same_tree(clean_drafts(source, tmp_path / "A"), tmp_path / "B")


def clean_drafts(source: Path, out: Path) -> Path:
    build(BuildOptions(source=source, out=out, search=False, drafts=True))
    return out


def test_a_body_save_compares_only_the_routes_that_show_the_page(engine, source, monkeypatch):
    """Operation counts, not seconds: a saved body is patched into the site,
    and only the routes that read that page are looked at again (a new field
    on pages that the patch does not know would silently compare them all)."""
    from sitegen.serve import views

    looked_at = []
    original = views.ViewRenderer.fingerprint

    def counting(self, route):
        looked_at.append(route.url)
        return original(self, route)

    monkeypatch.setattr(views.ViewRenderer, "fingerprint", counting)
    engine.verify = False  # SITEGEN_VERIFY_INCREMENTAL compares every route on purpose
    assert rebuild(engine, source, {"content/en/guide.md": "---\ntitle: Guide\n---\nNewer.\n"}) == ["/en/guide/"]
    assert len(engine.site.routes) > 10
    assert set(looked_at) <= {"/guide/", "/en/guide/", "/translation-status/"}, sorted(set(looked_at))
