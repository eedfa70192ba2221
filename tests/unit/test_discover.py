from pathlib import Path

import pytest

from sitegen.config import load_config
from sitegen.discover import PAGE, PARTIAL, STATIC, discover
from sitegen.errors import BuildError


def touch(root: Path, *paths: str) -> None:
    for rel in paths:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")


def test_kinds_and_stable_order(tmp_path):
    touch(tmp_path, "content/en/b.md", "content/ja/z.md", "content/ja/a/index.md", "content/ja/a/img.png",
          "content/ja/_partials/x.md", "content/ja/.hidden.md", "content/ja/page.md~", "content/ja/.page.md.swp")
    files = discover(load_config(tmp_path))
    assert [(f.lang, f.rel, f.kind) for f in files] == [
        ("ja", "_partials/x.md", PARTIAL),
        ("ja", "a/img.png", STATIC),
        ("ja", "a/index.md", PAGE),
        ("ja", "z.md", PAGE),
        ("en", "b.md", PAGE),
    ]
    assert files[2].display == "content/ja/a/index.md"
    assert files[2].stem_path == "a/index"


def test_file_outside_a_language_folder_is_an_error(tmp_path):
    touch(tmp_path, "content/ja/index.md", "content/stray.md")
    with pytest.raises(BuildError) as info:
        discover(load_config(tmp_path))
    assert "content/stray.md" in str(info.value)
    assert "content/ja/" in str(info.value)


def test_missing_content_folder(tmp_path):
    with pytest.raises(BuildError) as info:
        discover(load_config(tmp_path))
    assert "no `content/` folder" in str(info.value)
