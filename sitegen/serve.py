"""``sitegen serve``: live preview with incremental rebuilds and live reload.

Three threads besides the caller's: a watchdog observer that records changed
paths, one builder thread that waits for the events to settle (editors save
in bursts) and has the build process (:mod:`sitegen.preview.builder`, where
:class:`IncrementalBuilder` runs, off this interpreter) rebuild, and the HTTP
server (stdlib ``ThreadingHTTPServer``, one short-lived thread per request).
Requests with a foreign ``Host`` are refused (:mod:`sitegen.preview.hosts`).

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
import email.utils
import hashlib
import html
import json
import mimetypes
import os
import re
import secrets
import select
import shutil
import signal
import socket
import sys
import threading
import time
import warnings
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, quote, unquote_to_bytes, urlsplit

from .build import BuildOptions
from .discover import is_ignored
from .errors import ERROR, Diagnostic
from .incremental import CACHE_DIR, WATCHED, RebuildReport
from .preview.builder import BuilderDied, BuildProcess, Delta
from .preview.hosts import HostCheck
from .search import OUTPUT_SUBDIR

EVENTS_PATH = "/__sitegen/events"
STATUS_PATH = "/__sitegen/status"
DEBOUNCE = 0.15  # seconds without events before a rebuild starts
MAX_DELAY = 2.0  # ... but never wait longer than this after the first event
HTML_SUFFIXES = (".html", ".htm")

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".yml": "text/yaml; charset=utf-8",
    ".yaml": "text/yaml; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".pdf": "application/pdf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".wasm": "application/wasm",
    ".webmanifest": "application/manifest+json",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    # Pagefind's index files are binary
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pagefind": "application/octet-stream",
}


def content_type(rel: str) -> str:
    suffix = os.path.splitext(rel)[1].lower()
    if suffix in _TYPES:
        return _TYPES[suffix]
    guessed = mimetypes.guess_type(rel)[0]
    if guessed is None:
        return "application/octet-stream"
    return guessed + ("; charset=utf-8" if guessed.startswith("text/") else "")


# --- what is served ------------------------------------------------------------

@dataclass(frozen=True)
class Snapshot:
    """One consistent state of the site, replaced as a whole after a rebuild."""

    version: str
    outputs: dict  # relpath -> bytes
    copies: dict  # relpath -> source Path
    errors: tuple = ()  # Diagnostics (level error)
    error_rels: frozenset = frozenset()  # outputs that show the error page
    global_error: bool = False  # nothing can be built: every HTML request shows the error page
    base_path: str = ""  # "/docs" when base_url has a path
    lang_prefixes: tuple = ()  # ("/en",) : prefixes of the non-default languages
    disk_root: Path | None = None  # the written output (only with --search)


class Forbidden(Exception):
    pass


class ListenError(Exception):
    """The server cannot listen on its address (port in use, no such host)."""

    def __init__(self, host: str, port: int, error: OSError):
        reason = error.strerror or str(error)
        hint = "; try another --port, or --port 0 for a free one" if port else ""
        super().__init__(f"cannot listen on {host}:{port}: {reason}{hint}")


def request_rel(raw_path: str, base_path: str = "") -> str | None:
    """The output path a request path asks for; None when outside the site.

    Raises :class:`Forbidden` for traversal attempts, percent-encoded or not.
    """
    path = urlsplit(raw_path).path
    if "\\" in path or "\0" in path:
        raise Forbidden(raw_path)
    # http.server decodes the request line as Latin-1: a client that sends raw
    # UTF-8 (curl "http://host/日本語/") gets its bytes back, then UTF-8 like
    # percent-encoded paths
    try:
        path = unquote_to_bytes(path.encode("latin-1")).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None  # not a path of this site: 404
    if "\\" in path or "\0" in path:
        raise Forbidden(raw_path)
    if any(part in ("..", ".") for part in path.split("/")):
        raise Forbidden(raw_path)
    path = re.sub(r"/{2,}", "/", path)  # "/en//faq/" is "/en/faq/", as most static hosts read it
    if base_path:
        if path == base_path:
            path += "/"
        if not path.startswith(base_path + "/"):
            return None
        path = path[len(base_path):]
    rel = path.lstrip("/")
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    return rel


def safe_file(root: Path, rel: str) -> Path | None:
    """``root/rel`` if it is a regular file really inside ``root`` (symbolic
    links that leave it raise :class:`Forbidden`)."""
    real_root = os.path.realpath(root)
    candidate = os.path.join(real_root, *[p for p in rel.split("/") if p])
    real = os.path.realpath(candidate)
    if os.path.commonpath([real_root, real]) != real_root:
        raise Forbidden(rel)
    return Path(real) if os.path.isfile(real) else None


# --- the injected script and the error pages ------------------------------------

# One event stream per browser, not per tab: a browser opens at most six
# HTTP/1.x connections to one host, so with a stream in every tab the seventh
# tab would never load.  The tab holding the Web Lock listens and passes each
# new build's version to the other tabs on a BroadcastChannel; a tab reloads
# when the version differs from the one its page was served at.  When that
# tab closes, another takes the lock and reconnects with its own version (the
# server answers at once if it missed a build).  Without those APIs every tab
# listens for itself.
_RELOAD_JS = """(function(){if(!window.EventSource)return;var v=%s,path=%s,name="sitegen-live-reload";
var ch=window.BroadcastChannel?new BroadcastChannel(name):null;
function seen(version){if(version&&version!==v){v=version;location.reload();}}
if(ch)ch.onmessage=function(e){seen(e.data);};
function listen(done){var es=new EventSource(path+"?v="+encodeURIComponent(v));
es.addEventListener("reload",function(e){es.close();if(ch)ch.postMessage(e.data);seen(e.data||"?");if(done)done();});}
if(ch&&navigator.locks&&navigator.locks.request){navigator.locks.request(name,function(){return new Promise(listen);});}
else listen();})();"""


def reload_script(version: str) -> str:
    return ("<script data-sitegen-live-reload>"
            + _RELOAD_JS % (json.dumps(version), json.dumps(EVENTS_PATH)) + "</script>")


def _diagnostic_html(errors) -> str:
    items = []
    for d in errors:
        where = d.path or "<site>"
        if d.line:
            where += f":{d.line}"
            if d.col:
                where += f":{d.col}"
        hint = f'<div class="hint">hint: {html.escape(d.hint)}</div>' if d.hint else ""
        items.append(f"<li><code>{html.escape(where)}: {html.escape(d.level)}: {html.escape(d.message)}</code>{hint}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def error_page(errors, version: str, url: str) -> bytes:
    count = len(errors)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Build error - sitegen</title>
<style>body{{font:15px/1.5 system-ui,sans-serif;margin:2rem;color:#222}}h1{{color:#b00020;font-size:1.4rem}}
code{{font:13px/1.4 ui-monospace,monospace;white-space:pre-wrap}}li{{margin:.6rem 0}}.hint{{color:#555;margin-left:1rem}}</style>
</head><body><h1>sitegen: the site has {count} error{'s' if count != 1 else ''}</h1>
<p>{html.escape(url)} cannot be shown until they are fixed; this page reloads after the next save.</p>
{_diagnostic_html(errors)}
{reload_script(version)}
</body></html>
""".encode("utf-8")


def _banner(errors) -> str:
    return ('<div id="sitegen-error-banner" style="position:fixed;z-index:2147483647;left:0;right:0;bottom:0;'
            'max-height:40vh;overflow:auto;background:#fff0f0;color:#222;border-top:3px solid #b00020;'
            'padding:.5rem 1rem;font:13px/1.4 system-ui,sans-serif">'
            '<button onclick="this.parentNode.remove()" style="float:right">&times;</button>'
            f'<strong>sitegen: the site has {len(errors)} error{"s" if len(errors) != 1 else ""} (below); '
            'pages without errors are up to date, a page with one shows it at its address.</strong>'
            + _diagnostic_html(errors) + "</div>")


_BODY_END = re.compile(rb"</body\s*>", re.I)


def inject(body: bytes, snippet: str) -> bytes:
    data = snippet.encode("utf-8")
    matches = list(_BODY_END.finditer(body))
    if matches:
        at = matches[-1].start()
        return body[:at] + data + body[at:]
    return body + data


# --- HTTP --------------------------------------------------------------------------

class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins every request thread
    block_on_close = True
    allow_reuse_address = True
    # connections the kernel queues while no thread accepts: socketserver's 5
    # overflowed under 16 clients (dropped SYNs, retried by clients after 1 s, 3 s)
    request_queue_size = 128
    app: "DevServer"


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.0"
    server_version = "sitegen-serve"
    timeout = 10  # seconds a silent client may hold a request thread

    def log_message(self, format, *args):  # quiet: the rebuild lines are what matters
        pass

    def parse_request(self) -> bool:
        # a raw UTF-8 request line ("GET /案内/", as curl sends it) is read as
        # Latin-1 and split on whitespace, where U+0085 counts: percent-encode
        # non-ASCII bytes first, as a browser would have
        self.raw_requestline = re.sub(rb"[\x80-\xff]", lambda m: b"%%%02X" % m.group()[0], self.raw_requestline)
        return super().parse_request()

    def do_HEAD(self):
        self._handle(head=True)

    def do_GET(self):
        self._handle(head=False)

    def _handle(self, head: bool) -> None:
        app = self.server.app
        path = urlsplit(self.path).path
        try:
            hosts = self.headers.get_all("Host") or []
            if not app.hosts.allowed(hosts):  # DNS rebinding: see sitegen.preview.hosts
                self._send(403, "text/plain; charset=utf-8", app.hosts.refusal(hosts), head)
                return
            if path == EVENTS_PATH:
                self._events(head)
                return
            if path == STATUS_PATH:
                self._send(200, "application/json", json.dumps(app.status(), ensure_ascii=False, indent=1).encode(), head)
                return
            self._serve_file(app.snapshot, head)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass

    def _serve_file(self, snap: Snapshot, head: bool) -> None:
        try:
            rel = request_rel(self.path, snap.base_path)
        except Forbidden:
            self._send(403, "text/plain; charset=utf-8", b"403 Forbidden\n", head)
            return
        if rel is None:
            if snap.base_path and urlsplit(self.path).path == "/":
                self._redirect(snap.base_path + "/")
                return
            self._not_found(snap, "/", head)
            return
        if snap.errors and rel in snap.error_rels and rel.endswith(HTML_SUFFIXES):
            self._send(500, "text/html; charset=utf-8", error_page(snap.errors, snap.version, "/" + rel), head)
            return
        try:
            found = self._lookup(snap, rel)
            if found is None and not rel.endswith("index.html") and self._lookup(snap, rel + "/index.html") is not None:
                self._redirect(self._with_slash())
                return
        except Forbidden:
            self._send(403, "text/plain; charset=utf-8", b"403 Forbidden\n", head)
            return
        if found is None:
            self._not_found(snap, "/" + rel, head)
            return
        if rel.lower().endswith(HTML_SUFFIXES):
            self._send(*self._html(snap, rel, found), head=head)
            return
        if isinstance(found, bytes):
            self._send(200, content_type(rel), found, head)
            return
        self._send_path(found, content_type(rel), head)

    def _with_slash(self) -> str:
        """The request's URL with a slash after its path (query kept), percent-encoded."""
        parts = urlsplit(self.path)
        location = _quote_path(parts.path) + "/"
        return location + ("?" + parts.query if parts.query else "")

    @staticmethod
    def _lookup(snap: Snapshot, rel: str):
        if rel in snap.outputs:
            return snap.outputs[rel]
        source = snap.copies.get(rel)
        if source is not None and os.path.isfile(source):
            return Path(source)
        if snap.disk_root is not None and rel.split("/", 1)[0] == OUTPUT_SUBDIR:
            return safe_file(snap.disk_root, rel)
        return None

    def _html(self, snap: Snapshot, rel: str, found, status: int = 200) -> tuple[int, str, bytes]:
        body = found if isinstance(found, bytes) else found.read_bytes()
        if snap.errors and (snap.global_error or rel in snap.error_rels):
            return 500, "text/html; charset=utf-8", error_page(snap.errors, snap.version, "/" + rel)
        snippet = reload_script(snap.version)
        if snap.errors:
            snippet = _banner(snap.errors) + snippet
        return status, "text/html; charset=utf-8", inject(body, snippet)

    def _not_found(self, snap: Snapshot, path: str, head: bool) -> None:
        inner = path[len(snap.base_path):] if snap.base_path and path.startswith(snap.base_path) else path
        prefix = next((p for p in snap.lang_prefixes if inner == p or inner.startswith(p + "/")), "")
        page = snap.outputs.get((prefix + "/404.html").lstrip("/")) or snap.outputs.get("404.html")
        if page is None:
            if snap.errors:
                self._send(500, "text/html; charset=utf-8", error_page(snap.errors, snap.version, path), head)
            else:
                self._send(404, "text/plain; charset=utf-8", b"404 Not Found\n", head)
            return
        status, ctype, body = self._html(snap, "", page, status=404)
        self._send(404 if status == 200 else status, ctype, body, head)

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.send_header("Cache-Control", "no-store")  # a page may later take the place of a folder
        self.end_headers()

    def _headers(self, status: int, ctype: str, length: int, validators: dict | None = None) -> None:
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(length))
        for name, value in (validators or {}).items():
            self.send_header(name, value)
        # 200s may be kept, but are checked again every time (ETag: a 304 when nothing
        # changed); errors and 404s are never kept
        self.send_header("Cache-Control", "no-cache" if validators else "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()

    def _not_modified(self, validators: dict) -> bool:
        """Whether the client's copy is current (``If-None-Match`` wins over
        ``If-Modified-Since``, as RFC 9110 says)."""
        match = self.headers.get("If-None-Match")
        if match is not None:
            tags = [t.strip().removeprefix("W/") for t in match.split(",")]
            return "*" in tags or validators["ETag"] in tags
        since = self.headers.get("If-Modified-Since")
        if since is not None and "Last-Modified" in validators:
            try:
                client = email.utils.parsedate_to_datetime(since)
                ours = email.utils.parsedate_to_datetime(validators["Last-Modified"])
            except (TypeError, ValueError, IndexError):
                return False
            return client.tzinfo is not None and ours <= client
        return False

    def _send(self, status: int, ctype: str, body: bytes, head: bool = False) -> None:
        validators = None
        if status == 200:
            validators = {"ETag": '"' + hashlib.sha1(body).hexdigest()[:20] + '"'}
            if self._not_modified(validators):
                self._headers(304, ctype, 0, validators)
                return
        self._headers(status, ctype, len(body), validators)
        if not head:
            self.wfile.write(body)

    def _send_path(self, path: Path, ctype: str, head: bool) -> None:
        try:
            handle = open(path, "rb")
        except OSError:
            self._send(404, "text/plain; charset=utf-8", b"404 Not Found\n", head)
            return
        with handle:
            st = os.fstat(handle.fileno())
            validators = {"ETag": f'"{st.st_mtime_ns:x}-{st.st_size:x}"',
                          "Last-Modified": email.utils.formatdate(st.st_mtime, usegmt=True)}
            if self._not_modified(validators):
                self._headers(304, ctype, 0, validators)
                return
            self._headers(200, ctype, st.st_size, validators)
            if not head:
                shutil.copyfileobj(handle, self.wfile)

    def _events(self, head: bool = False) -> None:
        app = self.server.app
        query = parse_qs(urlsplit(self.path).query)
        seen = query.get("v", [app.snapshot.version])[0]
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if head:
            return
        self.wfile.write(b"retry: 1000\n\n")
        self.wfile.flush()
        quiet = 0.0
        while True:
            version = app.wait_for_version(seen, timeout=1.0)
            if app.stopping:
                return
            if version != seen:  # also when the page was served before a rebuild we missed
                self.wfile.write(f"event: reload\ndata: {version}\n\n".encode())
                seen, quiet = version, 0.0
            elif self._client_gone():  # a closed tab: free the thread within a second
                return
            else:
                quiet += 1.0
                if quiet < 5.0:
                    continue
                self.wfile.write(b": ping\n\n")  # keeps proxies from closing an idle stream
                quiet = 0.0
            self.wfile.flush()

    def _client_gone(self) -> bool:
        """Whether the client closed its end (an event stream's client never sends more)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True


def _quote_path(raw: str) -> str:
    """A request path (as http.server decoded it: Latin-1) percent-encoded,
    keeping what is already encoded."""
    return quote(raw.encode("latin-1", "replace"), safe="/%!$&'()*+,;=:@-._~")


# --- the watcher -------------------------------------------------------------------

class _Watcher:
    """Records changed paths under the watched folders (filtering out editor
    swap files, the output folder and the cache).

    The site folder itself is watched without recursion (``site.yml``, and
    watched folders that appear); each watched folder recursively.  A watched
    folder deleted and made again (``rm -r data; mkdir data``, a branch
    switch) gets a new watch: the old one died with the old folder.
    """

    def __init__(self, root: Path, out: Path, notify: Callable[[set[str]], None]):
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        # watchdog's inotify backend warns ("Callback ... already exists") when a
        # folder moves back into a watched tree; it handles that case itself
        warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"watchdog\.")
        self.root = root
        self.ignored_dirs = [str(out), str(root / CACHE_DIR)]
        self.notify = notify
        self.observer = Observer()
        self.watches: dict[str, object] = {}  # watched folder -> its ObservedWatch
        self._lock = threading.Lock()
        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                if event.event_type in ("opened", "closed_no_write"):
                    return
                if event.is_directory and event.event_type in ("modified", "closed", "attrib"):
                    return  # its files report their own changes
                paths = {os.fsdecode(event.src_path)}
                if getattr(event, "dest_path", None):
                    paths.add(os.fsdecode(event.dest_path))
                wanted = {p for p in paths if watcher.wanted(p)}
                for path in paths:  # a watched folder created, deleted or moved
                    if os.path.dirname(path) == str(watcher.root) and os.path.basename(path) in WATCHED:
                        watcher.rewatch(path, event.event_type)
                if wanted:
                    watcher.notify(wanted)

        self.handler = Handler()
        self.observer.schedule(self.handler, str(root), recursive=False)
        for name in WATCHED:
            if (root / name).is_dir():
                self.watch(str(root / name))

    def watch(self, path: str) -> None:
        with self._lock:
            if path in self.watches or not os.path.isdir(path):
                return
            try:
                self.watches[path] = self.observer.schedule(self.handler, path, recursive=True)
            except OSError:
                pass

    def rewatch(self, path: str, event_type: str) -> None:
        """A top-level watched folder appeared or went away."""
        if event_type in ("modified", "closed", "attrib") and path in self.watches:
            return
        with self._lock:
            old = self.watches.pop(path, None)
            if old is not None:
                try:
                    self.observer.unschedule(old)
                except (KeyError, OSError, ValueError):
                    pass
        self.watch(path)

    def wanted(self, path: str) -> bool:
        try:
            rel = Path(path).relative_to(self.root)
        except ValueError:
            return False
        if not rel.parts or rel.parts[0] not in WATCHED:
            return False
        if any(path == d or path.startswith(d + os.sep) for d in self.ignored_dirs):
            return False
        for part in rel.parts:
            if is_ignored(part) or part == "4913" or part.startswith(".#") or part.endswith((".swo", ".swn")):
                return False
        return True

    def start(self) -> None:
        self.observer.start()

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join(timeout=5)


# --- the server ----------------------------------------------------------------------

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
        self.httpd: _HTTPServer | None = None
        self.watcher: _Watcher | None = None
        self._started = False
        self._logged_errors: tuple = ()

    # -- lifecycle ---------------------------------------------------------------
    def start(self) -> "DevServer":
        self.builder.start()  # first: the child must not inherit the listening socket
        try:
            self.httpd = _HTTPServer((self.host, self.port), _Handler, bind_and_activate=True)
        except OSError as exc:
            self.builder.stop(timeout=0)
            raise ListenError(self.host, self.port, exc) from None
        self.httpd.app = self
        self.port = self.httpd.server_address[1]
        try:
            self.log(f"sitegen: building {self.root} ...")
            self._publish(self._child_rebuild([]), initial=True)
            if self.watch_files:
                self.watcher = _Watcher(self.root, self.options.out_dir.resolve(), self._on_change)
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
