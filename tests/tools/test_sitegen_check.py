"""``sitegen check`` on the same negative control as vnu and lychee: it must
report every planted mistake, with the source file and line."""

from __future__ import annotations

import pytest

from sitegen.check import check_site

pytestmark = pytest.mark.tools


def test_negative_control_sitegen_check_reports_every_planted_mistake(broken_site):
    source, _ = broken_site
    report = check_site(source)
    found = {(d.path, d.line, d.rule) for d in report.findings}
    assert ("content/ja/index.md", 6, "broken-link") in found
    assert ("content/ja/index.md", 6, "broken-anchor") in found
    assert ("content/ja/index.md", 8, "missing-file") in found
    assert ("content/ja/index.md", 10, "duplicate-id") in found
    anchor = next(d for d in report.findings if d.rule == "broken-anchor")
    assert "#存在しない" in anchor.message
    assert report.exit_code == 1
