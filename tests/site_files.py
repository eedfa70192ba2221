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
