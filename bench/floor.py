"""The floor: the least a Python static site generator does with a corpus.

Every Markdown file under ``<source>/content/`` is read, its YAML front
matter parsed with PyYAML, its body rendered by markdown-it-py (CommonMark
plus tables and strikethrough), put into one Jinja2 template and written as
``<out>/<lang>/<path>/index.html``; ``--jobs 2`` splits the files between
two processes.  No links resolved, no fallbacks, no navigation: what
``bench/run.py`` compares sitegen with.

    .venv/bin/python bench/floor.py SOURCE OUT [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from multiprocessing import Pool
from pathlib import Path

import jinja2
import yaml
from markdown_it import MarkdownIt

TEMPLATE = """<!doctype html>
<html lang="{{ lang }}">
<head><meta charset="utf-8"><title>{{ title }} | {{ site_title }}</title></head>
<body>
<header><a href="/{{ lang }}/">{{ site_title }}</a></header>
<main><h1>{{ title }}</h1>
{{ content }}
</main>
</body>
</html>
"""

_md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_template = jinja2.Environment(autoescape=True).from_string(TEMPLATE)


def render_file(job: tuple[str, str, str]) -> int:
    path, rel, out = job
    text = Path(path).read_text(encoding="utf-8")
    front: dict = {}
    body = text
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            front = yaml.safe_load(text[4:end]) or {}
            body = text[end + 5:]
    lang = rel.split("/", 1)[0]
    html = _template.render(lang=lang, title=str(front.get("title", "")), site_title="Benchmark",
                            content=jinja2.utils.markupsafe.Markup(_md.render(body)))
    stem = rel[: -len(".md")]
    target = Path(out) / (stem[: -len("index")] if stem.endswith("/index") else stem + "/") / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(html.encode("utf-8"))
    return len(html)


def jobs_of(source: Path, out: Path) -> list[tuple[str, str, str]]:
    content = source / "content"
    found = []
    for dirpath, dirnames, filenames in os.walk(content):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("_"))
        for name in sorted(filenames):
            if name.endswith(".md"):
                path = Path(dirpath) / name
                found.append((str(path), path.relative_to(content).as_posix(), str(out)))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    jobs = jobs_of(args.source, args.out)
    if args.jobs <= 1:
        written = sum(map(render_file, jobs))
    else:
        with Pool(args.jobs) as pool:
            written = sum(pool.imap_unordered(render_file, jobs, chunksize=16))
    print(f"floor: {len(jobs)} pages, {written} characters", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
