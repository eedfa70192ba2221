"""``sitegen serve``: live preview with incremental rebuilds and live reload.

Three threads besides the caller's: a watchdog observer that records changed
paths, one builder thread that waits for the events to settle (editors save
in bursts) and has the build process (:mod:`sitegen.serve.process`, where
:class:`IncrementalBuilder` runs, off this interpreter) rebuild, and the HTTP
server (stdlib ``ThreadingHTTPServer``, one short-lived thread per request).
Requests with a foreign ``Host`` are refused (:mod:`sitegen.serve.hosts`).

The site is served from memory: each rebuild publishes an immutable
:class:`Snapshot` (outputs, static copies, errors) in one assignment, so a
request never sees a half-built site, and never waits for a rebuild: until
the new snapshot is there, the previous one answers.  Served HTML gets a small script that
listens on ``/__sitegen/events`` (Server-Sent Events) and reloads the tab
after a rebuild; nothing is injected into files on disk (``serve`` writes no
output at all unless ``--search`` asks for the Pagefind index, which needs
the site on disk: then the normal atomic write runs after each good rebuild
and ``/pagefind/`` is served from the output folder).

A broken page never stops the server: its URL shows an error page listing
``path:line: level: message``; every other page keeps its last good version
with an error banner, and the next good save recovers.
"""

from __future__ import annotations

import contextlib
import secrets
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Callable

from ..build import BuildOptions
from ..errors import ERROR, Diagnostic
from .engine import RebuildReport
from .hosts import HostCheck
from .http import Handler, HTTPServer
from .pages import Snapshot
from .process import BuilderDied, BuildProcess, Delta
from .watch import Watcher

DEBOUNCE = 0.04  # seconds without events before a rebuild starts (an editor's save is one burst)
MAX_DELAY = 2.0  # ... but never wait longer than this after the first event


class ListenError(Exception):
    """The server cannot listen on its address (port in use, no such host)."""

    def __init__(self, host: str, port: int, error: OSError):
        reason = error.strerror or str(error)
        hint = "; try another --port, or --port 0 for a free one" if port else ""
        super().__init__(f"cannot listen on {host}:{port}: {reason}{hint}")



class DevServer:
    """Build, serve, watch, rebuild.  ``start()`` returns once serving;
    ``stop()`` ends every thread and releases the port."""

    def __init__(self, options: BuildOptions, host: str = "127.0.0.1", port: int = 8000,
                 debounce: float = DEBOUNCE, log: Callable[[str], None] | None = None, watch: bool = True):
        self.options = options
        self.root = Path(options.source).resolve()
        self.host, self.port = host, port
        self.debounce = debounce
        self.log = log or (lambda text: print(text, flush=True))
        self.watch_files = watch
        self.builder = BuildProcess(options)  # the rebuilds run in a process of their own
        self.hosts = HostCheck(host)
        self.epoch = secrets.token_hex(3)
        self._serial = 0
        self.snapshot = Snapshot(self._next_version(), {}, {})
        self.last_report: RebuildReport | None = None
        self.reports: list[RebuildReport] = []  # the recent rebuilds, oldest first (tests, status)
        self.rebuilds = 0
        self.building = False
        self.stopping = False
        self._cond = threading.Condition()
        self._pending: set[str] = set()
        self._first_event = 0.0
        self._last_event = 0.0
        self._threads: list[threading.Thread] = []
        self.httpd: HTTPServer | None = None
        self.watcher: Watcher | None = None
        self._started = False
        self._logged_errors: tuple = ()

    # -- lifecycle ---------------------------------------------------------------
    def start(self) -> "DevServer":
        self.builder.start()  # first: the child must not inherit the listening socket
        try:
            self.httpd = HTTPServer((self.host, self.port), Handler, bind_and_activate=True)
        except OSError as exc:
            self.builder.stop(timeout=0)
            raise ListenError(self.host, self.port, exc) from None
        self.httpd.app = self
        self.port = self.httpd.server_address[1]
        try:
            self.log(f"sitegen: building {self.root} ...")
            self._publish(self._child_rebuild([]), initial=True)
            if self.watch_files:
                self.watcher = Watcher(self.root, self.options.out_dir.resolve(), self._on_change)
                self.watcher.start()
            self._spawn(self._builder, "sitegen-builder")
            self._spawn(lambda: self.httpd.serve_forever(poll_interval=0.05), "sitegen-http")
        except BaseException:
            self.stop()
            raise
        self._started = True
        return self

    def _spawn(self, target, name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    @property
    def url(self) -> str:
        host = self.host if ":" not in self.host else f"[{self.host}]"
        return f"http://{host}:{self.port}{self.snapshot.base_path}/"

    def stop(self) -> None:
        """Stop watching, building and serving (idempotent)."""
        with self._cond:
            self.stopping = True
            self._cond.notify_all()
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None
        if self.httpd is not None:
            if any(t.name == "sitegen-http" for t in self._threads):
                self.httpd.shutdown()
            self.httpd.server_close()  # joins the request threads
            self.httpd = None
        self.builder.stop(timeout=0.5)  # a rebuild still running is not waited for
        for thread in self._threads:
            thread.join(timeout=10)
        self._threads = []

    def wait(self) -> None:
        """Block until interrupted (Ctrl-C raises KeyboardInterrupt here)."""
        while not self.stopping:
            time.sleep(0.25)

    def __enter__(self) -> "DevServer":
        return self.start() if not self._started else self

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- rebuilding ---------------------------------------------------------------
    def _on_change(self, paths: set[str]) -> None:
        with self._cond:
            now = time.monotonic()
            if not self._pending:
                self._first_event = now
            self._pending |= paths
            self._last_event = now
            self._cond.notify_all()

    def _builder(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self.stopping:
                    self._cond.wait()
                if self.stopping:
                    return
                # wait for the burst to settle
                while not self.stopping:
                    now = time.monotonic()
                    left = min(self._last_event + self.debounce, self._first_event + MAX_DELAY) - now
                    if left <= 0:
                        break
                    self._cond.wait(left)
                if self.stopping:
                    return
                changed, self._pending = self._pending, set()
            self.rebuild(changed)

    def rebuild(self, changed=()) -> RebuildReport | None:
        """Rebuild in the build process and publish the result (None when stopping)."""
        self.building = True
        try:
            delta = self._child_rebuild(sorted(changed))
            if delta is None:
                return None
            self._publish(delta)
        finally:
            self.building = False
        return delta.report

    def _child_rebuild(self, changed: list[str]) -> Delta | None:
        for attempt in range(3):
            try:
                return self.builder.rebuild(changed, stopping=lambda: self.stopping)
            except BuilderDied as exc:
                if self.stopping:
                    return None
                self.log(f"sitegen: the build process ended unexpectedly (exit status {exc.args[0]}); "
                         "starting it again")
                self.builder.restart()
                changed = []  # a new process builds everything
        report = RebuildReport(inputs=list(changed), diagnostics=[Diagnostic(
            "", None, None, ERROR, "the build process keeps ending unexpectedly (see the terminal); "
            "the next save tries again")])
        return Delta(report, {}, [], None, tuple(report.diagnostics), frozenset(), True, None)

    def _publish(self, delta: Delta, initial: bool = False) -> None:
        old = self.snapshot
        report = delta.report
        for line in delta.log:
            self.log(line)
        if delta.complete:
            outputs = dict(delta.changed)
        else:
            outputs = dict(old.outputs)
            outputs.update(delta.changed)
            for rel in delta.removed:
                outputs.pop(rel, None)
        copies = dict(delta.copies) if delta.copies is not None else old.copies
        version = old.version
        if initial or delta.complete or report.anything_changed or delta.errors != old.errors:
            version = self._next_version()
        base_path, prefixes = old.base_path, old.lang_prefixes
        if delta.base_path is not None:
            base_path, prefixes = delta.base_path, delta.lang_prefixes
        disk_root = old.disk_root
        if self.options.search and delta.written:
            disk_root = self.builder.disk_root
        snapshot = Snapshot(version, outputs, copies, delta.errors, delta.error_rels, delta.global_error,
                            base_path, prefixes, disk_root)
        with self._cond:
            self.snapshot = snapshot
            self.last_report = report
            if not initial:
                self.rebuilds += 1
                self.reports = self.reports[-49:] + [report]
            self._cond.notify_all()
        self._log_report(report, initial)

    def _next_version(self) -> str:
        self._serial += 1
        return f"{self.epoch}-{self._serial}"

    def wait_for_version(self, seen: str, timeout: float) -> str:
        with self._cond:
            if self.snapshot.version == seen and not self.stopping:
                self._cond.wait(timeout)
            return self.snapshot.version

    def _log_report(self, report: RebuildReport, initial: bool) -> None:
        stamp = time.strftime("%H:%M:%S")
        had_errors = bool(self._logged_errors)
        errors_now = tuple(d for d in report.diagnostics if d.level == ERROR)
        for d in report.diagnostics:  # the errors once, not again on every save that leaves them
            if initial or (d.level == ERROR and errors_now != self._logged_errors):
                self.log(d.format())
        self._logged_errors = errors_now
        if initial:
            pages = sum(1 for rel in self.snapshot.outputs if rel.endswith(".html"))
            what = f"built {pages} pages in {report.seconds:.2f}s"
        else:
            inputs = ", ".join(report.inputs[:3]) + (f" and {len(report.inputs) - 3} more" if len(report.inputs) > 3 else "")
            pages = len(report.rendered)
            what = (f"{inputs or 'change'}: re-rendered {pages} page{'s' if pages != 1 else ''}"
                    + (" (everything)" if report.full else "")
                    + (f", removed {len(report.removed)}" if report.removed else "")
                    + f" in {report.seconds:.2f}s")
        errors = len(report.errors)
        if errors:
            what += f"; {errors} error{'s' if errors != 1 else ''}: the browser shows them until the next good save"
        elif had_errors:
            what += "; no errors left"
        self.log(f"[{stamp}] {what}")

    # -- status -------------------------------------------------------------------
    def status(self) -> dict:
        snap = self.snapshot
        return {
            "version": snap.version,
            "rebuilds": self.rebuilds,
            "building": self.building,
            "ok": not snap.errors,
            "pages": sum(1 for rel in snap.outputs if rel.endswith(".html")),
            "errors": [d.as_json() for d in snap.errors],
            "error_pages": sorted("/" + rel for rel in snap.error_rels),
            "last": self.last_report.as_json() if self.last_report is not None else None,
        }


def _print_out(text: str) -> None:
    print(text, flush=True)


def _print_err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@contextlib.contextmanager
def _stop_on_signals():
    """SIGTERM (``kill``, a process manager) and SIGHUP (the terminal closed)
    stop the server like Ctrl-C does: as a KeyboardInterrupt in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None:
            previous[signum] = signal.signal(signum, interrupt)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def serve(options: BuildOptions, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False,
          log: Callable[[str], None] | None = None, error_log: Callable[[str], None] | None = None) -> int:
    """Run until Ctrl-C (the CLI's ``sitegen serve``).

    Exit status: 0 when stopped by Ctrl-C, SIGTERM or SIGHUP (stopping is
    how a preview server ends, also while the first build runs); 2 when it
    cannot listen.  A second Ctrl-C while stopping is not waited for.
    """
    log = log or _print_out
    error_log = error_log or (_print_err if log is _print_out else log)
    server: DevServer | None = None
    with _stop_on_signals():
        try:
            server = DevServer(options, host=host, port=port, log=log)
            try:
                server.start()
            except ListenError as exc:
                error_log(f"sitegen: error: {exc}")
                return 2
            log(f"sitegen: serving {server.root} at {server.url} (Ctrl-C to stop)")
            if open_browser:
                import webbrowser

                webbrowser.open(server.url)
            server.wait()
        except KeyboardInterrupt:
            log("\nsitegen: stopping")
        finally:
            if server is not None:
                server.stop()
    log("sitegen: stopped")
    return 0
