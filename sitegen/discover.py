"""Walk ``content/<lang>/`` and list :class:`SourceFile` values in a stable order."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .errors import BuildError, error
from .sitepaths import drop_folder_links, is_regular_file, link_problem

PAGE_SUFFIXES = (".md", ".markdown", ".html", ".htm")

PAGE = "page"
STATIC = "static"
PARTIAL = "partial"


@dataclass(frozen=True, order=True)
class SourceFile:
    lang: str
    rel: str  # path inside content/<lang>/, POSIX separators: "zoom/account.md"
    path: Path  # absolute path on disk
    kind: str  # "page", "static" or "partial"

    @property
    def display(self) -> str:
        """The path an editor recognises: ``content/ja/zoom/account.md``."""
        return f"content/{self.lang}/{self.rel}"

    @property
    def stem_path(self) -> str:
        """``zoom/account`` for ``zoom/account.md``: the language-neutral page key."""
        rel = self.rel
        for suffix in PAGE_SUFFIXES:
            if rel.endswith(suffix):
                return rel[: -len(suffix)]
        return rel


def is_ignored(name: str) -> bool:
    """Hidden files and editor leftovers are never content."""
    return (
        name.startswith(".")
        or name.endswith("~")
        or name.endswith((".swp", ".swx", ".tmp", ".bak"))
        or (name.startswith("#") and name.endswith("#"))
        or name in ("Thumbs.db", "desktop.ini")
    )


def is_utf8_name(name: str) -> bool:
    """False for a file name whose bytes are not UTF-8 (Python keeps them as
    surrogate escapes): it cannot become a URL or be written in a page."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def not_utf8_name(display: str):
    """The error about a file or folder whose name is not UTF-8 (its bad bytes shown as ``\\xff``)."""
    return error(display, None, "the file name is not UTF-8 text (its odd bytes are shown as \\xNN)",
                 hint="rename it with UTF-8 characters (sitegen publishes file names as URLs); "
                      "`convmv -f shift_jis -t utf8 --notest FILE` converts a Japanese name written in Shift JIS",
                 rule="discover")


def classify(rel: str) -> str:
    parts = rel.split("/")
    if any(part.startswith("_") for part in parts):
        return PARTIAL
    if rel.lower().endswith(PAGE_SUFFIXES):
        return PAGE
    return STATIC


def discover(config: Config) -> list[SourceFile]:
    content = config.content_dir
    refused = link_problem(content, config.root)
    if refused is not None:
        raise BuildError([error("content", None, f"`content` {refused[0]}", hint=refused[1], rule="symlink")])
    if not content.is_dir():
        raise BuildError([error("content", None, "the site has no `content/` folder",
                                hint=f"create content/{config.default_language}/index.md, or pass --source DIR")])
    problems = []
    for entry in sorted(os.listdir(content)):
        full = content / entry
        if is_ignored(entry):
            continue
        if entry not in config.language_codes:
            what = "folder" if full.is_dir() else "file"
            problems.append(error(f"content/{entry}", None,
                                  f"{what} `content/{entry}` is not inside a language folder",
                                  hint=f"move it under content/{config.default_language}/ "
                                       f"(languages: {', '.join(config.language_codes)})",
                                  rule="discover"))
    if problems:
        raise BuildError(problems)

    files: list[SourceFile] = []
    for lang in config.language_codes:
        base = content / lang
        refused = link_problem(base, config.root)
        if refused is not None:
            problems.append(error(f"content/{lang}", None, f"`content/{lang}` {refused[0]}", hint=refused[1],
                                  rule="symlink"))
            continue
        if base.exists() and not base.is_dir():
            problems.append(error(f"content/{lang}", None, f"`content/{lang}` is a file, not a folder",
                                  hint=f"pages in {lang} go in the folder content/{lang}/", rule="discover"))
            continue
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
            for name in [d for d in dirnames if not is_utf8_name(d)] + [f for f in filenames if not is_utf8_name(f)]:
                problems.append(not_utf8_name(f"content/{lang}/{(Path(dirpath) / name).relative_to(base).as_posix()}"))
            dirnames[:] = sorted(d for d in dirnames if not is_ignored(d) and is_utf8_name(d))
            for name, refused in drop_folder_links(dirpath, dirnames, config.root):
                rel = (Path(dirpath) / name).relative_to(base).as_posix()
                problems.append(error(f"content/{lang}/{rel}", None, f"`content/{lang}/{rel}` {refused[0]}",
                                      hint=refused[1], rule="symlink"))
            for name in sorted(filenames):
                if is_ignored(name) or not is_utf8_name(name):
                    continue
                path = Path(dirpath) / name
                rel = path.relative_to(base).as_posix()
                if is_regular_file(path):  # no link: one lstat, no more
                    files.append(SourceFile(lang, rel, path, classify(rel)))
                    continue
                refused = link_problem(path, config.root)
                if refused is not None:
                    problems.append(error(f"content/{lang}/{rel}", None, f"`content/{lang}/{rel}` {refused[0]}",
                                          hint=refused[1], rule="symlink"))
                    continue
                if not path.is_file():  # a broken symbolic link, a socket, ...
                    what = "a symbolic link to a missing file" if path.is_symlink() else "not a regular file"
                    problems.append(error(f"content/{lang}/{rel}", None, f"`content/{lang}/{rel}` is {what}",
                                          hint="fix or delete it", rule="discover"))
                    continue
                files.append(SourceFile(lang, rel, path, classify(rel)))
    if problems:
        raise BuildError(problems)
    order = {code: i for i, code in enumerate(config.language_codes)}
    files.sort(key=lambda f: (order[f.lang], f.rel))
    return files
