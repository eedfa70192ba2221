"""Load test of ``sitegen serve`` while an editor saves (a benchmark, not a test).

    .venv/bin/python bench/serve_load.py [--site .] [--seconds 20] [--clients 16] [--save-every 0.2]
    .venv/bin/python bench/serve_load.py --pages 300      # a generated corpus instead of a site

A copy of the site is served by ``sitegen serve`` in its own process; client
processes (``--clients`` connections in all, spread over a few processes so
the clients' own GIL is not what is measured) request the site's pages from
127.0.0.1 while one page is saved every ``--save-every`` seconds, every
fifth save breaking its front matter.  Printed: requests/s, latency p50, p99,
max, requests slower than 0.9 s, incomplete responses (a body shorter than its
Content-Length, a reset connection), pages still stale 5 s after the last good
save, the server's memory before and after, and how fast 200 live-reload
streams are released once their clients go away.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import write_corpus  # noqa: E402
from bench.run import copy_site  # noqa: E402

PROCESSES = 4


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def threads(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


def get(port: int, path: str, timeout: float = 30.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def start_server(source: Path) -> tuple[subprocess.Popen, int]:
    command = [sys.executable, "-m", "sitegen", "serve", "--source", str(source), "--port", "0"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in proc.stdout:
        match = re.search(r"serving .* at http://127\.0\.0\.1:(\d+)/", line)
        if match:
            threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()  # drain
            return proc, int(match.group(1))
    raise SystemExit("the server did not start")


def site_paths(port: int) -> list[str]:
    status, body = get(port, "/sitemap.xml")
    assert status == 200, status
    paths = [re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]+)</loc>", body.decode())]
    return sorted(set(paths)) or ["/"]


def client_process(port: int, paths: list[str], connections: int, until: float, queue) -> None:
    """``connections`` threads, each requesting pages one after another."""
    results: list[tuple[float, float, str]] = []  # (start, seconds, outcome)
    lock = threading.Lock()

    def run(seed: int) -> None:
        rng = random.Random(seed)
        mine = []
        while time.time() < until:
            path = rng.choice(paths)
            started = time.perf_counter()
            wall = time.time()
            try:
                status, body = get(port, path)
                outcome = "ok" if status in (200, 500) and body.rstrip().endswith(b"</html>") else f"status {status}"
                if status == 200 and not body.rstrip().endswith(b"</html>"):
                    outcome = "incomplete"
            except (http.client.IncompleteRead, ConnectionError, OSError) as exc:
                outcome = f"incomplete ({type(exc).__name__})"
            mine.append((wall, time.perf_counter() - started, outcome))
        with lock:
            results.extend(mine)

    workers = [threading.Thread(target=run, args=(os.getpid() * 100 + i,)) for i in range(connections)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    queue.put(results)


def editor(page: Path, every: float, until: float, stop_marker: str) -> int:
    original = page.read_text(encoding="utf-8")
    saves = 0
    while time.time() < until:
        saves += 1
        if saves % 5 == 0:  # a save that breaks the page: an unclosed quote in the front matter
            page.write_text(original.replace("title:", 'title: "broken', 1), encoding="utf-8")
        else:
            page.write_text(original + f"\n\nload test save {saves}\n", encoding="utf-8")
        time.sleep(every)
    page.write_text(original + f"\n\n{stop_marker}\n", encoding="utf-8")
    return saves + 1


def streams_released(port: int, pid: int, count: int = 200) -> tuple[int, float]:
    """Open ``count`` live-reload streams, drop them, and time until the
    server's thread count is back where it was."""
    before = threads(pid)
    socks = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.sendall(b"GET /__sitegen/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        socks.append(sock)
    for sock in socks:
        sock.recv(256)  # headers (and the first retry line)
    peak = threads(pid)
    for sock in socks:
        sock.close()
    started = time.perf_counter()
    while threads(pid) > before + 2 and time.perf_counter() - started < 30:
        time.sleep(0.1)
    return peak - before, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="serve a copy of this site (default: the project's own site)")
    parser.add_argument("--pages", type=int, help="serve a generated corpus of this many pages instead")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--save-every", type=float, default=0.2)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="sitegen-load-"))
    proc = None
    try:
        if args.pages:
            source = write_corpus(work / "site", args.pages)
            what = f"corpus: {args.pages} pages"
        else:
            source = copy_site(args.site.resolve(), work / "site")
            what = f"site: {args.site}"
        pages = sorted(p for p in (source / "content/ja").rglob("*.md")
                       if not any(part.startswith("_") for part in p.relative_to(source / "content").parts)
                       and "faq" not in p.parts)
        page = pages[len(pages) // 2]
        proc, port = start_server(source)
        paths = site_paths(port)
        for path in paths[:50]:  # warm up
            get(port, path)
        memory_before = rss_kb(proc.pid)
        page_url = "/" + page.relative_to(source / "content/ja").with_suffix("").as_posix() + "/"
        if page_url not in paths:
            paths.append(page_url)
        paths += [page_url] * max(1, len(paths) // 10)  # the edited page gets a share of the load

        until = time.time() + args.seconds
        queue = multiprocessing.get_context("fork").Queue()
        per = [args.clients // PROCESSES + (1 if i < args.clients % PROCESSES else 0) for i in range(PROCESSES)]
        clients = [multiprocessing.get_context("fork").Process(target=client_process,
                                                               args=(port, paths, n, until, queue))
                   for n in per if n]
        for client in clients:
            client.start()
        marker = f"load test final {random.randrange(10**9)}"
        saves = editor(page, args.save_every, until, marker)
        results = []
        for _ in clients:
            results.extend(queue.get())
        for client in clients:
            client.join()
        last_save = time.time()
        stale = 1
        while time.time() - last_save < 5:
            status, body = get(port, page_url)
            if status == 200 and marker.encode() in body:
                stale = 0
                break
            time.sleep(0.05)
        seen = time.time() - last_save
        memory_after = rss_kb(proc.pid)
        opened, released = streams_released(port, proc.pid)

        times = sorted(seconds for _, seconds, _ in results)
        outcomes: dict[str, int] = {}
        for _, _, outcome in results:
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        incomplete = sum(n for o, n in outcomes.items() if o.startswith("incomplete"))
        q = statistics.quantiles(times, n=100)
        print(f"{what}  ({len(paths)} URLs, {args.clients} clients, {args.seconds:.0f}s, "
              f"{saves} saves every {args.save_every}s, one in five broken)")
        print(f"requests: {len(times)}  ({len(times) / args.seconds:.0f}/s)  "
              f"p50 {q[49] * 1000:.1f} ms  p99 {q[98] * 1000:.1f} ms  max {times[-1] * 1000:.0f} ms  "
              f"over 0.9 s: {sum(1 for t in times if t > 0.9)}")
        slow = [t for t in times if t > 0.9]
        if slow:
            print("slow requests by second: " + ", ".join(
                f"{s}-{s + 1}s: {sum(1 for t in slow if s <= t < s + 1)}" for s in range(int(slow[-1]) + 1)
                if any(s <= t < s + 1 for t in slow)))
        print(f"incomplete responses: {incomplete}  other outcomes: "
              f"{ {o: n for o, n in outcomes.items() if o != 'ok' and not o.startswith('incomplete')} }")
        print(f"stale after the last good save: {stale} (seen after {seen:.2f}s)")
        print(f"server memory: {memory_before / 1024:.1f} MB before, {memory_after / 1024:.1f} MB after")
        print(f"live-reload streams: {opened} threads for 200 streams, released in {released:.1f}s")
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
