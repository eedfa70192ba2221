"""``build --incremental``: only the output files that changed are written.

A build from scratch stages the whole site beside the output folder and
swaps it into place (:mod:`sitegen.write`).  After an edit, an incremental
build knows exactly which files differ from the last build: when the output
folder is still as that build left it (every file's stat as the manifest
recorded it, :func:`sitegen.serve.manifest.outputs_as_left`) and the engine
started from that build's cache, the changed files are replaced one by one
(each in one step: a temporary file beside it, then a rename) and the
removed ones deleted.  The errors of a build are found before anything is
written, so a failing build leaves the output as it was, as before.

Anything else (the folder touched since, a cache not reused, static files or
assets changed, the search index to rebuild, a file that cannot be written
in place) is the staged build and swap.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Mapping


class NotInPlace(Exception):
    """The update cannot be made file by file (the caller stages the whole site)."""


def update(out: Path, outputs: Mapping[str, bytes], changed: Iterable[str], removed: Iterable[str]) -> Path:
    """Write ``changed`` (paths relative to ``out``, their bytes in ``outputs``)
    and delete ``removed`` in the output folder ``out``.  Raises
    :class:`NotInPlace` (before writing anything) for a path it will not
    write, or when a file cannot be written; the folder then needs a complete
    publish."""
    out = Path(out).resolve()
    changed, removed = sorted(set(changed)), sorted(set(removed))
    for rel in changed + removed:
        if not rel or rel.startswith("/") or ".." in rel.split("/") or "\\" in rel or "\0" in rel:
            raise NotInPlace(rel)
    try:
        for rel in removed:
            target = out / rel
            if target.is_symlink() or target.is_file():
                target.unlink()
            _prune(out, target.parent)
        for rel in changed:
            _replace(out / rel, outputs[rel])
    except (OSError, KeyError) as exc:
        raise NotInPlace(str(exc)) from None
    return out


def _replace(path: Path, data: bytes) -> None:
    """``path`` replaced by ``data`` in one step, with the umask's mode (as
    the staged build writes files)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _prune(out: Path, folder: Path) -> None:
    """Remove ``folder`` and its parents up to ``out`` while they are empty."""
    while folder != out and out in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
