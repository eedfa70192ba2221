"""bench/run.py runs (a smoke test on a tiny corpus: figures are printed, never asserted)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_runs_every_figure_on_a_tiny_corpus():
    done = subprocess.run([sys.executable, str(ROOT / "bench/run.py"), "--pages", "8", "--repeat", "1",
                           "--saves", "1", "--jobs", "1"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr + done.stdout
    lines = done.stdout.splitlines()
    for label in ("floor --jobs 1", "clean build --jobs 1", "incremental, no edit", "incremental, 1 page",
                  "serve: 1 page", "serve: FAQ entry", "serve: template"):
        assert any(line.startswith(label) for line in lines), (label, done.stdout)
    assert "x floor wall" in done.stdout


def test_corpus_pages_look_like_support_pages(tmp_path):
    sys.path.insert(0, str(ROOT))
    from bench.corpus import write_corpus

    source = write_corpus(tmp_path / "site", 40)
    ja = sorted((source / "content/ja").rglob("page*.md"))
    en = sorted((source / "content/en").rglob("page*.md"))
    assert len(ja) == 40 and 0.55 * 40 <= len(en) <= 0.85 * 40  # about 30% untranslated
    bodies = [p.read_text(encoding="utf-8").split("\n---\n", 1)[1] for p in ja + en]
    for construct in ("| --- |", "```", "\n- ", "\n1. ", "\n## ", "](https://"):
        assert sum(construct in body for body in bodies) >= 0.8 * len(bodies), construct
    translated = [p for p in ja if (source / "content/en" / p.relative_to(source / "content/ja")).exists()]
    assert all("](../../en/" in p.read_text(encoding="utf-8") for p in translated)
    words = sorted(len(p.read_text(encoding="utf-8").split()) for p in en)
    assert 550 <= words[len(words) // 2] <= 1400, words
