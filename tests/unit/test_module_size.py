"""No module of ``sitegen/`` grows past the line budget of the architecture
("modules under about 500 lines"): a module that long usually has two
responsibilities, and is split by what each part answers."""

from __future__ import annotations

from pathlib import Path

import sitegen

PACKAGE = Path(sitegen.__file__).parent
LINE_BUDGET = 500

# Modules over the budget while they are being split.  Each entry says why it is
# allowed; an entry that is no longer needed (the module is gone or within the
# budget) fails the test, so the list only shrinks.
ALLOWED: dict[str, str] = {}


def line_counts(package: Path) -> dict[str, int]:
    return {path.relative_to(package).as_posix(): len(path.read_bytes().splitlines())
            for path in sorted(package.rglob("*.py"))}


def budget_problems(counts: dict[str, int], budget: int, allowed: dict[str, str]) -> list[str]:
    problems = [f"sitegen/{name} has {lines} lines, more than {budget}: split it by responsibility"
                for name, lines in sorted(counts.items()) if lines > budget and name not in allowed]
    for name in sorted(allowed):
        if name not in counts:
            problems.append(f"sitegen/{name} is allowed over the budget but no longer exists: remove it from ALLOWED")
        elif counts[name] <= budget:
            problems.append(f"sitegen/{name} has {counts[name]} lines, within the budget of {budget}: "
                            "remove it from ALLOWED")
    return problems


def test_the_counts_see_the_package():
    counts = line_counts(PACKAGE)
    assert counts["build.py"] > 50 and "check/__init__.py" in counts and "markdown/__init__.py" in counts


def test_a_long_module_and_a_stale_allowance_are_found():
    counts = {"a.py": 501, "b/c.py": 500, "d.py": 900, "e.py": 10}
    assert budget_problems(counts, 500, {"d.py": "splitting", "e.py": "was long", "gone.py": "split"}) == [
        "sitegen/a.py has 501 lines, more than 500: split it by responsibility",
        "sitegen/e.py has 10 lines, within the budget of 500: remove it from ALLOWED",
        "sitegen/gone.py is allowed over the budget but no longer exists: remove it from ALLOWED",
    ]


def test_every_module_is_within_the_line_budget():
    problems = budget_problems(line_counts(PACKAGE), LINE_BUDGET, ALLOWED)
    assert not problems, "\n".join(problems)
