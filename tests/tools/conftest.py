"""Session fixtures for tests/tools/: the support site (the frozen copy in
tests/fixtures/support-site/) built once as published, search index
included, and the negative-control fixture site."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_files import write_files
from support_site import copy_support_site
from tools_support import BROKEN_SITE

from sitegen.build import BuildOptions, build


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The support site, built as it is published (search index included)."""
    base = tmp_path_factory.mktemp("real-site")
    out = base / "_site"
    build(BuildOptions(source=copy_support_site(base / "src"), out=out, search=True))
    return out


@pytest.fixture(scope="session")
def broken_site(tmp_path_factory) -> tuple[Path, Path]:
    """(source, output) of the fixture site with a broken link, a broken
    Japanese anchor, a missing image, a duplicate id and a div inside a span."""
    base = tmp_path_factory.mktemp("broken-site")
    source = write_files(base / "src", BROKEN_SITE)
    out = base / "_site"
    build(BuildOptions(source=source, out=out, search=False))  # broken output paths are warnings for build
    return source, out

