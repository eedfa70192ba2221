"""Fixtures for ``sitegen serve``: the inline fixture site in a temporary
folder and a running server on a free loopback port, always stopped."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.build import BuildOptions
from sitegen.serve import DevServer

from serve_support import SITE, Live
from site_files import write_files


@pytest.fixture
def site_source(tmp_path) -> Path:
    return write_files(tmp_path / "site", SITE)


@pytest.fixture
def live(site_source):
    """A server on a free loopback port; always stopped."""
    server = DevServer(BuildOptions(source=site_source, search=False), host="127.0.0.1", port=0,
                       log=lambda text: None)
    try:
        server.start()
        yield Live(server, site_source)
    finally:
        server.stop()
