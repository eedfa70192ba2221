"""`sitegen check` grows with the size of a page, not with its square.

A page with 20,000 footnotes has 40,000 ids and as many links into itself;
checking one anchor must not cost a pass over every id of the page, nor
must the "did you mean" of each broken anchor search through all of them.
The test times only the checker's own pass (the page is parsed and rendered first, as
for `sitegen build`) in CPU time, for a page and a page eight times larger:
linear work grows about eightfold, quadratic work about sixty-four-fold; the
bound (24x) leaves room for a loaded machine (the quadratic version took
40x and more).
"""

from __future__ import annotations

import time

from sitegen import check
from site_files import write_files

SITE = {
    "site.yml": "title: Notes\nlanguages: [en]\nbase_url: https://example.org/\n",
    "content/en/index.md": "---\ntitle: Home\n---\n[Notes](notes.md)\n",
}


def footnotes(n: int) -> str:
    refs = " ".join(f"Claim {i}.[^n{i}]" for i in range(n))
    notes = "\n".join(f"[^n{i}]: Source {i}." for i in range(n))
    # anchors that do not exist, as many as a tenth of the notes: each gets a "did you mean"
    broken = " ".join(f"[see {i}](#fn-{i}x)" for i in range(n // 10))
    return f"---\ntitle: Notes\n---\n{refs}\n\n[missing](#nowhere) {broken}\n\n{notes}\n"


def checker_seconds(tmp_path, monkeypatch, n: int) -> float:
    source = write_files(tmp_path / f"site{n}", {**SITE, "content/en/notes.md": footnotes(n)})
    spent = []
    run = check._Checker.run

    def timed(self):
        started = time.process_time()
        run(self)
        spent.append(time.process_time() - started)
    monkeypatch.setattr(check._Checker, "run", timed)
    report = check.check_site(source)
    messages = [d.message for d in report.findings]
    assert any("anchor `#nowhere` does not exist" in m for m in messages), messages  # the check ran
    assert sum("does not exist" in m for m in messages) == 1 + n // 10, messages
    assert not any("#fn" in m and "x`" not in m for m in messages), messages  # footnote links found their anchors
    return spent[0]


def test_checking_a_page_grows_linearly_with_its_footnotes(tmp_path, monkeypatch):
    small = min(checker_seconds(tmp_path / name, monkeypatch, 300) for name in "abc")
    large = checker_seconds(tmp_path / "large", monkeypatch, 2400)
    assert large < 24 * max(small, 0.005), (small, large)
