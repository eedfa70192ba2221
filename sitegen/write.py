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

