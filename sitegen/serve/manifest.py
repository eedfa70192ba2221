"""A no-op ``build --incremental`` answered from a small manifest.

After a clean ``build --incremental``, ``<source>/.sitegen-cache/manifest.json``
records what that build saw (the stat of every file of the source folder,
taken *before* the build read them; of sitegen's own files; the git commit,
for last-updated dates; the options) and what it left (the stat of every
output file and of the cache), with the summary the CLI printed.  The next
``build --incremental`` compares those first: when nothing differs, the
output is already what a build would write, and the command answers with the
same summary without loading the cache, the renderer or the Markdown parser.
Any difference, or a manifest that is unreadable, and the normal incremental
build runs (and writes a new manifest).

The manifest is plain JSON compared value by value: reading it runs no code.
Files modified in the last seconds before a build are not trusted to have
been seen (a save within the same timestamp tick keeps its stat): the
manifest says so then, and the next build checks everything.  What the
manifest records of the output folder serves that next build too: when the
folder is still as it was left, only the files that changed are written
(:mod:`sitegen.serve.inplace`).
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

from ..errors import Diagnostic
from .layout import CACHE_DIR, CACHE_FILE, MANIFEST_FILE, replace_file

FORMAT = "sitegen-incremental-manifest"
VERSION = 2
TOP_PRUNED = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__"})  # at a site's top: never its input
VCS = frozenset({".git", ".hg", ".svn"})  # anywhere (hidden: discovery skips them)
CODE_PRUNED = frozenset({"__pycache__"})
FOLDER = ["folder"]  # the key of a folder: its files have their own
RACY_SECONDS = 2.0  # an input modified this close to the build start is not trusted to be seen
_PACKAGE = Path(__file__).resolve().parent.parent


def _stat_key(st: os.stat_result) -> list[int]:
    return [st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino]


def _walk(base: Path, skip: frozenset[str] = frozenset(), top: frozenset[str] = frozenset(),
          anywhere: frozenset[str] = frozenset()) -> dict[str, list]:
    """rel path -> stat key, for every file and folder under ``base`` (links
    by their own stat, their target's name and their target's stat); folders
    named in ``top`` are left out where they sit in ``base`` itself, those in
    ``anywhere`` at every depth (a folder ``node_modules`` inside content/ is
    content)."""
    found: dict[str, list] = {}
    base_text = str(base)
    cut = len(base_text) + 1
    stack = [base_text]
    while stack:
        folder = stack.pop()
        pruned = top | anywhere if folder == base_text else anywhere
        try:
            entries = os.scandir(folder)
        except OSError:
            continue
        with entries:
            for entry in entries:
                path = entry.path
                try:
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name not in pruned and path not in skip:
                            stack.append(path)
                            found[path[cut:] + "/"] = FOLDER
                        continue
                    key = _stat_key(entry.stat(follow_symlinks=False))
                    if entry.is_symlink():
                        key.append(os.readlink(path))
                        try:
                            key.extend(_stat_key(os.stat(path)))
                        except OSError:
                            key.append(None)
                except OSError:
                    key = [None]
                found[path[cut:]] = key
    return found


def _inputs(root: Path, out: Path) -> dict[str, list]:
    return _walk(root, frozenset({str(out), str(root / CACHE_DIR)}), top=TOP_PRUNED, anywhere=VCS)


def _code() -> dict[str, list]:
    return _walk(_PACKAGE, anywhere=CODE_PRUNED)


def _git_head(root: Path) -> str | None:
    """The commit checked out (last-updated dates come from git), None without git."""
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            break
    else:
        return None
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD", "--git-path", "shallow"],
                              capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    if done.returncode != 0:
        return "none"
    lines = done.stdout.split("\n")
    shallow = Path(lines[1]) if len(lines) > 1 and lines[1] else None
    if shallow is not None and not shallow.is_absolute():
        shallow = root / shallow
    try:
        boundary = shallow.read_text(encoding="ascii") if shallow is not None else ""
    except (OSError, UnicodeDecodeError):
        boundary = ""
    return lines[0] + "|" + boundary


def _settings(root: Path, out: Path, base_url: str | None, drafts: bool, search: bool) -> list:
    return [str(root), str(out), base_url, bool(drafts), bool(search)]


def seen_inputs(root: Path, out: Path) -> dict:
    """What a build is about to read (call before it reads anything)."""
    root, out = Path(root).resolve(), Path(out).resolve()
    started = time.time()
    inputs = _inputs(root, out)
    racy_ns = int((started - RACY_SECONDS) * 1e9)
    racy = any(key[0] is None or key[0] >= racy_ns for key in inputs.values() if key is not FOLDER)
    return {"code": _code(), "inputs": inputs, "git": _git_head(root), "racy": racy}


def _path(root: Path) -> Path:
    return Path(root).resolve() / CACHE_DIR / MANIFEST_FILE


def forget(root: Path) -> None:
    """Drop the manifest (a build that did not finish cleanly)."""
    try:
        _path(root).unlink()
    except OSError:
        pass


def record(root: Path, out: Path, base_url: str | None, drafts: bool, search: bool, seen: dict,
           pages: int, warnings: list[Diagnostic]) -> None:
    """Write the manifest after a clean build whose output is ``out``."""
    root, out = Path(root).resolve(), Path(out).resolve()
    path = _path(root)
    cache = root / CACHE_DIR / CACHE_FILE
    if not cache.is_file() or cache.is_symlink():
        forget(root)
        return
    manifest = {"format": FORMAT, "version": VERSION, "racy": bool(seen.get("racy")),
                "settings": _settings(root, out, base_url, drafts, search),
                "code": seen["code"], "git": seen["git"], "inputs": seen["inputs"],
                "cache": _stat_key(cache.stat()), "outputs": _walk(out),
                "summary": {"pages": pages, "out": str(out), "warnings": [d.as_json() for d in warnings]}}
    try:
        replace_file(path, json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    except OSError:
        pass  # only the next no-op build is slower


def _as_left(root: Path, out: Path, base_url: str | None, drafts: bool, search: bool) -> dict | None:
    """The manifest, when the output folder and the cache are as the build
    that wrote it left them (same options); None otherwise."""
    path = _path(root)
    if path.is_symlink():
        return None
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if (type(manifest) is not dict or manifest.get("format") != FORMAT or manifest.get("version") != VERSION
            or manifest.get("settings") != _settings(root, out, base_url, drafts, search)):
        return None
    cache = root / CACHE_DIR / CACHE_FILE
    if cache.is_symlink() or manifest.get("cache") != _stat_key(cache.stat()):
        return None
    if manifest.get("outputs") != _walk(out):
        return None
    return manifest


def outputs_as_left(root: Path, out: Path, base_url: str | None, drafts: bool, search: bool) -> bool:
    """Whether the output folder is file for file as the last clean
    ``build --incremental`` left it, with its cache (then the next one may
    write only what changed: :mod:`sitegen.serve.inplace`)."""
    try:
        return _as_left(Path(root).resolve(), Path(out).resolve(), base_url, drafts, search) is not None
    except (OSError, ValueError, TypeError, RecursionError):
        return False


def unchanged(root: Path, out: Path, base_url: str | None, drafts: bool, search: bool) -> dict | None:
    """The summary of the last build (``pages``, ``out``, ``warnings`` as
    Diagnostics) when nothing changed since it; None otherwise."""
    root, out = Path(root).resolve(), Path(out).resolve()
    try:
        manifest = _as_left(root, out, base_url, drafts, search)
        if manifest is None or manifest.get("racy") is not False or manifest.get("code") != _code():
            return None
        if manifest.get("inputs") != _inputs(root, out):
            return None
        if manifest.get("git") != _git_head(root):
            return None
        summary = manifest["summary"]
        warnings = [Diagnostic(**d) for d in summary["warnings"]]
        pages, shown = summary["pages"], summary["out"]
        if type(pages) is not int or type(shown) is not str:
            return None
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        return None
    return {"pages": pages, "out": Path(shown), "warnings": warnings}
