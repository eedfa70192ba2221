"""Site search with Pagefind, run over the staged output before it is swapped
into place.  ``pagefind[extended]`` ships the binary (no download at build
time); the extended build segments Japanese, so compound words such as
アカウント are found.  Pagefind writes one index per ``<html lang>``, so each
language searches its own pages.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .errors import BuildError, error

OUTPUT_SUBDIR = "pagefind"


def index_site(folder: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", OUTPUT_SUBDIR, "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except FileNotFoundError:  # pragma: no cover - python itself is missing
        raise BuildError([error("", None, "could not run Pagefind", rule="search")])
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise BuildError([error("", None, "search indexing with Pagefind failed: " + (detail[-1] if detail else "no output"),
                                hint="install `pagefind[extended]` (pip install -e .) or build with --no-search",
                                rule="search")])
