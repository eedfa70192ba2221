"""Fixture sites written inline as file maps: ``write_files(root, {path: text})``.
A module of its own (not conftest) so test files in any folder can import it."""

from __future__ import annotations

import textwrap
from pathlib import Path


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


def billion_laughs(indent: str = "") -> str:
    """The classic: nine levels of nine aliases each, a few hundred bytes."""
    lines = [indent + 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(indent + f"{name}: &{name} [" + ",".join(["*" + previous] * 9) + "]")
        previous = name
    return "\n".join(lines) + "\n"

