"""Benchmarks (not tests): full builds of a generated corpus.

    .venv/bin/python bench/run.py --pages 1000 [--jobs N] [--search]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import write_corpus  # noqa: E402
from sitegen.build import BuildOptions, build  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--search", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sitegen-bench-"))
    try:
        source = write_corpus(work / "site", args.pages)
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = build(BuildOptions(source=source, out=work / "out", jobs=args.jobs, search=args.search))
            times.append(time.perf_counter() - started)
        print(f"pages(source, ja): {args.pages}  html written: {result.page_count}  jobs: {args.jobs or 'auto'}  "
              f"search: {args.search}")
        print(f"full build: best {min(times):.2f}s  median {sorted(times)[len(times) // 2]:.2f}s  "
              f"({result.page_count / min(times):.0f} pages/s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
