"""Which files sitegen may read: the site's sources, never a file that a
symbolic link brings in from elsewhere.

A site is read from its source folders (``content/``, ``templates/``,
``assets/``, ``data/``, ``i18n/``) and ``site.yml``, and from sitegen's own
theme.  A symbolic link to a file is followed only when the file it leads
to is itself one of those sources (``content/en/img/logo.png ->
../../ja/img/logo.png``): a link that leaves them (``content/ja/env.txt ->
/proc/self/environ``, a link into ``.git/``) is an error naming the link,
and its target is never opened.  Links to folders are never followed: one
that leads out of the sources is an error too, one inside them is skipped
(as a loop such as ``content/ja/loop -> .`` must be).

Every reader asks here before it opens a file: the walks of ``discover``,
the assets, data and i18n loaders, the template and include loaders (Jinja
and Liquid), the incremental engine's hashes and the dev server.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

SOURCE_FOLDERS = ("content", "templates", "assets", "data", "i18n")
SOURCE_FILES = ("site.yml",)
THEME_ROOT = os.path.realpath(Path(__file__).parent / "theme")

LINK_HINT = ("copy the file into the site instead of linking to it, or delete the link (a link may lead only "
             "to another file in content/, templates/, assets/, data/ or i18n/)")
FOLDER_LINK_HINT = ("copy the folder into the site instead of linking to it, or delete the link (links to "
                    "folders are never followed)")


def is_source(real: str, root: str | Path) -> bool:
    """Whether the resolved path ``real`` is one of the site's sources under
    the resolved site folder ``root`` (no hidden folder on the way), or a
    file of sitegen's theme."""
    if real == THEME_ROOT or real.startswith(THEME_ROOT + os.sep):
        return True
    root = os.fspath(root)
    if not real.startswith(root + os.sep):
        return False
    parts = real[len(root) + 1:].split(os.sep)
    if len(parts) == 1:
        return parts[0] in SOURCE_FILES or parts[0] in SOURCE_FOLDERS
    return parts[0] in SOURCE_FOLDERS and not any(part.startswith(".") for part in parts[1:])


def may_read(path: str | Path, root: str | Path) -> bool:
    """Whether ``path`` (reached by any route, links included) is a source
    sitegen may open.  ``root`` is the site folder, resolved."""
    return is_source(os.path.realpath(path), root)


def is_regular_file(path: str | Path) -> bool:
    """A regular file, not reached through a link at its last step."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def link_problem(path: str | Path, root: str | Path) -> tuple[str, str] | None:
    """``(message, hint)`` when ``path`` is a symbolic link sitegen refuses;
    None for anything that is not a link, and for a link to another source
    file.  The message names where the link points, not what is there."""
    if not os.path.islink(path):
        return None
    try:
        target = os.readlink(path)
    except OSError:  # pragma: no cover - removed meanwhile
        target = "?"
    real = os.path.realpath(path)
    if is_source(real, root):
        return None  # (a link to a folder inside the site is not walked: see drop_folder_links)
    if os.path.isdir(real):
        return f"is a symbolic link to the folder `{target}`, outside the site's source folders; " \
               "sitegen does not read it", FOLDER_LINK_HINT
    return f"is a symbolic link to `{target}`, outside the site's source folders; sitegen does not read it", \
        LINK_HINT


def drop_folder_links(dirpath: str, dirnames: list[str], root: str | Path) -> list[tuple[str, tuple[str, str]]]:
    """For an ``os.walk`` step: take the links to folders out of ``dirnames``
    (never walked: a link inside the site would walk a folder twice, or in a
    loop) and return ``(name, (message, hint))`` for those that lead out of
    the site's sources."""
    refused = []
    for name in [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
        dirnames.remove(name)
        problem = link_problem(os.path.join(dirpath, name), root)
        if problem is not None:
            refused.append((name, problem))
    return refused


def refused(path: str | Path, root: str | Path) -> bool:
    """Whether ``path`` is a link that :func:`link_problem` refuses."""
    return os.path.islink(path) and link_problem(path, root) is not None


class RefusedFile(Exception):
    """A template or include that is a symbolic link sitegen refuses."""

    def __init__(self, name: str, message: str, hint: str):
        super().__init__(f"`{name}` {message}")
        self.name, self.message, self.hint = name, message, hint


def check_read(path: str | Path, root: str | Path, name: str) -> None:
    """Raise :class:`RefusedFile` unless ``path`` may be read (see :func:`may_read`)."""
    if not may_read(path, root):
        problem = link_problem(path, root) or (
            "is reached through a symbolic link that leaves the site's source folders; sitegen does not read it",
            LINK_HINT)
        raise RefusedFile(name, *problem)


def site_template_loader(folder: Path, root: Path):
    """A Jinja file loader for the site's ``templates/`` that opens no file a
    link brings in from outside the site's sources."""
    import jinja2

    class SiteTemplateLoader(jinja2.FileSystemLoader):
        def get_source(self, environment, template):
            pieces = jinja2.loaders.split_template_path(template)
            path = os.path.join(os.fspath(folder), *pieces)
            if os.path.lexists(path):
                check_read(path, root, "templates/" + "/".join(pieces))
            return super().get_source(environment, template)

    return SiteTemplateLoader(str(folder))
