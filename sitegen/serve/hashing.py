"""Content hashes of a site's inputs for the incremental engine: files
(re-read only when their stat changes), folder trees, sitegen's own code, and
the files a page body includes by name.  A symbolic link that leaves the
site (:func:`sitegen.sitepaths.refused`) is hashed by its target's name,
never read."""

from __future__ import annotations

import functools
import hashlib
import os
import re
import stat
from pathlib import Path
from typing import Iterable

from .. import __version__
from ..config import CONFIG_FILE
from ..discover import is_ignored
from ..sitepaths import may_read, refused

_PACKAGE = Path(__file__).resolve().parent.parent
# The folders and files a site's output depends on (``serve`` watches these).
WATCHED = ("content", "templates", "assets", "data", "i18n", CONFIG_FILE)


class Hasher:
    """Content hashes of files, re-read only when their stat changes (or when
    the watcher says so: two saves in one timestamp tick keep their stat)."""

    def __init__(self, root: Path | None = None) -> None:
        self._known: dict[str, tuple[tuple, str]] = {}
        self.root = root  # a link that leaves this site's sources is hashed by its target's name, never read

    def forget(self, path: str) -> None:
        self._known.pop(path, None)

    def sha(self, path: Path) -> str | None:
        key = str(path)
        try:
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                if self.root is not None and refused(path, self.root):
                    return "link:" + os.readlink(path)
                st = os.stat(path)
        except OSError:
            self._known.pop(key, None)
            return None
        stat_key = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
        known = self._known.get(key)
        if known is not None and known[0] == stat_key:
            return known[1]
        try:
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            return None
        self._known[key] = (stat_key, digest)
        return digest

    def tree(self, bases: Iterable[Path]) -> str:
        """One hash for every (non-ignored) file under ``bases``."""
        h = hashlib.sha256()
        for base in bases:
            base = Path(base)
            if base.is_file():
                h.update(f"{base.name}\0{self.sha(base)}\n".encode())
                continue
            if not base.is_dir():
                h.update(f"{base}\0absent\n".encode())
                continue
            for dirpath, dirnames, filenames in os.walk(base):
                dirnames[:] = sorted(d for d in dirnames if not is_ignored(d))
                for name in sorted(filenames):
                    if is_ignored(name):
                        continue
                    path = Path(dirpath) / name
                    h.update(f"{path.relative_to(base).as_posix()}\0{self.sha(path)}\n".encode())
        return h.hexdigest()


@functools.lru_cache(maxsize=None)
def code_hash() -> str:
    """sitegen's own code: a cache written by other code is not reused.
    Computed once per process: the code that runs is the code imported."""
    h = hashlib.sha256(__version__.encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        h.update(path.relative_to(_PACKAGE).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


# What a page body pulls in with Jinja: ``{% include "files/x.txt" %}`` (also
# bare names, as content_templates rewrites them), ``{% import %}``,
# ``{% from ... import %}``, ``{% extends %}``.  Partials (``_``-folders) are
# covered by the "partials" key; this also catches pages and static files
# included by name, which a page's own content hash cannot see.
_INCLUDE_TAG = re.compile(r"\{%-?\s*(include|import|from|extends)\s+(.*?)-?%\}", re.S)
_INCLUDE_NAME = re.compile(r"""\s*(?:"([^"]+)"|'([^']+)'|([^\s%~+()\[\]"']+))(.*)""", re.S)
_QUOTED = re.compile(r""""[^"]*"|'[^']*'""")


def _include_names(text: str) -> tuple[list[str], bool]:
    """The literal template names a body includes, and whether it also has
    includes whose name is computed (those pages are re-parsed every time)."""
    names: list[str] = []
    dynamic = False
    for match in _INCLUDE_TAG.finditer(text):
        tag, arg = match.group(1), match.group(2)
        literal = _INCLUDE_NAME.match(arg)
        if literal is None or (literal.group(3) and tag != "include"):
            dynamic = True
            continue
        rest = _QUOTED.sub("", literal.group(4))
        if tag == "from":
            rest = rest.split(" import ", 1)[0]
        if any(c in rest for c in "~+[("):
            dynamic = True
            continue
        names.append(literal.group(1) or literal.group(2) or literal.group(3))
    return names, dynamic


def include_dependencies(path: Path, roots: tuple[Path, ...]) -> tuple[tuple[Path, ...], bool]:
    """Every file whose existence or content can change what ``path``'s body
    includes (nested includes too): for each name, the candidate in each
    root up to the first that exists (a file added to an earlier root would
    take over)."""
    found: list[Path] = []
    dynamic = False
    todo, seen = [path], {path}
    while todo:
        current = todo.pop()
        try:
            text = current.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if "{%" not in text:
            continue
        names, more = _include_names(text)
        dynamic = dynamic or more
        for name in names:
            for root in roots:
                candidate = root / name.lstrip("/")
                if candidate not in seen:
                    seen.add(candidate)
                    found.append(candidate)
                    if candidate.is_file() and may_read(candidate, root.parent.parent):
                        todo.append(candidate)
                if candidate.is_file():
                    break
    return tuple(found), dynamic

