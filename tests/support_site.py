"""The support site for tests: a frozen fixture copy (``tests/fixtures/support-site/``)
and, for the few tests that prove editors' edits never break anything, the
project's live site at the repository root. Both are copied before use:
no test builds or edits the folders themselves."""

from __future__ import annotations

import shutil
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SUPPORT_SITE = TESTS / "fixtures" / "support-site"
PROJECT_ROOT = TESTS.parent
SITE_PARTS = ("site.yml", "content", "data", "i18n", "templates", "assets")


def copy_site(origin: Path, dest: Path) -> Path:
    """Copy a site folder's sources (not its _site/ or caches) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SITE_PARTS:
        src = origin / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy2(src, dest / name)
    return dest


def copy_support_site(dest: Path) -> Path:
    """A fresh copy of the frozen support site."""
    return copy_site(SUPPORT_SITE, dest)


def copy_project_site(dest: Path) -> Path:
    """A fresh copy of the project's live site (whatever editors made of it)."""
    return copy_site(PROJECT_ROOT, dest)
