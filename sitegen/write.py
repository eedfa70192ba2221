"""Write the built site atomically.

Everything is staged in a sibling folder (``_site.tmp-…``), each page as
soon as it is rendered (:class:`Staging`), and swapped into place only when
the whole build succeeded, so a failed build leaves the previous output
untouched and a reader never sees a half-written site.

The swap exchanges the two folders in one system call
(``renameat2(RENAME_EXCHANGE)`` on Linux), so ``_site/`` holds the old or the
new site at every instant, even if the build is killed with ``kill -9``.
Where that call is missing (other systems, file systems without it) the old
output is first renamed aside (``_site.old-…``), then the new one into
place: a moment without ``_site/``, and nothing else changes.

Every folder sitegen makes next to the output carries a marker file
(:data:`MARKER`: which process made it, and when) until the folder is gone,
so the next build can recognise and remove what a killed build left behind
without ever touching a folder sitegen did not make.  SIGINT, SIGTERM and
SIGHUP during the write stage remove the staging folder before the process
ends (the swap itself is finished first, never cut in half).
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import secrets
import shutil
import signal
import socket
import stat
import sys
import time
from contextlib import suppress
from pathlib import Path
from typing import Callable, Iterable, Mapping

from .errors import BuildError, display_path, error
from .interrupts import Interrupted, Signals as _Signals

__all__ = ["Interrupted", "Staging", "publish", "unsafe_output_reason"]


class OutputConflict(Exception):
    def __init__(self, path: str):
        super().__init__(path)
        self.path = path


# what a site folder holds besides the output: replacing one of these (or the
# site folder itself) with the built site would delete the sources
SOURCE_FOLDERS = ("content", "templates", "assets", "data", "i18n")
# files every build writes: a folder holding one of them is a previous output
OUTPUT_MARKERS = ("sitemap.xml", "robots.txt", "index.html")
# in every folder sitegen makes next to the output, until it is removed
MARKER = ".sitegen-staging"
STAGE_INFIX, OLD_INFIX = ".tmp-", ".old-"
FAULT_ENV = "SITEGEN_FAULT"  # tests: "point:KILL|TERM|INT" sends that signal to the build at a point


def unsafe_output_reason(source: Path, out: Path) -> str | None:
    """Why ``out`` cannot be the output folder of the site in ``source``, or None.

    The output is replaced as a whole, so it must not be the site folder, one
    of its source folders (or inside one), a folder containing the site, a
    file, or a folder of other files that is not a previous build.  A
    previous output sitegen cannot list or remove is a :class:`BuildError`."""
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
    if out.is_dir():
        names = _list_previous(out)
        if names and not any(name in names for name in OUTPUT_MARKERS):
            return "is a folder that holds other files, not a previous build: building would delete them"
    return None


def _permission_error(folder: Path, what: str, exc: OSError | None = None, out: Path | None = None) -> BuildError:
    reason = (exc.strerror if exc is not None and exc.strerror else "permission denied").lower()
    return BuildError([error(str(folder), None, f"the previous output cannot be replaced: {reason}: {what}",
                             hint="sitegen replaces the output folder as a whole: give the user running the build "
                                  f"read, write and execute permission on it and its subfolders "
                                  f"(chmod -R u+rwX {out or folder}), remove it, or choose another --out",
                             rule="output")])


def _list_previous(out: Path) -> list[str]:
    try:
        with os.scandir(out) as entries:
            return [entry.name for entry in entries]
    except PermissionError as exc:
        raise _permission_error(out, "its contents cannot be listed (it needs read and execute permission)",
                                exc) from None


def check_removable(out: Path) -> None:
    """Raise :class:`BuildError` unless every folder of the previous output
    can be listed and emptied by this user (so the swap cannot leave a
    half-removed old site)."""
    if not os.access(out.parent, os.W_OK | os.X_OK):
        raise _permission_error(out.parent, "the folder it is in is not writable", out=out)

    def walk_error(exc: OSError) -> None:
        if isinstance(exc, PermissionError):
            raise _permission_error(Path(exc.filename or out), "this folder of it cannot be listed "
                                                               "(it needs read and execute permission)", exc, out)
        raise exc

    for folder, dirs, _files in os.walk(out, onerror=walk_error):
        if not os.access(folder, os.R_OK | os.W_OK | os.X_OK):
            raise _permission_error(Path(folder), "this folder of it cannot be listed or emptied "
                                                  "(it needs read, write and execute permission)", out=out)
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]


# --- the marker -------------------------------------------------------------------

def _process_start(pid: int) -> str | None:
    """The start time of a process (Linux), to tell a live build from a reused pid."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    if fields and fields[0] == b"Z":
        return "zombie"
    return fields[19].decode() if len(fields) > 19 else None


def write_marker(folder: Path, started: float) -> None:
    info = {"tool": "sitegen", "pid": os.getpid(), "pid_start": _process_start(os.getpid()),
            "host": socket.gethostname(), "started": started}
    (folder / MARKER).write_text(json.dumps(info) + "\n", encoding="utf-8")


def _read_marker(folder: Path) -> dict | None:
    path = folder / MARKER
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) and info.get("tool") == "sitegen" else None


def _alive(info: dict) -> bool:
    """Whether the build that wrote a marker may still be running."""
    pid = info.get("pid")
    if info.get("host") != socket.gethostname():
        return True  # another machine's build (a shared disk): leave it alone
    if not isinstance(pid, int):
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process
    start = _process_start(pid)
    if start == "zombie":
        return False
    return start is None or info.get("pid_start") in (None, start)


# --- leftovers of killed builds -------------------------------------------------------

def clean_leftovers(out: Path, before: float) -> list[str]:
    """Remove the folders next to ``out`` that a killed or interrupted build
    left (named ``<out>.tmp-*`` or ``<out>.old-*``, carrying sitegen's marker,
    started before ``before`` by a build that is not running any more; or
    empty).  Returns one note per removed folder."""
    notes = []
    try:
        entries = list(os.scandir(out.parent))
    except OSError:
        return notes
    for entry in sorted(entries, key=lambda e: e.name):
        if not entry.name.startswith((out.name + STAGE_INFIX, out.name + OLD_INFIX)):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
            folder = Path(entry.path)
            info = _read_marker(folder)
            if info is None:  # not sitegen's, unless empty (a build killed right after making it)
                with os.scandir(folder) as children:
                    if next(children, None) is not None:
                        continue
                os.rmdir(folder)
                notes.append(f"removed the empty folder {folder.name} left by an interrupted build")
                continue
            started = info.get("started")
            if not isinstance(started, (int, float)) or started >= before or _alive(info):
                continue
            remove_tree(folder)
        except OSError as exc:
            notes.append(f"could not remove {entry.name}, left by an interrupted build: {exc.strerror or exc}")
            continue
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started))
        notes.append(f"removed {folder.name} left by an interrupted build (started {when}, pid {info.get('pid')})")
    return notes


def remove_tree(folder: Path) -> None:
    """Remove a folder sitegen made, its marker last (a build killed while
    removing it leaves a folder the next build still recognises)."""
    with os.scandir(folder) as entries:
        children = sorted(entries, key=lambda e: e.name)
    for entry in children:
        if entry.name == MARKER:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)
    with suppress(FileNotFoundError):
        os.unlink(folder / MARKER)
    os.rmdir(folder)


# --- staging and the swap --------------------------------------------------------------

def _new_sibling(out: Path, infix: str) -> Path:
    return out.parent / f"{out.name}{infix}{os.getpid()}-{secrets.token_hex(4)}"


def stage_dir(out: Path, started: float | None = None) -> Path:
    """A new staging folder next to ``out``, with the umask's mode (as any
    folder the build makes: ``0755`` with umask ``022``) and the marker."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    while True:
        stage = _new_sibling(out, STAGE_INFIX)
        try:
            os.mkdir(stage, 0o777)  # the umask applies, unlike tempfile.mkdtemp's 0700
            break
        except FileExistsError:
            continue
    write_marker(stage, time.time() if started is None else started)
    return stage


def _check_rel(rel: str, written: set[str]) -> None:
    if rel in written:
        raise OutputConflict(rel)
    if rel.startswith("/") or ".." in rel.split("/") or rel == MARKER:
        raise OutputConflict(rel)
    written.add(rel)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_renameat2 = None


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``,
    through libc).  False when the system or file system cannot; then
    nothing happened."""
    global _renameat2
    if not sys.platform.startswith("linux"):
        return False
    if _renameat2 is None:
        try:
            function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28+, musl 1.2.2+
        except (OSError, AttributeError):
            function = False
        else:
            function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
            function.restype = ctypes.c_int
        _renameat2 = function
    if not _renameat2:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # an old kernel, or a file system without the flag
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def swap_into_place(stage: Path, out: Path) -> list[str]:
    """Put ``stage`` in the place of ``out`` and remove the old output.
    Returns notes about what could not be cleaned (the new site is in place)."""
    out = Path(out).resolve()
    if not os.path.lexists(out):
        os.rename(stage, out)
        _unmark(out)
        return []
    write_marker(out, time.time())  # killed from here on, the next build removes the old site it parks
    fault_point("marked")
    if exchange(stage, out):
        parked = stage
    else:  # two renames: a moment without `out`
        parked = _new_sibling(out, OLD_INFIX)
        os.rename(out, parked)
        fault_point("parked")
        os.rename(stage, out)
    fault_point("swapped")
    _unmark(out)
    try:
        remove_tree(parked)
    except OSError as exc:
        return [f"could not remove the previous output, parked at {parked}: {exc.strerror or exc}; "
                "the next build removes it"]
    return []


def _unmark(folder: Path) -> None:
    with suppress(FileNotFoundError):
        os.unlink(folder / MARKER)


def discard(stage: Path | None) -> None:
    if stage is not None and os.path.isdir(stage):
        try:
            remove_tree(stage)
        except OSError:
            shutil.rmtree(stage, ignore_errors=True)


def fault_point(name: str) -> None:
    """Fault injection for the tests: ``SITEGEN_FAULT=written:KILL`` sends
    the build SIGKILL once every file is staged (see the points in this module)."""
    wanted = os.environ.get(FAULT_ENV)
    if not wanted:
        return
    point, _, sig = wanted.partition(":")
    if point == name:
        os.kill(os.getpid(), getattr(signal, "SIG" + (sig or "KILL")))
        time.sleep(0.05)  # let a handled signal arrive here, as it would from outside


# --- the write stage --------------------------------------------------------------------

class Staging:
    """The write stage, as a context the build renders into: each file is
    staged as soon as it is made (:meth:`add`), so no build holds its whole
    output in memory; :meth:`publish` then copies the static files, runs the
    indexer over the staged site and swaps it into place.  Leaving the
    context any other way (a build that found errors, an exception, a
    signal) removes the staging folder: ``out`` stays as it was.  While the
    context is active, SIGINT, SIGTERM and SIGHUP raise :class:`Interrupted`.

    The staging folder is made at the first :meth:`add` (leftovers of killed
    builds are removed first, a note each in ``notes``).  A failure to make
    it or to write a file (a previous output this user cannot replace, a
    full disk, two outputs at one path) stops the writing and is raised by
    :meth:`publish`, so a build reports the errors of its pages first.
    ``refused`` is such a failure known from the start (nothing is written).
    Every failure is a :class:`BuildError`."""

    def __init__(self, out: Path, notes: list[str] | None = None, refused: BuildError | None = None) -> None:
        self.out = Path(out).resolve()
        self.notes = notes if notes is not None else []
        self.started = time.time()
        self.stage: Path | None = None
        self.written: set[str] = set()  # the staged files' paths
        self.failure: BaseException | None = refused
        self._signals = _Signals()
        self._published = False

    def __enter__(self) -> "Staging":
        self._signals.__enter__()
        return self

    def __exit__(self, kind, exc, tb) -> bool:
        try:
            if not self._published:
                with self._signals.critical():
                    discard(self.stage)
        finally:
            self._signals.__exit__(kind, exc, tb)
        if isinstance(exc, OutputConflict):  # parse and model checks should have caught it; never write outside
            raise BuildError([error(str(self.out), None, f"two outputs or an unsafe output path: `{exc.path}`",
                                    hint="check `permalink`, `slug` and `redirect_from` values",
                                    rule="output")]) from None
        if isinstance(exc, OSError):
            raise _write_error(exc, self.out, self.stage) from None
        return False

    def _open(self) -> Path:
        if self.stage is None:
            with self._signals.critical():
                if os.path.isdir(self.out):
                    check_removable(self.out)
                self.notes.extend(clean_leftovers(self.out, self.started))
                try:
                    self.stage = stage_dir(self.out, self.started)
                except OSError as exc:
                    raise BuildError([error(str(self.out), None,
                                            f"cannot create the output folder: {exc.strerror or exc}",
                                            hint="check the permissions of the folder it goes in, or choose "
                                                 "another --out", rule="output")]) from None
            fault_point("staging")  # the first page is staged next, the others as they are rendered
        return self.stage

    def open(self) -> Path | None:
        """The staging folder, made now, for renderers that write their files
        into it themselves (:class:`StagedFile`; each then recorded with
        :meth:`added`); None when nothing may be written (the failure is
        raised by :meth:`publish`)."""
        if self.failure is not None:
            return None
        try:
            return self._open()
        except (BuildError, OSError) as exc:
            self.failure = exc
            return None

    def added(self, rel: str) -> None:
        """Record a file a renderer wrote into the staging folder (two at one path: a failure)."""
        if self.failure is None:
            try:
                _check_rel(rel, self.written)
            except OutputConflict as exc:
                self.failure = exc

    def fail(self, exc: BaseException) -> None:
        """A file could not be written: stop, and raise it at :meth:`publish`."""
        if self.failure is None:
            self.failure = exc

    def add(self, rel: str, data: bytes, replace: bool = False) -> None:
        """Stage one file; ``replace``: it takes the place of a file staged
        under that path before (sitegen's own files over pages)."""
        if self.failure is not None:
            return
        try:
            if not (replace and rel in self.written):
                _check_rel(rel, self.written)
            target = self._open() / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        except (OutputConflict, BuildError, OSError) as exc:
            self.failure = exc

    def publish(self, copies: Iterable[tuple[str, Path]], index: Callable[[Path], None] | None = None) -> Path:
        """Copy the static files into the staged site, run ``index`` (the
        search indexer) over it, swap it into place."""
        if self.failure is not None:
            raise self.failure
        stage = self._open()
        for rel, source in sorted(copies, key=lambda item: item[0]):
            _check_rel(rel, self.written)
            target = stage / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        fault_point("written")
        if index is not None:
            index(stage)
            fault_point("indexed")
        with self._signals.critical():
            self.notes.extend(swap_into_place(stage, self.out))
            self._published = True
        return self.out


def publish(out: Path, files: Mapping[str, bytes], copies: Iterable[tuple[str, Path]],
            index: Callable[[Path], None] | None = None, notes: list[str] | None = None) -> Path:
    """Stage ``files`` and ``copies`` next to ``out``, run ``index`` over the
    staged site, swap it into place (see :class:`Staging`)."""
    with Staging(out, notes) as staging:
        for rel in sorted(files):
            staging.add(rel, files[rel])
        return staging.publish(copies, index)


def _write_error(exc: OSError, out: Path, stage: Path) -> BuildError:
    where = exc.filename if isinstance(exc.filename, str) else str(out)
    if stage is not None and where.startswith(str(stage)):  # the staging folder is gone: name the file as it would be in the output
        where = str(out) + where[len(str(stage)):]
    if exc.errno == errno.ENOSPC:
        hint = "the disk is full: free some space and build again"
    elif exc.errno == errno.ENAMETOOLONG:
        hint = "shorten the file name, `slug` or `permalink` of the page that has this output"
    else:
        hint = "check free disk space and permissions of the output folder"
    return BuildError([error(display_path(where), None, f"cannot write the output: {exc.strerror or exc}",
                             hint=hint, rule="output")])
