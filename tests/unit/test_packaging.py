"""The distribution: its own name on PyPI, complete metadata, one version,
and a wheel that works on its own: built offline from a copy of the sources,
installed into a fresh virtual environment, it creates and builds a new site.

The fresh environment gets sitegen from the wheel only (``--no-deps``); its
dependencies come from this test environment through a ``.pth`` file, so the
test needs no network and no index, and stays fast."""

from __future__ import annotations

import email
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

import sitegen

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]


def test_the_distribution_has_its_own_name_and_the_command_stays_sitegen():
    # `sitegen` on PyPI is an unrelated 2010 project whose 0.9.2 outranks 0.1.0
    assert PROJECT["name"] == "sitegen-bilingual"
    assert PROJECT["scripts"] == {"sitegen": "sitegen.cli:main"}


def test_the_version_is_written_once():
    assert "version" not in PROJECT and PROJECT["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "sitegen.__version__"}


def test_metadata_is_complete():
    assert PROJECT["license"] == "MIT" and PROJECT["license-files"] == ["LICENSE"]
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert PROJECT["authors"]
    classifiers = PROJECT["classifiers"]
    for wanted in ("Natural Language :: Japanese", "Natural Language :: English", "Topic :: Documentation",
                   "Programming Language :: Python :: 3.11"):
        assert wanted in classifiers


def test_markdown_it_py_has_an_upper_bound_because_its_internals_are_used():
    # sitegen/markdown/tables.py copies a private function; other plugins import rule internals
    assert "markdown_it.rules_block.table" in (ROOT / "sitegen/markdown/tables.py").read_text(encoding="utf-8")
    requirement = next(d for d in PROJECT["dependencies"] if d.startswith("markdown-it-py"))
    assert "<" in requirement


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Build the wheel offline from a copy of what an sdist holds (the
    checkout stays clean: setuptools writes build/ and *.egg-info there)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "sitegen", src / "sitegen", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--disable-pip-version-check", "-q", "-w", str(dist), str(src)],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    (found,) = dist.glob("*.whl")
    return found


def test_the_wheel_holds_the_theme_the_starter_and_the_license(wheel):
    assert wheel.name.startswith(f"sitegen_bilingual-{sitegen.__version__}-py3-none-any")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        dist_info = f"sitegen_bilingual-{sitegen.__version__}.dist-info"
        metadata = email.message_from_bytes(archive.read(f"{dist_info}/METADATA"))
    theme = {n for n in names if n.startswith("sitegen/theme/")}
    for rel in ("templates/base.html", "templates/home.html", "templates/partials/nav.html", "assets/css/site.css",
                "assets/js/site.js", "i18n/ja.yml", "i18n/en.yml"):
        assert f"sitegen/theme/{rel}" in theme, rel
    assert len(theme) == sum(1 for p in (ROOT / "sitegen/theme").rglob("*") if p.is_file())
    for rel in ("dot-github/workflows/site.yml", "dot-gitignore", "dot-vscode/settings.json.jinja",
                "site.yml.jinja", "content/ja/index.md", "content/en/guide/one-language.md.jinja"):
        assert f"sitegen/scaffold/files/{rel}" in names, rel
    assert f"{dist_info}/licenses/LICENSE" in names
    assert metadata["Name"] == "sitegen-bilingual" and metadata["Version"] == sitegen.__version__
    assert metadata["License-Expression"] == "MIT"
    assert "Natural Language :: Japanese" in metadata.get_all("Classifier")
    assert any(r.startswith("markdown-it-py") and "<" in r for r in metadata.get_all("Requires-Dist"))


def test_the_wheel_in_a_fresh_venv_creates_and_builds_a_new_site(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    fresh_site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                     capture_output=True, text=True, check=True).stdout.strip())
    # the dependencies, borrowed from this environment (a plain path: its .pth
    # files, among them the editable install of this checkout, are not run)
    (fresh_site / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
         "--disable-pip-version-check", "-q", str(wheel)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr

    work = tmp_path / "work"
    work.mkdir()
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run([str(python), "-c", "import sitegen; print(sitegen.__file__)"], cwd=work,
                           capture_output=True, text=True, env=environment)
    assert Path(where.stdout.strip()).is_relative_to(fresh_site), where.stdout + where.stderr

    command = env_dir / "bin" / "sitegen"

    def run(*args):
        done = subprocess.run([str(command), *args], cwd=work, capture_output=True, text=True, env=environment,
                              timeout=300)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done

    assert run("--version").stdout.strip() == f"sitegen {sitegen.__version__}"
    run("new", "mysite")
    done = run("build", "--source", "mysite")
    assert "(1 note)" in done.stdout  # the placeholder base_url, nothing else
    home = (work / "mysite/_site/index.html").read_text(encoding="utf-8")
    assert "ようこそ" in home and 'class="home-cards"' in home and "/assets/css/site." in home
    assert (work / "mysite/_site/en/guide/one-language/index.html").is_file()
    assert (work / "mysite/_site/pagefind/pagefind.js").is_file()
    run("check", "--source", "mysite", "--strict")
