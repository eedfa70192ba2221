"""The rebuilds of ``sitegen serve``, in a process of their own.

A rebuild is pure-Python work (parsing, Jinja, link resolution) that holds
the interpreter lock for its whole length; run in the server's process, it
starves the request threads (each needs the lock many times per request), and
a request that arrives during a big rebuild waits for it.  So the
:class:`~sitegen.serve.engine.IncrementalBuilder` lives in a child process;
the server sends it the changed paths and gets back what changed in the
output (:class:`Delta`): its own process only answers requests, from the last
complete snapshot, at once.

The child is forked when the server has no other thread yet (the normal
case: nothing imported again), spawned otherwise; single-threaded, it renders
big rebuilds in a process pool of its own, as ``sitegen build`` does.  It ignores
Ctrl-C (the server stops it), dies with the server (end of its pipe; on
Linux also ``PR_SET_PDEATHSIG``), and is started again, with a complete
rebuild, if it ever dies on its own.
"""

from __future__ import annotations

import atexit
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from .. import faq
from ..build import BuildOptions, write_output
from ..errors import ERROR, BuildError, Diagnostic
from ..routes import url_to_file
from .engine import IncrementalBuilder, RebuildReport


@dataclass
class Delta:
    """What one rebuild changed, relative to the previous :class:`Delta` of
    the same process (``complete``: relative to nothing, every output)."""

    report: RebuildReport
    changed: dict  # relpath -> bytes, added or changed
    removed: list
    copies: dict | None  # relpath -> source Path, when they changed
    errors: tuple
    error_rels: frozenset
    global_error: bool
    base_path: str | None  # None: no site could be modelled
    lang_prefixes: tuple = ()
    written: bool | None = None  # --search: the output was written (True), failed (False)
    log: list = field(default_factory=list)  # lines for the terminal
    complete: bool = False


class BuilderDied(Exception):
    pass


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _child(conn, options: BuildOptions, parent: int) -> None:
    try:
        _serve_rebuilds(conn, options, parent)
    except KeyboardInterrupt:  # SIGTERM from the server while writing (--search): staging already removed
        pass


_SIGNALS = {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)}


def _serve_rebuilds(conn, options: BuildOptions, parent: int) -> None:
    # started with these signals blocked (see BuildProcess.start), and the
    # server's Python handlers inherited: Ctrl-C and SIGHUP (sent to the whole
    # terminal) are the server's to handle; SIGTERM (the server's terminate())
    # ends this process, quietly
    for signum in _SIGNALS:
        signal.signal(signum, signal.SIG_DFL if signum == signal.SIGTERM else signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
    _die_with_parent()
    if os.getppid() != parent:
        return
    faq.keep_json_ld_items(8192)  # a save re-renders FAQ lists whose questions mostly did not change
    engine = IncrementalBuilder(options, allow_fork=True)  # single-threaded here: process pools are fine
    sent: dict = {}
    sent_copies: dict | None = None
    first = True
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        log: list[str] = []
        try:
            report = engine.rebuild(message)
        except Exception:  # a bug in sitegen: keep serving, show it, start afresh next time
            log.append(traceback.format_exc().rstrip())
            engine._reset()
            report = RebuildReport(inputs=list(message), diagnostics=[Diagnostic(
                "", None, None, ERROR, "internal error in sitegen (traceback in the terminal); "
                "the next save rebuilds everything")])
            engine.errors = report.diagnostics
            engine.global_error = True
        outputs = engine.outputs
        changed = {rel: body for rel, body in outputs.items()
                   if (old := sent.get(rel)) is not body and old != body}
        removed = sorted(rel for rel in sent if rel not in outputs)
        sent = dict(outputs)
        copies = dict(engine.copies)
        site = engine.site
        written = None
        if options.search and site is not None and not engine.errors:
            try:
                write_output(options, outputs, list(copies.items()), log)
                written = True
            except BuildError as exc:
                log.extend(d.format() for d in exc.diagnostics)
                written = False
        delta = Delta(
            report=report, changed=changed, removed=removed,
            copies=copies if copies != sent_copies or first else None,
            errors=tuple(engine.errors),
            error_rels=frozenset(url_to_file(url) for url in engine.error_urls),
            global_error=engine.global_error,
            base_path=site.config.base_path if site is not None else None,
            lang_prefixes=tuple(lang.prefix for lang in site.config.languages if lang.prefix) if site else (),
            written=written, log=log, complete=first)
        sent_copies, first = copies, False
        try:
            conn.send(delta)
        except (OSError, EOFError):
            return


class BuildProcess:
    """The child process and its end of the pipe (used by one thread at a time)."""

    def __init__(self, options: BuildOptions):
        self.options = options
        self.process = None
        self.conn = None

    def start(self) -> None:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1 \
            else "spawn"
        context = multiprocessing.get_context(method)
        self.conn, child_end = context.Pipe()
        # not a daemon: daemonic processes may not have children (the render pool)
        self.process = context.Process(target=_child, args=(child_end, self.options, os.getpid()),
                                       name="sitegen-builder")
        blocked = hasattr(signal, "pthread_sigmask")
        if blocked:  # until the child has its own handlers (a fork inherits the server's)
            previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
        try:
            self.process.start()
        finally:
            if blocked:
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        child_end.close()
        atexit.register(self.stop)  # before multiprocessing's own exit handler joins it

    def rebuild(self, changed: list[str], stopping=lambda: False) -> Delta:
        """Send the changed paths, wait for the :class:`Delta` (raises
        :class:`BuilderDied` if the process ended, or ``stopping()`` became true)."""
        if self.process is None:
            self.start()
        try:
            self.conn.send(list(changed))
            while not self.conn.poll(0.1):
                if stopping() or not self.process.is_alive():
                    if self.conn.poll(0):  # it answered just before
                        break
                    raise BuilderDied(self.process.exitcode)
            return self.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            raise BuilderDied(self.process.exitcode) from None

    def stop(self, timeout: float = 2.0) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        atexit.unregister(self.stop)
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        process.join(timeout)
        if process.is_alive():
            process.terminate()  # SIGTERM: a write stage (--search) removes its staging folder
            process.join(5)
        if process.is_alive():
            process.kill()
            process.join(5)
        self.conn.close()
        if not process.is_alive():
            process.close()

    def restart(self) -> None:
        self.stop(timeout=0)
        self.start()

    @property
    def disk_root(self) -> Path:
        return self.options.out_dir.resolve()
