"""Fixture files in the markdown-it style, one per plugin: each case is a
description line, then ``.``-separated Markdown input and expected HTML
(rendered with ``lang="ja"``).  Each case is its own test id,
``<file>:<line>:<description>``.

Markers at the end of the description line:

* ``[linkify=true]``, ``[typographer=false]``: render with these
  ``markdown:`` options (several may be given, comma-separated);
* ``[kramdown]``: the expected HTML is kramdown's own output for the input
  (the differential test, ``test_kramdown_differential.py``, checks it
  against the real kramdown after its normalisation).  Cases without the
  marker show sitegen's own behaviour (its extensions, its deliberate
  differences)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import sitegen.markdown
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
            title, options, kramdown = parse_title(title)
            cases.append(pytest.param("\n".join(source) + "\n", "\n".join(expected) + "\n", options, kramdown,
                                      id=f"{path.stem}:{i + 1}:{title}"))
            i = j + 1
        else:
            i += 1
    return cases


_MARKERS = re.compile(r"\s*\[([^\[\]]+)\]\s*$")


def parse_title(title: str) -> tuple[str, dict, bool]:
    """``"text [linkify=true] [kramdown]"`` -> ("text", {"linkify": True}, True)."""
    options: dict = {}
    kramdown = False
    while (match := _MARKERS.search(title)) is not None:
        for part in match.group(1).split(","):
            part = part.strip()
            if part == "kramdown":
                kramdown = True
            elif "=" in part:
                key, value = (item.strip() for item in part.split("=", 1))
                options[key] = {"true": True, "false": False}[value]
            else:
                raise ValueError(f"unknown fixture marker {part!r} in {title!r}")
        title = title[: match.start()]
    return title, options, kramdown


CASES = [case for path in sorted(FIXTURES.glob("*.md")) for case in read_cases(path)]


@pytest.mark.parametrize("source, expected, options, kramdown", CASES)
def test_fixture(source, expected, options, kramdown):
    assert render_markdown(source, lang="ja", **options).html == expected


@pytest.mark.parametrize("source, expected, options, kramdown", CASES)
def test_no_attribute_list_leaks_outside_code(source, expected, options, kramdown):
    html = render_markdown(source, lang="ja", **options).html
    assert "{:" not in re.sub(r"<code[^>]*>.*?</code>", "", html, flags=re.DOTALL)


def test_every_plugin_has_fixtures():
    names = {path.stem for path in FIXTURES.glob("*.md")}
    plugins = {path.stem for path in Path(sitegen.markdown.__file__).parent.glob("*.py")} - {"__init__", "token_tree"}  # token_tree: a helper of ial, no syntax of its own
    assert plugins | {"gfm"} <= names
    assert all(len(read_cases(FIXTURES / f"{name}.md")) >= 3 for name in names)
