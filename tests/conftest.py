"""Shared helpers: fixture sites written inline as file maps (Hugo's style),
built into a temporary folder, and parsed HTML for assertions."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitegen.build import BuildOptions, build
from sitegen.cli import main as cli_main
from site_files import write_files

ROOT = Path(__file__).resolve().parent.parent


class BuiltSite:
    def __init__(self, source: Path, out: Path, result):
        self.source, self.out, self.result = source, out, result

    def path(self, url: str) -> Path:
        rel = url.lstrip("/")
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        return self.out / rel

    def exists(self, url: str) -> bool:
        return self.path(url).is_file()

    def html(self, url: str) -> str:
        return self.path(url).read_text(encoding="utf-8")

    def soup(self, url: str) -> BeautifulSoup:
        return BeautifulSoup(self.html(url), "lxml")

    def main(self, url: str):
        soup = self.soup(url)
        return soup.find("main") or soup.body


@pytest.fixture
def make_site(tmp_path):
    """``make_site({path: text})`` builds a site and returns a :class:`BuiltSite`."""

    def make(files: dict[str, str | bytes], **options) -> BuiltSite:
        source = write_files(tmp_path / "src", files)
        out = tmp_path / "out"
        options.setdefault("search", False)
        result = build(BuildOptions(source=source, out=out, **options))
        return BuiltSite(source, out, result)

    return make


@pytest.fixture
def run_cli(capsys):
    """Run the CLI in-process; returns (exit status, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = cli_main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
