"""Benchmarks (not tests): sitegen against the floor on the same corpus, in the same run.

    .venv/bin/python bench/run.py                      # 1,000 Japanese pages (about 1,700 sources)
    .venv/bin/python bench/run.py --pages 2000 --only serve
    .venv/bin/python bench/run.py --scale 1000,10000   # growth and peak memory
    .venv/bin/python bench/run.py --site .             # a copy of an existing site instead of a corpus

The corpus (``bench/corpus.py``) looks like a bilingual support site: pages
of 600 to 1,200 words with lists, tables, code and links, source links
across languages, about 30% of the pages untranslated.

The floor (``bench/floor.py``) is the least a Python generator does with it:
markdown-it-py (CommonMark, tables, strikethrough), PyYAML and one Jinja2
template, in 1 and in 2 processes.  Every sitegen figure is printed with its
ratio to the floor of the same run (``1.40x``: 40% more time than the floor).
Commands run as a user runs them (``python -m sitegen ...``, a fresh
process each), floor and sitegen in turn (A B A B), medians of ``--repeat``.

Figures:
  clean build --jobs N   ``sitegen build --no-search --jobs N``: wall and CPU seconds, peak RSS
                         of the largest process (ratio: to the floor with N processes)
  incremental, no edit   ``build --incremental`` with a warm cache, nothing changed
  incremental, 1 page    ... after one page's body changed
  serve: 1 page          ``sitegen serve``: from saving a page to the browser having the new
                         page (the live-reload event, then the page's GET), median of --saves
  serve: FAQ entry       ... after an FAQ entry's title changed
  serve: template        ... after a layout template changed (every page re-rendered;
                         ratio: to sitegen's clean build with the same jobs)
  scale                  clean builds (--jobs 2) at each size: seconds per 1,000 pages, peak RSS,
                         and the growth from the smallest size (1.00 = linear; of the CPU
                         seconds too, which load from other processes changes less than wall time)
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus, write_legacy_corpus  # noqa: E402

SITE_PARTS = ("site.yml", "content", "data", "i18n", "templates", "assets")
FLOOR = Path(__file__).resolve().parent / "floor.py"


def copy_site(site: Path, dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in SITE_PARTS:
        src = site / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy2(src, dest / name)
    return dest


@dataclass
class Run:
    wall: float
    cpu: float  # user + system, this process and its children
    rss_mb: float  # peak RSS of the largest process of the tree


def run(command: list[str], cwd: Path | None = None) -> Run:
    """Run a command to its end; wall time, CPU and peak RSS from wait4()."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(command)}\n{stderr.decode(errors='replace')}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def sitegen(*args: str) -> list[str]:
    return [sys.executable, "-m", "sitegen", *args]


def floor_command(source: Path, out: Path, jobs: int) -> list[str]:
    return [sys.executable, str(FLOOR), str(source), str(out), "--jobs", str(jobs)]


def build_command(source: Path, out: Path, jobs: int, *extra: str) -> list[str]:
    return sitegen("build", "--source", str(source), "--out", str(out), "--no-search", "--quiet",
                   "--jobs", str(jobs), *extra)


def median_run(runs: list[Run]) -> Run:
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               max(r.rss_mb for r in runs))


def ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}x" if base > 0 else "-"


def html_count(out: Path) -> int:
    return sum(1 for _ in out.rglob("*.html"))


class Edits:
    """Edits a site the way an editor does."""

    def __init__(self, source: Path):
        self.source = source
        content = source / "content"
        pages = sorted(p for p in content.rglob("*.md")
                       if not any(part.startswith("_") for part in p.relative_to(content).parts)
                       and p.name != "index.md")
        plain = [p for p in pages if "/faq/" not in p.as_posix()]
        faq = [p for p in pages if "/faq/" in p.as_posix()]
        self.page = (plain or pages)[len(plain or pages) // 2]
        self.faq = faq[len(faq) // 2] if faq else None
        site_templates = sorted((source / "templates").rglob("*.html")) if (source / "templates").is_dir() else []
        self.template = site_templates[0] if site_templates else source / "templates" / "page.html"
        self.serial = 0

    def body(self, path: Path) -> str:
        self.serial += 1
        marker = f"bench edit {self.serial}"
        path.write_text(path.read_text(encoding="utf-8") + f"\n\n{marker}\n", encoding="utf-8")
        return marker

    def title(self, path: Path) -> str:
        self.serial += 1
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^title: (?:bench \d+ )?", f"title: bench {self.serial} ", text, count=1,
                               flags=re.M), encoding="utf-8")
        return f"bench {self.serial} "

    def template_edit(self) -> str:
        """A change to the page layout (a copy of the theme's, the first time)."""
        self.serial += 1
        if not self.template.exists():
            self.template.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / "sitegen/theme/templates/page.html", self.template)
        text = self.template.read_text(encoding="utf-8")
        marker = f"<!-- bench edit {self.serial} -->"
        if "<!-- bench edit" not in text:  # inside the first block, so every page using it shows it
            text = re.sub(r"(\{% block \w+ %\})", r"\1<!-- bench edit 0 -->", text, count=1)
        self.template.write_text(re.sub(r"<!-- bench edit \d+ -->", marker, text, count=1), encoding="utf-8")
        return marker


def url_of(source: Path, path: Path) -> str:
    rel = path.relative_to(source / "content").with_suffix("").as_posix()
    lang, rest = rel.split("/", 1)
    return ("" if lang == "ja" else f"/{lang}") + f"/{rest}/"


# --- clean builds ------------------------------------------------------------------

def clean_figures(source: Path, work: Path, jobs_list: list[int], repeat: int) -> dict[int, Run]:
    results: dict[int, Run] = {}
    for jobs in jobs_list:
        floor_runs, runs = [], []
        for _ in range(repeat):
            floor_runs.append(run(floor_command(source, work / "floor-out", jobs)))
            runs.append(run(build_command(source, work / "out", jobs)))
        floor, mine = median_run(floor_runs), median_run(runs)
        results[jobs] = mine
        print(f"floor --jobs {jobs}          wall {floor.wall:7.3f}s  cpu {floor.cpu:7.3f}s  "
              f"rss {floor.rss_mb:6.0f} MB")
        print(f"clean build --jobs {jobs}    wall {mine.wall:7.3f}s  cpu {mine.cpu:7.3f}s  rss {mine.rss_mb:6.0f} MB"
              f"   = {ratio(mine.wall, floor.wall)} floor wall, {ratio(mine.cpu, floor.cpu)} floor cpu"
              f"  (walls {', '.join(f'{r.wall:.2f}' for r in runs)})")
        results[-jobs] = floor
    return results


# --- build --incremental ------------------------------------------------------------

def incremental_figures(source: Path, work: Path, edits: Edits, repeat: int, floor: Run) -> None:
    out = work / "inc"
    command = build_command(source, out, 2, "--incremental")
    shutil.rmtree(source / ".sitegen-cache", ignore_errors=True)
    cold = run(command)
    print(f"incremental, cold      wall {cold.wall:7.3f}s  (no cache yet)  = {ratio(cold.wall, floor.wall)} floor")
    noop = median_run([run(command) for _ in range(repeat)])
    print(f"incremental, no edit   wall {noop.wall:7.3f}s  cpu {noop.cpu:7.3f}s  rss {noop.rss_mb:6.0f} MB"
          f"   = {ratio(noop.wall, floor.wall)} floor")
    times = []
    for _ in range(repeat):
        edits.body(edits.page)
        times.append(run(command))
    one = median_run(times)
    print(f"incremental, 1 page    wall {one.wall:7.3f}s  cpu {one.cpu:7.3f}s"
          f"   = {ratio(one.wall, floor.wall)} floor  ({edits.page.relative_to(source).as_posix()})")


# --- serve ----------------------------------------------------------------------------

class Server:
    """``sitegen serve`` in its own process, and a live-reload stream to it."""

    def __init__(self, source: Path):
        self.proc = subprocess.Popen(sitegen("serve", "--source", str(source), "--port", "0"),
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.log: list[str] = []
        self.port = None
        for line in self.proc.stdout:
            self.log.append(line.rstrip())
            match = re.search(r"serving .* at http://127\.0\.0\.1:(\d+)/", line)
            if match:
                self.port = int(match.group(1))
                break
        if self.port is None:
            raise SystemExit("sitegen serve did not start:\n" + "\n".join(self.log))
        threading.Thread(target=self._drain, daemon=True).start()
        self.events: list[tuple[float, str]] = []
        self._cond = threading.Condition()
        threading.Thread(target=self._listen, daemon=True).start()

    def _drain(self) -> None:
        for line in self.proc.stdout:
            self.log.append(line.rstrip())

    def _listen(self) -> None:
        sock = socket.create_connection(("127.0.0.1", self.port))
        sock.sendall(b"GET /__sitegen/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        buffer = b""
        while True:
            data = sock.recv(65536)
            if not data:
                return
            buffer += data
            while b"\n\n" in buffer:
                event, buffer = buffer.split(b"\n\n", 1)
                match = re.search(rb"event: reload\ndata: (\S+)", event)
                if match:
                    with self._cond:
                        self.events.append((time.perf_counter(), match.group(1).decode()))
                        self._cond.notify_all()

    def get(self, path: str) -> bytes:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request("GET", path)
            return conn.getresponse().read()
        finally:
            conn.close()

    def served_after(self, edit, url: str, timeout: float = 120.0) -> float:
        """Seconds from an edit to the page (with the edit's marker) served after a reload event."""
        with self._cond:
            seen = len(self.events)
        started = time.perf_counter()
        marker = edit().encode()
        while time.perf_counter() - started < timeout:
            with self._cond:
                while len(self.events) == seen:
                    if not self._cond.wait(timeout):
                        raise SystemExit("no reload event:\n" + "\n".join(self.log[-20:]))
                seen = len(self.events)
            if marker in self.get(url):
                return time.perf_counter() - started
        raise SystemExit(f"the edit never showed on {url}:\n" + "\n".join(self.log[-20:]))

    def rendered_last(self) -> str:
        lines = [line for line in self.log if "re-rendered" in line]
        return lines[-1].split("] ", 1)[-1] if lines else "?"

    def rss_mb(self) -> float:
        total = 0
        for pid in [self.proc.pid, *children(self.proc.pid)]:
            try:
                with open(f"/proc/{pid}/status") as handle:
                    total = max(total, next(int(l.split()[1]) for l in handle if l.startswith("VmRSS:")))
            except (OSError, StopIteration):
                pass
        return total / 1024

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


def serve_figures(source: Path, edits: Edits, saves: int, jobs: int, clean: Run | None) -> None:
    started = time.perf_counter()
    server = Server(source)
    print(f"serve: first build     {time.perf_counter() - started:7.3f}s  (until it serves)")
    try:
        cases = [("1 page", lambda: edits.body(edits.page), url_of(source, edits.page), saves)]
        if edits.faq is not None:
            cases.append(("FAQ entry", lambda: edits.title(edits.faq), url_of(source, edits.faq), saves))
        cases.append(("template", edits.template_edit, url_of(source, edits.page), max(1, saves // 3)))
        for label, edit, url, count in cases:
            server.get(url)
            times = [server.served_after(edit, url) for _ in range(count)]
            median = statistics.median(times)
            extra = ""
            if label == "template" and clean is not None:
                extra = f"   = {ratio(median, clean.wall)} clean build --jobs {jobs}"
            print(f"serve: {label:<15} median {median * 1000:7.0f} ms  (min {min(times) * 1000:.0f}, "
                  f"max {max(times) * 1000:.0f}, {count} saves; last: {server.rendered_last()}){extra}")
        print(f"serve: memory          {server.rss_mb():.0f} MB (largest process)")
    finally:
        server.stop()


# --- scale ------------------------------------------------------------------------------

def scale_figures(sizes: list[int], work: Path, repeat: int) -> None:
    base = cpu_base = None
    for size in sizes:
        source = write_corpus(work / f"scale-{size}", size)
        sources = sum(1 for _ in (source / "content").rglob("*.md"))
        floor = median_run([run(floor_command(source, work / "scale-floor", 2)) for _ in range(repeat)])
        mine = median_run([run(build_command(source, work / "scale-out", 2)) for _ in range(repeat)])
        per, cpu_per = mine.wall / size * 1000, mine.cpu / size * 1000
        base, cpu_base = base or per, cpu_base or cpu_per
        print(f"scale {size:>6} pages ({sources} sources, {html_count(work / 'scale-out')} html)  "
              f"wall {mine.wall:7.2f}s = {ratio(mine.wall, floor.wall)} floor  cpu {mine.cpu:7.2f}s  "
              f"{per:5.2f}s per 1000 pages  growth {per / base:.2f} (cpu {cpu_per / cpu_base:.2f})  "
              f"rss {mine.rss_mb:5.0f} MB (floor {floor.rss_mb:.0f} MB)")
        shutil.rmtree(source, ignore_errors=True)
        shutil.rmtree(work / "scale-out", ignore_errors=True)
        shutil.rmtree(work / "scale-floor", ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000, help="Japanese pages of the corpus (default 1000)")
    parser.add_argument("--corpus", choices=("support", "legacy"), default="support",
                        help="legacy: the small pages of earlier figures (about 100 words each)")
    parser.add_argument("--site", type=Path, help="benchmark a copy of this site instead of a generated corpus")
    parser.add_argument("--jobs", default="1,2", help="--jobs values of the clean builds (default 1,2)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--saves", type=int, default=10, help="saves per serve figure (default 10)")
    parser.add_argument("--scale", help="sizes for the scale figures, such as 1000,10000")
    parser.add_argument("--only", choices=("clean", "incremental", "serve", "scale"), action="append",
                        help="run only these figures (repeatable; default: clean, incremental, serve)")
    args = parser.parse_args()
    only = set(args.only or ("clean", "incremental", "serve"))
    if args.scale:
        only.add("scale")
    jobs_list = [int(j) for j in args.jobs.split(",")]
    work = Path(tempfile.mkdtemp(prefix="sitegen-bench-"))
    try:
        if only - {"scale"}:
            if args.site:
                source = copy_site(args.site.resolve(), work / "site")
                what = f"site: {args.site}"
            else:
                write = write_corpus if args.corpus == "support" else write_legacy_corpus
                source = write(work / "site", args.pages)
                what = f"corpus: {args.corpus}, {args.pages} Japanese pages"
            sources = sum(1 for _ in (source / "content").rglob("*.md"))
            edits = Edits(source)
            run(build_command(source, work / "warm", jobs_list[-1]))  # caches warm, files in the page cache
            print(f"{what} ({sources} Markdown files); sitegen writes {html_count(work / 'warm')} html files")
            clean = clean_figures(source, work, jobs_list, args.repeat) if only & {"clean", "incremental"} else {}
            floor = clean.get(-1) or clean.get(-jobs_list[0])
            if "incremental" in only and floor is not None:
                incremental_figures(source, work, edits, args.repeat, floor)
            if "serve" in only:
                serve_figures(source, edits, args.saves, jobs_list[-1], clean.get(jobs_list[-1]))
        if "scale" in only:
            scale_figures([int(s) for s in (args.scale or "1000,10000").split(",")], work, args.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
