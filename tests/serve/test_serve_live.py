"""``sitegen serve`` end to end: a real server on a loopback port, real file
events, HTTP with the standard library."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from sitegen.build import BuildOptions
from sitegen.serve import DevServer, Forbidden, request_rel

from serve_support import Live


def port_is_free(port: int) -> bool:
    """Nothing listens on ``port`` (bound as a restarted server binds: SO_REUSEADDR,
    since the connections the test made may linger in TIME_WAIT)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
            sock.listen()
        except OSError:
            return False
    return True


def text_in(needle):
    return lambda status, html: status == 200 and needle in html


# --- serving ----------------------------------------------------------------------

def test_serves_html_with_reload_script_and_disk_stays_clean(live):
    status, headers, body = live.get("/guide/")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert "ガイドの本文。" in body.decode()
    assert b"<script data-sitegen-live-reload>" in body and b'"/__sitegen/events"' in body
    assert body.rstrip().endswith(b"</html>")
    assert not (live.source / "_site").exists()  # serve writes no output without --search


@pytest.mark.parametrize("path, expected", [
    ("/sitemap.xml", "application/xml"),
    ("/robots.txt", "text/plain; charset=utf-8"),
    ("/translation-status.json", "application/json"),
    ("/img/logo.png", "image/png"),
    ("/files/app.wasm", "application/wasm"),
])
def test_content_types(live, path, expected):
    status, headers, body = live.get(path)
    assert status == 200, path
    assert headers["content-type"] == expected
    assert b"__sitegen" not in body


def test_directory_without_slash_redirects(live):
    status, headers, _ = live.get("/guide")
    assert status == 301 and headers["location"] == "/guide/"


def test_missing_pages_use_the_language_404_page(live):
    status, headers, body = live.get("/en/nowhere/")
    assert status == 404 and headers["content-type"].startswith("text/html")
    assert 'id="not-found">not found: en' in body.decode()
    status, _, body = live.get("/nowhere/")
    assert status == 404 and "not found: ja" in body.decode()


@pytest.mark.parametrize("path", [
    "/../site.yml", "/%2e%2e/site.yml", "/%2E%2E/%2e%2e/etc/passwd", "/%2e%2e%2fsite.yml",
    "/en/..%2f..%2fsite.yml", "/..\\site.yml", "/content/ja/guide.md", "/site.yml",
])
def test_traversal_is_refused(live, path):
    status, _, body = live.get(path)
    assert status in (403, 404), path
    assert b"base_url" not in body and b"title:" not in body


def test_request_rel_rules():
    assert request_rel("/") == "index.html"
    assert request_rel("/en/a/?q=1") == "en/a/index.html"
    assert request_rel("/a%20b.png") == "a b.png"
    assert request_rel("/docs/x/", "/docs") == "x/index.html"
    assert request_rel("/other/", "/docs") is None
    for bad in ("/../x", "/%2e%2e/x", "/a/./b", "/a%5c..%5cb", "/a%00b"):
        with pytest.raises(Forbidden):
            request_rel(bad)


def test_symlinks_leaving_the_output_are_refused(site_source, tmp_path, monkeypatch):
    """With --search the output is written and /pagefind/ is served from disk."""
    import sitegen.build

    def fake_index(folder):
        (folder / "pagefind").mkdir()
        (folder / "pagefind" / "pagefind.js").write_text("export const ok = 1;\n")
        (folder / "pagefind" / "wasm.unknown.pagefind").write_bytes(b"\x00")

    monkeypatch.setattr(sitegen.build, "index_site", fake_index)
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret\n")
    server = DevServer(BuildOptions(source=site_source, search=True), port=0, log=lambda text: None)
    try:
        server.start()
        live = Live(server, site_source)
        out = site_source / "_site"
        status, headers, body = live.get("/pagefind/pagefind.js")
        assert status == 200 and headers["content-type"] == "text/javascript; charset=utf-8"
        assert live.get("/pagefind/wasm.unknown.pagefind")[1]["content-type"] == "application/octet-stream"
        # the output on disk stays clean: no injected script
        assert b"__sitegen" not in (out / "guide" / "index.html").read_bytes()
        os.symlink(secret, out / "pagefind" / "leak.js")
        os.symlink(tmp_path, out / "pagefind" / "outside")
        os.symlink(secret, out / "leak.txt")
        for path in ("/pagefind/leak.js", "/pagefind/outside/secret.txt", "/leak.txt"):
            status, _, body = live.get(path)
            assert status in (403, 404), path
            assert b"top secret" not in body
    finally:
        server.stop()


# --- rebuilding -------------------------------------------------------------------------

def test_body_edit_rerenders_only_that_page(live):
    before = live.server.rebuilds
    live.write("content/en/guide.md", "---\ntitle: Guide\n---\nGuide body, edited.\n")
    live.wait_for("/en/guide/", text_in("Guide body, edited."))
    live.settle()
    # an English body is in no other page: not even the Japanese counterpart
    assert sorted(set(live.rendered_since(before))) == ["/en/guide/"]
    assert live.status()["last"]["rendered"] == ["/en/guide/"]


def test_source_edit_rerenders_its_fallback_and_status_page(live):
    before = live.server.rebuilds
    live.write("content/ja/only.md", "---\ntitle: 日本語だけ\n---\n新しい本文。\n")
    live.wait_for("/en/only/", text_in("新しい本文。"))
    live.settle()
    rendered = set(live.rendered_since(before))
    assert {"/only/", "/en/only/"} <= rendered
    assert rendered <= {"/only/", "/en/only/", "/translation-status/"}


def test_nav_target_gaining_a_translation_rerenders_that_language(live):
    live.write("data/nav.yml", "- name: {ja: だけ, en: Only}\n  url: only.md\n")
    live.wait_for("/en/guide/", text_in("Only</a>"))
    assert 'class="fallback">Only' in live.fetch("/en/guide/")[1]
    live.settle()
    before = live.server.rebuilds
    live.write("content/en/only.md", "---\ntitle: Only\n---\nNow in English.\n")
    live.wait_for("/en/only/", text_in("Now in English."))
    live.wait_for("/en/guide/", lambda s, html: 'class="fallback"' not in html)
    live.settle()
    rendered = set(live.rendered_since(before))
    assert "/only/" in rendered  # its switcher now points at a real translation
    assert {u for u in rendered if not u.startswith("/en/")} <= {"/only/", "/translation-status/"}


def test_add_rename_and_delete(live):
    live.write("content/ja/new.md", "---\ntitle: 新しいページ\n---\n新規。\n")
    live.wait_for("/new/", text_in("新規。"))
    status, html = live.fetch("/en/new/")
    assert status == 200 and "fallback-notice" in html

    os.rename(live.path("content/ja/new.md"), live.path("content/ja/renamed.md"))
    live.wait_for("/renamed/", text_in("新規。"))
    live.wait_for("/new/", lambda status, html: status == 404 and "not found: ja" in html)
    assert live.fetch("/en/new/")[0] == 404

    os.remove(live.path("content/ja/renamed.md"))
    live.wait_for("/renamed/", lambda status, html: status == 404)
    assert "new/index.html" not in live.server.snapshot.outputs


def test_deleted_translation_turns_into_the_fallback_page(live):
    assert "fallback-notice" not in live.fetch("/en/x/")[1]
    os.remove(live.path("content/en/x.md"))
    status, html = live.wait_for("/en/x/", text_in("fallback-notice"))
    assert "エックスの本文。" in html and "X in English." not in html


def test_template_change_rerenders_everything(live):
    before = live.server.rebuilds
    template = live.path("templates/page.html")
    template.write_text(template.read_text().replace("<main>", '<main class="v2">'))
    live.wait_for("/only/", text_in('<main class="v2">'))
    live.settle()
    assert any(report.full for report in live.server.reports[-(live.server.rebuilds - before):])
    assert 'class="v2"' in live.fetch("/en/x/")[1]


def test_editor_save_burst_coalesces_and_swap_files_are_ignored(live):
    live.settle()
    before = live.server.rebuilds
    folder = live.path("content/ja")
    (folder / ".only.md.swp").write_bytes(b"vim swap")
    (folder / "4913").write_text("vim probe")
    (folder / "only.md~").write_text("backup")
    (folder / ".#only.md").write_text("emacs lock")
    time.sleep(0.6)
    assert live.server.rebuilds == before  # nothing that matters changed
    # vim-style save: write a temporary file, rename it over the page, in a burst
    for i in range(3):
        tmp = folder / f".only.md.tmp{i}"
        tmp.write_text(f"---\ntitle: 日本語だけ\n---\n保存{i}。\n", encoding="utf-8")
        os.replace(tmp, folder / "only.md")
    live.wait_for("/only/", text_in("保存2。"))
    live.settle()
    assert live.server.rebuilds - before == 1


# --- errors --------------------------------------------------------------------------------

def test_broken_page_shows_an_error_page_and_recovers(live):
    live.write("content/ja/guide.md", "---\ntitle: [unclosed\n---\nbody\n")
    status, html = live.wait_for("/guide/", lambda status, html: status == 500)
    assert "content/ja/guide.md:" in html and "front matter" in html
    # every other page keeps its last good version (with a banner)
    status, html = live.fetch("/only/")
    assert status == 200 and "日本語だけの本文。" in html and "sitegen-error-banner" in html
    assert "has 1 error (below); pages without errors are up to date" in html
    assert live.status()["ok"] is False
    live.write("content/ja/guide.md", "---\ntitle: ガイド\n---\n直った。\n")
    status, html = live.wait_for("/guide/", text_in("直った。"))
    assert "sitegen-error-banner" not in html
    assert live.status()["ok"] is True


def test_missing_link_target_is_an_error_with_its_line(live):
    live.write("content/ja/only.md", "---\ntitle: 日本語だけ\n---\n本文\n\n[壊れた](missing.md)\n")
    status, html = live.wait_for("/only/", lambda status, html: status == 500)
    assert "content/ja/only.md:6" in html and "missing.md" in html
    live.write("content/ja/missing.md", "---\ntitle: 見つかった\n---\nここ。\n")
    live.wait_for("/only/", text_in("壊れた"))


def test_template_error_shows_file_and_line_and_recovers(live):
    template = live.path("templates/page.html")
    good = template.read_text()
    template.write_text(good.replace("<main>", "<main>{% if %}"))
    status, html = live.wait_for("/guide/", lambda status, html: status == 500)
    assert "templates/page.html:" in html
    template.write_text(good)
    live.wait_for("/guide/", text_in("ガイドの本文。"))


def test_new_broken_page_shows_the_error_at_its_url(live):
    live.write("content/ja/fresh.md", "---\ntitle: ok\nlayout: [\n---\nbody\n")
    status, html = live.wait_for("/fresh/", lambda status, html: status == 500)
    assert "content/ja/fresh.md" in html


# --- live reload ----------------------------------------------------------------------------

def test_reload_event_arrives_on_the_event_stream(live):
    version = live.server.snapshot.version
    lines: list[str] = []
    connected = threading.Event()

    def listen():
        with urllib.request.urlopen(f"{live.base}/__sitegen/events?v={version}", timeout=5) as stream:
            connected.set()
            for raw in stream:
                lines.append(raw.decode().rstrip("\n"))
                if lines[-1].startswith("data:") and "event: reload" in lines:
                    return

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    assert connected.wait(5)
    live.write("content/ja/only.md", "---\ntitle: 日本語だけ\n---\nリロード。\n")
    thread.join(timeout=5)
    assert "event: reload" in lines
    assert f"data: {live.server.snapshot.version}" in lines


def test_stale_page_gets_a_reload_at_once(live):
    """A tab served before a rebuild it missed reloads as soon as it connects."""
    with urllib.request.urlopen(f"{live.base}/__sitegen/events?v=old-1", timeout=5) as stream:
        seen = [stream.readline().decode() for _ in range(4)]
    assert "event: reload\n" in seen


# --- lifecycle -------------------------------------------------------------------------------

def test_stop_ends_threads_and_releases_the_port(site_source):
    server = DevServer(BuildOptions(source=site_source, search=False), port=0, log=lambda text: None)
    server.start()
    port = server.port
    stream = urllib.request.urlopen(f"http://127.0.0.1:{port}/__sitegen/events", timeout=5)
    started = time.monotonic()
    server.stop()
    stream.close()
    assert time.monotonic() - started < 3
    assert not [t for t in threading.enumerate() if t.name.startswith("sitegen-")]
    assert port_is_free(port)


def test_ctrl_c_stops_the_cli_cleanly(site_source):
    proc, url, finish = start_cli(site_source, "--port", "0")
    try:
        assert url is not None and not url.endswith(":0/")
        with urllib.request.urlopen(url, timeout=5) as response:
            assert response.status == 200
    finally:
        out, err = finish(signal.SIGINT)
    assert proc.returncode == 0, out + err
    assert "Traceback" not in err
    assert "stopped" in out
    port = int(url.rsplit(":", 1)[1].strip("/"))
    assert port_is_free(port)
    assert "sitegen-" not in " ".join(t.name for t in threading.enumerate())


# --- more HTTP -----------------------------------------------------------------------------

@pytest.mark.parametrize("path, expected", [
    ("/files/style.css", "text/css; charset=utf-8"),
    ("/files/app.js", "text/javascript; charset=utf-8"),
    ("/files/icon.svg", "image/svg+xml"),
    ("/files/font.woff2", "font/woff2"),
    ("/files/data.json", "application/json"),
    ("/files/feed.xml", "application/xml"),
    ("/files/%E8%B3%87%E6%96%99.txt", "text/plain; charset=utf-8"),
])
def test_content_types_of_static_files(live, path, expected):
    status, headers, _ = live.get(path)
    assert (status, headers["content-type"]) == (200, expected)


def request(live, method: str, path: str, headers: dict | None = None):
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", live.server.port, timeout=5)
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def test_head_requests_send_headers_only(live):
    status, headers, body = request(live, "HEAD", "/guide/")
    assert status == 200 and body == b""
    assert int(headers["content-length"]) == len(live.get("/guide/")[2])
    status, headers, body = request(live, "HEAD", "/en/nowhere/")
    assert status == 404 and body == b"" and headers["content-type"].startswith("text/html")
    status, headers, body = request(live, "HEAD", "/__sitegen/events")  # answers at once, no stream
    assert status == 200 and headers["content-type"] == "text/event-stream" and body == b""


def test_etag_and_if_modified_since(live):
    status, headers, body = live.get("/guide/")
    etag = headers["etag"]
    assert headers["cache-control"] == "no-cache"  # kept, but checked again on every load
    status, headers, body = request(live, "GET", "/guide/", {"If-None-Match": etag})
    assert status == 304 and body == b""
    status, headers, _ = live.get("/img/logo.png")  # a static file: also Last-Modified
    assert status == 200 and "last-modified" in headers
    assert request(live, "GET", "/img/logo.png", {"If-Modified-Since": headers["last-modified"]})[0] == 304
    assert request(live, "GET", "/img/logo.png", {"If-None-Match": '"other"'})[0] == 200
    # after a rebuild the page is new: the old ETag no longer matches
    live.write("content/ja/guide.md", "---\ntitle: ガイド\n---\n変わった。\n")
    live.wait_for("/guide/", text_in("変わった。"))
    assert request(live, "GET", "/guide/", {"If-None-Match": etag})[0] == 200
    assert "etag" not in live.get("/nowhere/")[1]  # 404s are not cached


def test_redirects_keep_the_query_and_encode_the_path(live):
    status, headers, _ = live.get("/guide?x=1")
    assert status == 301 and headers["location"] == "/guide/?x=1"
    status, headers, _ = live.get("/%E6%A1%88%E5%86%85")
    assert status == 301 and headers["location"] == "/%E6%A1%88%E5%86%85/"


def test_japanese_paths_percent_encoded_or_raw(live):
    status, _, body = live.get("/%E6%A1%88%E5%86%85/")
    assert status == 200 and "日本語の名前のページ。" in body.decode()
    with socket.create_connection(("127.0.0.1", live.server.port), timeout=5) as sock:
        sock.sendall("GET /案内/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode("utf-8"))  # as curl sends it
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.0 200") and "日本語の名前のページ。".encode() in answer
    assert live.get("/en//guide/")[0] == 200  # repeated slashes read as one
    assert live.get("/%FF%FE/")[0] == 404  # not UTF-8: no such page


# --- editors ------------------------------------------------------------------------------

def test_watched_folder_deleted_and_made_again_is_still_watched(live):
    shutil.rmtree(live.path("data"))
    # without nav data the menu comes from the content tree (it lists the page エックス)
    live.wait_for("/guide/", lambda status, html: status == 200 and "エックス</a>" in html.split("<main>")[0])
    live.path("data").mkdir()
    live.settle()
    live.write("data/nav.yml", "- name: {ja: 新しいナビ, en: New nav}\n  url: /guide/\n")
    live.wait_for("/guide/", text_in("新しいナビ</a>"))
    live.write("data/nav.yml", "- name: {ja: 二度目, en: Second}\n  url: /guide/\n")
    live.wait_for("/guide/", text_in("二度目</a>"))


def test_language_folder_deleted_and_restored(live, tmp_path):
    shutil.move(str(live.path("content/en")), str(tmp_path / "en-saved"))
    status, html = live.wait_for("/en/guide/", text_in("fallback-notice"))
    assert "ガイドの本文。" in html
    shutil.move(str(tmp_path / "en-saved"), str(live.path("content/en")))
    live.wait_for("/en/guide/", lambda status, html: status == 200 and "Guide body." in html
                  and "fallback-notice" not in html)
    live.settle()
    assert live.status()["ok"] is True


def test_broken_site_yml_shows_everywhere_and_recovers(live):
    good = live.path("site.yml").read_text()
    live.path("site.yml").write_text(good + "oops: [\n")
    status, html = live.wait_for("/en/guide/", lambda status, html: status == 500)
    assert "site.yml:" in html and "invalid YAML" in html
    assert live.get("/nowhere/")[0] == 500  # no 404 page without a site: the error instead
    live.path("site.yml").write_text(good.replace("Test Site", "Test Site 2"))
    live.wait_for("/en/guide/", text_in("Test Site 2"))


def test_errors_are_logged_once_not_on_every_save(site_source):
    lines: list[str] = []
    server = DevServer(BuildOptions(source=site_source, search=False), port=0, log=lines.append)
    try:
        server.start()
        live = Live(server, site_source)
        live.write("content/ja/only.md", "---\ntitle: [broken\n---\n")
        live.wait_for("/only/", lambda status, html: status == 500)
        live.settle()
        live.write("content/ja/guide.md", "---\ntitle: ガイド\n---\n別の保存。\n")
        live.wait_for("/guide/", text_in("別の保存。"))
        live.settle()
        live.write("content/ja/only.md", "---\ntitle: 直った\n---\n直った。\n")
        live.wait_for("/only/", text_in("直った。"))
        live.settle()
    finally:
        server.stop()
    assert sum(line.startswith("content/ja/only.md:") and ": error:" in line for line in lines) == 1
    assert "1 error" in lines[-2]  # the save that left the error still says so
    assert "no errors left" in lines[-1]


# --- the command line ---------------------------------------------------------------------

def start_cli(site_source, *args, timeout: float = 20.0):
    """``sitegen serve`` as a subprocess; (process, URL it printed, its stdout lines so far)."""
    import queue

    proc = subprocess.Popen([sys.executable, "-m", "sitegen", "serve", "--source", str(site_source), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines: queue.Queue = queue.Queue()
    seen: list[str] = []
    url = None
    # read stdout on a thread: a readline() here could block past any deadline
    reader = threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout] + [lines.put(None)],
                              daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout
    while url is None and time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line is None:
            break
        seen.append(line)
        if " at http://127.0.0.1:" in line:
            url = line.split(" at ", 1)[1].split()[0]

    def finish(sig) -> tuple[str, str]:
        """Send ``sig``, wait for the exit; (stdout after the URL, stderr)."""
        try:
            proc.send_signal(sig)
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        reader.join(timeout=5)
        rest = []
        while not lines.empty():
            line = lines.get()
            if line is not None:
                rest.append(line)
        return "".join(seen + rest), proc.stderr.read()

    return proc, url, finish


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_stop_the_cli_cleanly(site_source, sig):
    proc, url, finish = start_cli(site_source, "--port", "0")
    out, err = finish(sig)
    assert url is not None, out + err
    assert proc.returncode == 0 and "Traceback" not in err and "stopped" in out
    assert port_is_free(int(url.rsplit(":", 1)[1].strip("/")))


def test_ctrl_c_during_the_first_build_stops_cleanly_too(site_source):
    proc = subprocess.Popen([sys.executable, "-m", "sitegen", "serve", "--source", str(site_source), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        first = proc.stdout.readline()  # printed before the first build starts
        assert first.startswith("sitegen: building"), first
        proc.send_signal(signal.SIGINT)  # building or just serving: either way a clean stop
        out, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, out + err
    assert "Traceback" not in err and "stopped" in out + err


def test_port_in_use_is_a_clear_error(site_source):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "sitegen", "serve", "--source", str(site_source),
                                 "--port", str(port)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "--port 0" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
