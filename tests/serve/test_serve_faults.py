"""``sitegen serve`` under faults: foreign Host headers (DNS rebinding) are
refused, and a slow rebuild never makes a request wait."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

from sitegen.serve import engine
from sitegen.build import BuildOptions
from sitegen.serve.hosts import HostCheck
from sitegen.serve import DevServer

from serve_support import SITE, Live
from site_files import write_files

SLOW_LAYOUT = """{% extends "page.html" %}{% block content %}
{% set ns = namespace(n=0) %}{% for i in range(3000) %}{% for j in range(SLOWNESS) %}{% set ns.n = ns.n + 1 %}{% endfor %}{% endfor %}
<p id="slow">slow page rendered ({{ ns.n }})</p>{% endblock %}
"""


def test_requests_during_a_slow_rebuild_are_answered_at_once_from_the_last_snapshot(live):
    """A layout that keeps the builder busy with pure Python for seconds (the
    GIL-heavy work a big rebuild is): every request meanwhile is answered
    within 100 ms from the previous snapshot (old pages, no half-built site)."""
    before = live.get("/guide/")[2]
    live.write("templates/slow.html", SLOW_LAYOUT.replace("SLOWNESS", "150"))
    live.write("content/ja/slow.md", "---\ntitle: 遅い\nlayout: slow\n---\n遅いページ。\n")
    live.write("content/ja/guide.md", "---\ntitle: ガイド\n---\n新しい本文。\n")
    deadline = time.monotonic() + 10
    while not live.status()["building"]:
        assert time.monotonic() < deadline, "the rebuild did not start"
        time.sleep(0.01)
    timings = []
    while live.status()["building"] and len(timings) < 20:
        for path in ("/guide/", "/slow/", "/en/guide/", "/__sitegen/status"):
            started = time.perf_counter()
            status, headers, body = live.get(path)
            timings.append((time.perf_counter() - started, path, status))
            if path == "/guide/":
                assert status == 200 and body == before  # the last complete snapshot
            if path == "/slow/":
                assert status == 404  # not half of the new site either
        time.sleep(0.05)
    assert len(timings) >= 8, f"the rebuild was over too soon to measure ({len(timings)} requests)"
    assert max(t for t, _, _ in timings) < 0.1, sorted(timings, reverse=True)[:5]
    live.wait_for("/slow/", lambda status, html: status == 200 and "slow page rendered" in html, timeout=60)
    assert "新しい本文。" in live.fetch("/guide/")[1]


# --- Host headers ------------------------------------------------------------------------

def raw(live, request: bytes) -> tuple[int, bytes]:
    """Send exactly these bytes; (status, body)."""
    with socket.create_connection(("127.0.0.1", live.server.port), timeout=5) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


PATHS = ["/guide/", "/__sitegen/status", "/__sitegen/events", "/img/logo.png", "/nowhere/"]


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One server for the Host checks (they change nothing)."""
    source = write_files(tmp_path_factory.mktemp("hosts") / "site", SITE)
    server = DevServer(BuildOptions(source=source, search=False), host="127.0.0.1", port=0, log=lambda text: None)
    try:
        server.start()
        yield Live(server, source)
    finally:
        server.stop()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "LOCALHOST", "localhost.", "app.localhost"])
def test_loopback_hosts_with_any_port_are_answered(shared, host):
    for path in PATHS:
        for value in (host, f"{host}:{shared.server.port}", f"{host}:3000"):
            request = f"GET {path} HTTP/1.0\r\nHost: {value}\r\n\r\n".encode()
            if path == "/__sitegen/events":  # a stream: the headers are enough
                with socket.create_connection(("127.0.0.1", shared.server.port), timeout=5) as sock:
                    sock.sendall(request)
                    assert sock.recv(64).startswith(b"HTTP/1.0 200"), value
                continue
            status, body = raw(shared, request)
            assert status == (404 if path == "/nowhere/" else 200), (path, value, body[:200])


@pytest.mark.parametrize("headers, why", [
    ("Host: evil.example\r\n", "Host `evil.example` is not this preview server"),
    ("Host: evil.example:8000\r\n", "Host `evil.example:8000` is not this preview server"),
    ("Host: 127.0.0.1.evil.example\r\n", "is not this preview server"),
    ("Host: localhost.evil.example\r\n", "is not this preview server"),
    ("", "the request has no Host header"),
    ("Host: 127.0.0.1\r\nHost: evil.example\r\n", "more than one Host header"),
    ("Host: localhost\r\nHost: localhost\r\n", "more than one Host header"),
    ("Host: 127.0.0.1\x00.evil.example\r\n", "Host `127.0.0.1\\x00.evil.example` is not"),
    ("Host: localhost:99999\r\n", "is not this preview server"),
    ("Host: \r\n", "is not this preview server"),
    ("Host: 192.168.1.5\r\n", "is not this preview server"),  # listening on 127.0.0.1 only
])
def test_foreign_missing_or_doubled_hosts_are_refused_everywhere(shared, headers, why):
    for path in PATHS:
        status, body = raw(shared, f"GET {path} HTTP/1.0\r\n{headers}\r\n".encode())
        assert status == 403, path
        text = body.decode()
        assert text.startswith("403 Forbidden: ") and why in text and "localhost, 127.0.0.1 and [::1]" in text
        assert "ガイド" not in text and "version" not in text  # nothing of the site


def test_urllib_and_a_browser_style_request_are_answered(shared):
    assert shared.fetch("/guide/")[0] == 200  # urllib sends Host: 127.0.0.1:<port>
    conn = http.client.HTTPConnection("localhost", shared.server.port, timeout=5)
    try:
        conn.request("GET", "/guide/")
        assert conn.getresponse().status == 200
    finally:
        conn.close()


@pytest.mark.parametrize("listen, allowed, refused", [
    ("127.0.0.1", ["127.0.0.1", "localhost:1", "[::1]:2", "127.0.0.2"], ["192.168.1.5", "mybox.lan", "evil.example"]),
    ("mybox.lan", ["mybox.lan:8000", "MyBox.lan", "localhost"], ["evil.example", "192.168.1.5"]),
    ("192.168.1.5", ["192.168.1.5:8000", "localhost"], ["192.168.1.6", "evil.example"]),
    ("0.0.0.0", ["192.168.1.5:8000", "10.0.0.1", "[fe80::1]", "localhost"], ["evil.example", "mybox.lan"]),
    ("::1", ["[::1]:8000", "localhost"], ["evil.example", "::1"]),
])
def test_the_listen_host_is_answered_too(listen, allowed, refused):
    check = HostCheck(listen)
    for value in allowed:
        assert check.allowed([value]), value
    for value in refused:
        assert not check.allowed([value]), value


# --- the build process -----------------------------------------------------------------

def test_a_killed_build_process_is_started_again_and_serving_never_stops(live):
    before = live.get("/guide/")[2]
    process = live.server.builder.process
    pid = process.pid
    os.kill(pid, signal.SIGKILL)
    process.join(5)
    assert live.get("/guide/")[2] == before  # the snapshot still answers
    live.write("content/ja/guide.md", "---\ntitle: ガイド\n---\n再起動のあと。\n")
    live.wait_for("/guide/", lambda status, html: status == 200 and "再起動のあと。" in html, timeout=20)
    assert live.server.builder.process.pid != pid
    assert live.fetch("/en/guide/")[0] == 200  # a complete site again


def test_the_build_process_renders_big_rebuilds_in_parallel(site_source, monkeypatch):
    """Above PARALLEL_THRESHOLD routes the build process forks a render pool
    (as ``sitegen build`` does); here every site is big enough."""
    monkeypatch.setattr(engine, "PARALLEL_THRESHOLD", 1)  # forked into the build process
    server = DevServer(BuildOptions(source=site_source, search=False, jobs=2), port=0, log=lambda text: None)
    try:
        server.start()
        live = Live(server, site_source)
        assert server.status()["ok"], server.status()["errors"]
        assert "ガイドの本文。" in live.fetch("/guide/")[1]
        live.write("templates/page.html", (site_source / "templates/page.html").read_text() + "<!-- v2 -->\n")
        live.wait_for("/en/guide/", lambda status, html: status == 200 and "<!-- v2 -->" in html)
        assert server.status()["ok"]
    finally:
        server.stop()


def test_closed_live_reload_streams_free_their_threads_within_seconds(live):
    def streams() -> int:
        return sum(1 for t in threading.enumerate() if t.name.startswith("Thread-") and t.is_alive())

    before = streams()
    socks = []
    for _ in range(30):
        sock = socket.create_connection(("127.0.0.1", live.server.port), timeout=5)
        sock.sendall(b"GET /__sitegen/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        socks.append(sock)
    for sock in socks:
        assert sock.recv(64).startswith(b"HTTP/1.0 200")
    assert streams() >= before + 30
    for sock in socks:
        sock.close()
    deadline = time.monotonic() + 3
    while streams() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert streams() <= before, "closed event streams still hold their threads"


def test_a_build_process_stopped_at_once_ends_quietly(site_source):
    """The build process is forked with the server's signal handlers (SIGTERM
    raising KeyboardInterrupt in `sitegen serve`); stopped right after it
    started (a port in use), it must end without a traceback."""
    script = f"""
import signal
from pathlib import Path
from sitegen.build import BuildOptions
from sitegen.serve.process import BuildProcess

def interrupt(signum, frame):
    raise KeyboardInterrupt

signal.signal(signal.SIGTERM, interrupt)
for _ in range(15):
    process = BuildProcess(BuildOptions(source=Path({str(site_source)!r}), search=False))
    process.start()
    process.stop(timeout=0)
print("stopped")
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout == "stopped\n"
    assert "Traceback" not in result.stderr, result.stderr
