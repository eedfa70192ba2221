"""Benchmarks (not tests): clean builds, ``build --incremental`` and the
``serve`` engine's rebuilds, on a generated corpus or on an existing site.

    .venv/bin/python bench/run.py --pages 1000 [--jobs N] [--search] [--repeat 3]
    .venv/bin/python bench/run.py --site .          # the project's own site (copied first)
    .venv/bin/python bench/run.py --only clean      # skip the incremental and serve figures
    .venv/bin/python bench/run.py --cross-language-links  # Japanese pages link their English version

Figures (best of --repeat, median in brackets):
  clean build           sitegen build (parse, render, write; --search adds Pagefind)
  incremental, no edit  build --incremental with a warm cache, nothing changed
  incremental, 1 page   build --incremental after one page's body changed
  serve: 1 page         the serve engine's rebuild after one page's body changed
                        (in memory, nothing written; what a save costs before the reload)
  serve: FAQ entry      ... after an FAQ entry's title changed (index, category, entries)
  serve: template       ... after a template changed (every page re-rendered)
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import write_corpus  # noqa: E402
from sitegen.build import BuildOptions, build  # noqa: E402
from sitegen.incremental import CACHE_DIR, IncrementalBuilder, build_incremental  # noqa: E402

SITE_PARTS = ("site.yml", "content", "data", "i18n", "templates", "assets")


def copy_site(site: Path, dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in SITE_PARTS:
        src = site / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy2(src, dest / name)
    return dest


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def figure(times: list[float]) -> str:
    return f"{min(times):.3f}s  (median {statistics.median(times):.3f}s)"


class Edits:
    """Edits a site the way an editor does, and undoes them."""

    def __init__(self, source: Path):
        self.source = source
        pages = sorted(p for p in (source / "content").rglob("*.md")
                       if not any(part.startswith("_") for part in p.relative_to(source / "content").parts)
                       and p.name != "index.md")
        plain = [p for p in pages if "/faq/" not in p.as_posix()]
        faq = [p for p in pages if "/faq/" in p.as_posix()]
        self.page = (plain or pages)[len(plain or pages) // 2]
        self.faq = faq[len(faq) // 2] if faq else None
        templates = sorted((source / "templates").rglob("*.html")) if (source / "templates").is_dir() else []
        self.template = templates[0] if templates else None
        self.serial = 0

    def body(self, path: Path) -> Path:
        self.serial += 1
        path.write_text(path.read_text(encoding="utf-8") + f"\n\nbench edit {self.serial}\n", encoding="utf-8")
        return path

    def title(self, path: Path) -> Path:
        self.serial += 1
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("title: ", f"title: {self.serial} ", 1), encoding="utf-8")
        return path

    def template_edit(self) -> Path | None:
        if self.template is None:
            return None
        self.serial += 1
        text = self.template.read_text(encoding="utf-8")
        self.template.write_text(text + f"\n{{# bench edit {self.serial} #}}\n", encoding="utf-8")
        return self.template


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000, help="pages of the generated corpus (default 1000)")
    parser.add_argument("--site", type=Path, help="benchmark a copy of this site instead of a generated corpus")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--search", action="store_true", help="also build the Pagefind index in clean builds")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cross-language-links", action="store_true",
                        help="Japanese pages of the generated corpus link their English version "
                             "(../../en/...md); off by default so figures compare with earlier runs")
    parser.add_argument("--only", choices=("clean", "incremental", "serve"), action="append",
                        help="run only these figures (repeatable; default: all)")
    args = parser.parse_args()
    only = set(args.only or ("clean", "incremental", "serve"))
    work = Path(tempfile.mkdtemp(prefix="sitegen-bench-"))
    try:
        if args.site:
            source = copy_site(args.site.resolve(), work / "site")
            what = f"site: {args.site}"
        else:
            source = write_corpus(work / "site", args.pages, cross_language_links=args.cross_language_links)
            what = f"corpus: {args.pages} Japanese pages" + (", cross-language links" if args.cross_language_links else "")
        options = BuildOptions(source=source, out=work / "out", jobs=args.jobs, search=args.search)
        edits = Edits(source)

        result = build(BuildOptions(source=source, out=work / "warm", jobs=args.jobs, search=False))
        print(f"{what}  html written: {result.page_count}  jobs: {args.jobs or 'auto'}  search: {args.search}")

        if "clean" in only:
            times = [timed(lambda: build(options)) for _ in range(args.repeat)]
            print(f"clean build           {figure(times)}  ({result.page_count / min(times):.0f} pages/s)")

        if "incremental" in only:
            inc = BuildOptions(source=source, out=work / "inc", jobs=args.jobs, search=False)
            shutil.rmtree(source / CACHE_DIR, ignore_errors=True)
            cold = timed(lambda: build_incremental(inc))
            print(f"incremental, cold     {cold:.3f}s  (no cache yet; --no-search)")
            times = [timed(lambda: build_incremental(inc)) for _ in range(args.repeat)]
            print(f"incremental, no edit  {figure(times)}")
            times, rendered = [], []
            for _ in range(args.repeat):
                edits.body(edits.page)
                started = time.perf_counter()
                r = build_incremental(inc)
                times.append(time.perf_counter() - started)
                rendered.append(r.rendered)
            print(f"incremental, 1 page   {figure(times)}  re-rendered {max(rendered)} "
                  f"({edits.page.relative_to(source).as_posix()})")

        if "serve" in only:
            engine = IncrementalBuilder(BuildOptions(source=source, jobs=args.jobs, search=False), allow_fork=True)
            first = engine.rebuild()
            engine.allow_fork = False  # as in serve: threads from here on
            print(f"serve: first build    {first.seconds:.3f}s")
            cases = [("1 page", lambda: edits.body(edits.page))]
            if edits.faq is not None:
                cases.append(("FAQ entry", lambda: edits.title(edits.faq)))
            if edits.template is not None:
                cases.append(("template", edits.template_edit))
            for label, edit in cases:
                times, rendered = [], []
                for _ in range(args.repeat):
                    path = edit()
                    report = engine.rebuild([path])
                    assert report.ok, [d.format() for d in report.errors]
                    times.append(report.seconds)
                    rendered.append(len(report.rendered))
                print(f"serve: {label:<14} {figure(times)}  re-rendered {max(rendered)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
