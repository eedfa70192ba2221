"""Outputs in one another's place: a static file or asset published where
sitegen writes a page or a file of its own, where another file is, or where
a folder of other outputs goes.  Found before anything is written, named by
the source file (the write stage would only fail on the output folder)."""

from __future__ import annotations

from pathlib import Path

from .config import Config
from .errors import Diagnostic, error
from .routes import PAGE as PAGE_ROUTE
from .site import Site


def output_conflicts(site: Site, files: dict[str, bytes],
                     copies: list[tuple[str, Path]]) -> tuple[list[Diagnostic], list[tuple[str, Path]]]:
    """A static file or asset published where sitegen writes something else
    (``content/ja/sitemap.xml``, ``content/en/404.html/``…), or where another
    one is: an error naming the source file (the output folder would only
    fail to be written).  Also a file where a folder of outputs must go
    (a file ``content/ja/faq`` beside the pages under /faq/).  Returns the
    errors and the copies that can be written (``build --keep-going`` writes those)."""
    config = site.config
    owners: dict[str, str] = {}
    for route in site.routes.values():
        page = route.page
        owners[route.output_path] = (f"the page {page.source.display} is built there"
                                     if page is not None and route.kind == PAGE_ROUTE
                                     else f"sitegen generates the page {route.url} there")
    for name in files:
        owners.setdefault(name, f"sitegen writes its own {name} there")
    problems = []
    kept = []
    seen: dict[str, Path] = {}
    folders = {parent for name in list(files) + [c[0] for c in copies] for parent in _parents(name)}
    # of a content file and an asset at one output, the content file is the one reported
    content = config.content_dir
    for output, source in sorted(copies, key=lambda c: (c[0], Path(c[1]).is_relative_to(content))):
        shown = _source_display(config, source)
        if output in owners:
            other = owners[output]
        elif output in seen:
            other = f"`{_source_display(config, seen[output])}` is published there"
        elif output in folders:
            other = f"a folder of other outputs (such as pages under /{output}/) goes there"
        else:
            seen[output] = source
            kept.append((output, source))
            continue
        problems.append(error(shown, None, f"`{shown}` cannot be published as /{output}: {other}",
                              hint="rename or move the file (or delete it, if sitegen writes that file for you)",
                              rule="duplicate-url"))
    return problems, kept


def _parents(name: str):
    parts = name.split("/")[:-1]
    return ("/".join(parts[: i + 1]) for i in range(len(parts)))


def _source_display(config: Config, source: Path) -> str:
    from .assets import THEME_ASSETS

    for base, prefix in ((config.root, ""), (THEME_ASSETS, "sitegen/theme/assets/")):
        try:
            return prefix + Path(source).relative_to(base).as_posix()
        except ValueError:
            continue
    return Path(source).as_posix()
