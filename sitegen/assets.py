"""Theme and site assets: the site's ``assets/`` overrides the theme's file by
file; CSS and JavaScript get a content fingerprint in their file name so they
can be cached forever.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path

from .discover import is_ignored, is_utf8_name, not_utf8_name
from .errors import BuildError, error
from .sitepaths import drop_folder_links, link_problem

THEME_ASSETS = Path(__file__).parent / "theme" / "assets"
FINGERPRINTED = (".css", ".js")


@dataclass(frozen=True)
class Asset:
    rel: str  # "css/site.css"
    source: Path
    output: str  # "assets/css/site.1a2b3c4d.css"


def collect_assets(site_root: Path) -> dict[str, Asset]:
    found: dict[str, Path] = {}
    problems = []
    site_root = Path(site_root).resolve()
    for base in (THEME_ASSETS, site_root / "assets"):
        refused = link_problem(base, site_root) if base != THEME_ASSETS else None
        if refused is not None:
            problems.append(error("assets", None, f"`assets` {refused[0]}", hint=refused[1], rule="symlink"))
            continue
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not is_ignored(d))
            for name, refused in drop_folder_links(dirpath, dirnames, site_root):
                shown = f"assets/{(Path(dirpath) / name).relative_to(base).as_posix()}"
                problems.append(error(shown, None, f"`{shown}` {refused[0]}", hint=refused[1], rule="symlink"))
            for name in sorted(filenames):
                if is_ignored(name):
                    continue
                path = Path(dirpath) / name
                if not is_utf8_name(name):
                    problems.append(not_utf8_name(f"assets/{path.relative_to(base).as_posix()}"))
                    continue
                refused = link_problem(path, site_root)
                if refused is not None:
                    shown = f"assets/{path.relative_to(base).as_posix()}"
                    problems.append(error(shown, None, f"`{shown}` {refused[0]}", hint=refused[1], rule="symlink"))
                    continue
                if not path.is_file():  # a broken symbolic link, a socket, ...
                    problems.append(error(f"assets/{path.relative_to(base).as_posix()}", None,
                                          "this is a symbolic link to a missing file" if path.is_symlink()
                                          else "this is not a regular file", hint="fix or delete it", rule="discover"))
                    continue
                found[path.relative_to(base).as_posix()] = path
    if problems:
        raise BuildError(problems)
    assets = {}
    for rel in sorted(found):
        path = found[rel]
        output = "assets/" + rel
        stem, ext = posixpath.splitext(rel)
        if ext in FINGERPRINTED:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            output = f"assets/{stem}.{digest}{ext}"
        assets[rel] = Asset(rel, path, output)
    return assets
