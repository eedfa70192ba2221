"""Shows the kramdown differential's per-page agreement at the end of a run."""

from __future__ import annotations


def pytest_terminal_summary(terminalreporter):
    import sys

    module = sys.modules.get("test_kramdown_differential")
    lines = getattr(module, "AGREEMENT", None) if module else None
    if lines:
        terminalreporter.write_sep("-", "kramdown differential")
        terminalreporter.write_line(lines[0])
        if terminalreporter.config.getoption("verbose") > 0 or any("DIFFERENT" in line for line in lines):
            for line in lines[1:]:
                terminalreporter.write_line(line)
