"""Last-updated dates from git: one ``git log`` for every source of the site.

``git log --name-only`` walks the history once, newest first; the first
commit that names a file is its last change, and its *author* date, in the
commit's own time zone, is the file's date (as Hugo's ``.GitInfo`` and
MkDocs' git-revision-date plugin do).  The walk stops as soon as every source
has a date, so a long history costs little.  The same commit gives the same
dates on every machine, whatever its clock or time zone.

* No git, not a repository, or git failing: no dates, no error.
* A file never committed (new, untracked): no date.
* A shallow checkout (CI's ``actions/checkout`` fetches one commit by
  default): the commit at the shallow boundary appears to add every file, so
  its date is not believed; a file whose last change lies beyond the boundary
  gets no date, and :attr:`GitDates.shallow_missing` counts them so the build
  can say so once (fix: ``fetch-depth: 0``).

Dates are cached per process by (repository, HEAD, shallow boundary): a
``serve`` session runs one ``git rev-parse`` per rebuild and walks the history
again only after a commit.
"""

from __future__ import annotations

import datetime as _dt
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

TIMEOUT = 60  # seconds for the whole history walk
_CACHE: dict[tuple, "GitDates"] = {}


@dataclass(frozen=True)
class GitDates:
    dates: dict = field(default_factory=dict)  # display path ("content/ja/x.md") -> datetime.date
    shallow: bool = False
    shallow_missing: int = 0  # sources without a date because the history is cut off
    available: bool = False  # a repository was found

    def date_of(self, display_path: str) -> _dt.date | None:
        return self.dates.get(display_path)


NO_DATES = GitDates()


def _git(root: Path, *args: str, timeout: float = 10) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=timeout,
                                env=_env(), stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return result.stdout.decode("utf-8", "surrogateescape")


def _env() -> dict:
    env = dict(os.environ)
    env.update({"GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):  # the site folder decides the repository
        env.pop(name, None)
    return env


def git_dates(root: Path, sources: Iterable[str]) -> GitDates:
    """Dates of ``sources`` (paths relative to ``root``, POSIX separators)."""
    root = Path(root)
    wanted = frozenset(sources)
    head = _git(root, "rev-parse", "--show-prefix", "--git-path", "shallow", "HEAD")
    if head is None:
        return NO_DATES
    lines = head.split("\n")
    if len(lines) < 3:
        return NO_DATES
    prefix, shallow_path, commit = lines[0], lines[1], lines[2]
    shallow_file = Path(shallow_path) if Path(shallow_path).is_absolute() else root / shallow_path
    try:
        boundary = frozenset(shallow_file.read_text(encoding="ascii").split())
    except (OSError, UnicodeDecodeError):
        boundary = frozenset()
    key = (str(root.resolve()), commit, boundary, wanted)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    found = _walk(root, prefix, wanted, boundary)
    if found is None:
        return NO_DATES
    missing = len(wanted - set(found)) if boundary else 0
    result = GitDates(found, shallow=bool(boundary), shallow_missing=missing, available=True)
    if len(_CACHE) > 8:
        _CACHE.clear()
    _CACHE[key] = result
    return result


def _walk(root: Path, prefix: str, wanted: frozenset, boundary: frozenset) -> dict | None:
    """One ``git log`` over the content folder; stops when every wanted path has a date."""
    command = ["git", "-C", str(root), "log", "--no-renames", "--name-only", "-z",
               "--format=%x01%H %aI", "--", "content"]
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   stdin=subprocess.DEVNULL, env=_env())
    except OSError:
        return None
    found: dict[str, _dt.date] = {}
    commit, date = None, None
    pending = b""
    complete = False
    try:
        assert process.stdout is not None
        while not complete:
            chunk = process.stdout.read1(1 << 16) if hasattr(process.stdout, "read1") else process.stdout.read(1 << 16)
            if not chunk:
                break
            pending += chunk
            *records, pending = pending.split(b"\0")
            for record in records:
                text = record.decode("utf-8", "surrogateescape").lstrip("\n")
                if not text:
                    continue
                if text.startswith("\x01"):
                    commit, _, stamp = text[1:].partition(" ")
                    date = _date(stamp)
                    continue
                if commit is None or date is None or commit in boundary:
                    continue
                if not text.startswith(prefix):
                    continue
                path = text[len(prefix):]
                if path in wanted and path not in found:
                    found[path] = date
                    if len(found) == len(wanted):
                        complete = True
                        break
        if complete:
            process.kill()
        process.wait(timeout=TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        process.kill()
        process.wait()
        return None
    finally:
        if process.stdout is not None:
            process.stdout.close()
    if not complete and process.returncode != 0:
        return None
    return found


def _date(stamp: str) -> _dt.date | None:
    try:
        return _dt.datetime.fromisoformat(stamp.strip()).date()  # the commit's own offset
    except ValueError:
        return None
