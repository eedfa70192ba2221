"""The HTTP side of ``sitegen serve``: a stdlib ``ThreadingHTTPServer`` whose
handler answers from the current :class:`~sitegen.serve.pages.Snapshot`
(Host header checked first, :mod:`sitegen.serve.hosts`), static copies
read only when :func:`sitegen.sitepaths.may_read` allows (403 otherwise),
and the live-reload event stream."""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import re
import select
import shutil
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from ..search import OUTPUT_SUBDIR
from ..sitepaths import may_read
from .pages import (EVENTS_PATH, HTML_SUFFIXES, STATUS_PATH, Forbidden, Snapshot, banner, content_type, error_page,
                    inject, reload_script, request_rel, safe_file)


class HTTPServer(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins every request thread
    block_on_close = True
    allow_reuse_address = True
    # connections the kernel queues while no thread accepts: socketserver's 5
    # overflowed under 16 clients (dropped SYNs, retried by clients after 1 s, 3 s)
    request_queue_size = 128
    app: "object"


class Handler(BaseHTTPRequestHandler):
    server: HTTPServer
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
            if not app.hosts.allowed(hosts):  # DNS rebinding: see sitegen.serve.hosts
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

    def _lookup(self, snap: Snapshot, rel: str):
        if rel in snap.outputs:
            return snap.outputs[rel]
        source = snap.copies.get(rel)
        if source is not None and os.path.isfile(source):
            if not may_read(source, self.server.app.root):  # replaced by a link out since the last build
                raise Forbidden(rel)
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
            snippet = banner(snap.errors) + snippet
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
