"""The bounded fuzz test: a few hundred mutations of a small fixture site
(``tests/fuzz_site.py`` says what they are), each built (and every fourth
checked) in-process by worker processes.  Asserted for every seed: exit
status 0 or 1, no Python traceback, the previous output untouched after a
failed build, no hang.

The seeds are fixed, so a failure names its seed and reproduces with
``python tests/fuzz_site.py SEED``.  The seeds that found bugs while this test
was written are kept at the front of the list (they each stand for a fix).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

HARNESS = Path(__file__).resolve().parent.parent / "fuzz_site.py"

# seeds that found bugs while the fuzzer was written; then a plain range
FOUND = [298]  # a theme image named longer than the file system takes (ENAMETOOLONG)
SEEDS = FOUND + [seed for seed in range(300) if seed not in FOUND]
WORKERS = 2
DEADLINE = 600  # seconds for all of them, against a hang in C code (about 30 on an idle two-core machine)


def test_mutated_sites_fail_cleanly(tmp_path):
    chunks = [SEEDS[i::WORKERS] for i in range(WORKERS)]
    env = dict(os.environ, PYTHONHASHSEED="0")
    workers = [subprocess.Popen([sys.executable, str(HARNESS), "--worker", str(tmp_path / f"w{i}"),
                                 *map(str, chunk)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=env)
               for i, chunk in enumerate(chunks)]
    started = time.monotonic()
    outputs = []
    for process in workers:
        try:
            out, err = process.communicate(timeout=max(1, DEADLINE - (time.monotonic() - started)))
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
        outputs.append((process.returncode, out, err))

    results, failures = {}, []
    for code, out, err in outputs:
        lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
        last_started = None
        for line in lines:
            if "started" in line:
                last_started = line["started"]
            else:
                results[line["seed"]] = line
        if code != 0:
            hung = f"seed {last_started} never finished" if last_started not in results else "the worker failed"
            failures.append(f"worker exit {code}: {hung}\n{err[-3000:]}")
    for seed in SEEDS:
        result = results.get(seed)
        if result is not None and result["problems"]:
            failures.append(f"seed {seed} ({result['mutation']}):\n  " + "\n  ".join(result["problems"]))
    assert not failures, ("\n\n".join(failures) + "\n\nreproduce with: python tests/fuzz_site.py SEED")
    assert sorted(results) == sorted(SEEDS)
    # the mutations are not all harmless: many builds fail, cleanly (or the fuzzer tests nothing)
    exits = [results[seed]["build_exit"] for seed in SEEDS]
    assert exits.count(1) > len(SEEDS) // 4 and exits.count(0) > len(SEEDS) // 10, exits
