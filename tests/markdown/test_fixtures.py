"""Fixture files in the markdown-it style, one per plugin: each case is a
description line, then ``.``-separated Markdown input and expected HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.markdown import render_markdown

FIXTURES = Path(__file__).parent / "fixtures"


def read_cases(path: Path):
    lines = path.read_text(encoding="utf-8").split("\n")
    cases, i = [], 0
    while i < len(lines):
        if i + 1 < len(lines) and lines[i].strip() and lines[i + 1] == ".":
            title = lines[i].strip()
            j = i + 2
            source = []
            while lines[j] != ".":
                source.append(lines[j])
                j += 1
            j += 1
            expected = []
            while lines[j] != ".":
                expected.append(lines[j])
                j += 1
            cases.append(pytest.param("\n".join(source) + "\n", "\n".join(expected) + "\n",
                                      id=f"{path.stem}:{i + 1}:{title}"))
            i = j + 1
        else:
            i += 1
    return cases


CASES = [case for path in sorted(FIXTURES.glob("*.md")) for case in read_cases(path)]


@pytest.mark.parametrize("source, expected", CASES)
def test_fixture(source, expected):
    assert render_markdown(source, lang="ja").html == expected


def test_every_plugin_has_fixtures():
    names = {path.stem for path in FIXTURES.glob("*.md")}
    assert {"ial", "html_markdown", "headings", "cjk", "emphasis", "links", "highlight", "admonitions",
            "gfm"} <= names
