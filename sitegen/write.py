"""Write the built site atomically.

Everything is staged in a sibling folder (``_site.tmp-…``) and swapped into
place only when the whole build succeeded, so a failed build leaves the
previous output untouched and a reader never sees a half-written site.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Mapping


class OutputConflict(Exception):
    def __init__(self, path: str):
        super().__init__(path)
        self.path = path


# what a site folder holds besides the output: replacing one of these (or the
# site folder itself) with the built site would delete the sources
SOURCE_FOLDERS = ("content", "templates", "assets", "data", "i18n")
# files every build writes: a folder holding one of them is a previous output
OUTPUT_MARKERS = ("sitemap.xml", "robots.txt", "index.html")


def unsafe_output_reason(source: Path, out: Path) -> str | None:
    """Why ``out`` cannot be the output folder of the site in ``source``, or None.

    The output is replaced as a whole, so it must not be the site folder, one
    of its source folders (or inside one), a folder containing the site, a
    file, or a folder of other files that is not a previous build."""
    source, out = Path(source).resolve(), Path(out).resolve()
    if out == source:
        return "is the site folder itself: building would replace your sources"
    if out in source.parents:
        return f"contains the site folder {source}: building would replace it"
    for name in SOURCE_FOLDERS:
        folder = source / name
        if out == folder or folder in out.parents:
            return f"is {'' if out == folder else 'inside '}the site's `{name}/` folder: building would " \
                   f"{'replace it' if out == folder else 'mix output into your sources'}"
    for path in (out, *out.parents):
        if path.exists() and not path.is_dir():
            return "is a file, not a folder" if path == out else f"is under a file ({path} is a file, not a folder)"
    if out.is_dir() and any(out.iterdir()) and not any((out / name).exists() for name in OUTPUT_MARKERS):
        return "is a folder that holds other files, not a previous build: building would delete them"
    return None


def stage_dir(out: Path) -> Path:
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{out.name}.tmp-", dir=out.parent))


def write_tree(stage: Path, files: Mapping[str, bytes], copies: Iterable[tuple[str, Path]]) -> None:
    """Write rendered files and copy static files into ``stage``."""
    written: set[str] = set()
    for rel in sorted(files):
        _check_rel(rel, written)
        target = stage / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[rel])
    for rel, source in sorted(copies, key=lambda item: item[0]):
        _check_rel(rel, written)
        target = stage / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def _check_rel(rel: str, written: set[str]) -> None:
    if rel in written:
        raise OutputConflict(rel)
    if rel.startswith("/") or ".." in rel.split("/"):
        raise OutputConflict(rel)
    written.add(rel)


def swap_into_place(stage: Path, out: Path) -> None:
    """Replace ``out`` with ``stage`` (old output removed only after the swap)."""
    out = Path(out).resolve()
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{out.name}.old-", dir=out.parent))
        old.rmdir()
        os.replace(out, old)
    os.replace(stage, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard(stage: Path) -> None:
    shutil.rmtree(stage, ignore_errors=True)

