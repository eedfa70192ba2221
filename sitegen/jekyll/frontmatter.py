"""Front matter as Jekyll reads it, for ``compat: jekyll`` sites, and
``defaults:`` per folder for every site.

Jekyll publishes a file without front matter as it is (a static file), builds
a page whose front matter is never closed with the whole file as its body,
and builds a page without a title; a ``redirect_to`` stub has no title at
all.  ``slug`` never moves a Jekyll page, and ``permalink`` is a site-absolute
path (``/en/oc/`` on an English page is that page's own URL).
"""

from __future__ import annotations

import re

from ..errors import Diagnostic, suggest, warning
from ..matter import FrontMatter
from ..yamlfile import LineDict
from . import is_compat

_FIRST_LINE = re.compile(r"\A\ufeff?---[ \t]*\n")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$|^<h[1-6][^>]*>(.*?)</h[1-6]>", re.M)
_TAGS = re.compile(r"<[^>]+>|\{[:#][^}]*\}")


def has_front_matter(text: str) -> bool:
    """Jekyll's test: the file starts with a ``---`` line."""
    return bool(_FIRST_LINE.match(text))


def is_static_page_file(config, path) -> bool:
    """With ``compat: jekyll``, a ``.md``/``.html`` file without front matter
    is published as it is, as Jekyll does."""
    if not is_compat(config):
        return False
    try:
        with open(path, "rb") as handle:
            start = handle.read(64)
    except OSError:
        return False  # the parse step reports it
    return not has_front_matter(start.decode("utf-8", "replace"))


def unclosed_front_matter(config, text: str) -> bool:
    """A ``compat: jekyll`` page whose front matter has no closing ``---`` at the
    start of a line: Jekyll builds it with the whole file as its body."""
    return is_compat(config) and has_front_matter(text)


def with_defaults(config, source, front: dict) -> dict:
    """``defaults:`` of site.yml under the page's own front matter."""
    defaults = [d for d in config.jekyll.defaults if d.applies(source.lang, source.rel)]
    if not defaults:
        return front
    merged: dict = {}
    for entry in sorted(defaults, key=lambda d: len(d.path)):  # the more specific path wins
        merged.update(entry.values)
    merged.update(front)
    return merged


def url_front(config, source, front: dict) -> dict:
    """The front matter the URL rules see: with ``compat: jekyll``, no ``slug``,
    and a ``permalink`` written with the page's language prefix
    (``/en/oc/``) made relative to that language."""
    if not is_compat(config):
        return front
    result = {k: v for k, v in front.items() if k != "slug"}
    permalink = result.get("permalink")
    prefix = config.language(source.lang).prefix
    if prefix and isinstance(permalink, str):
        text = "/" + permalink.strip().lstrip("/")
        if text == prefix or text.startswith(prefix + "/"):
            result["permalink"] = text[len(prefix):] or "/"
    return result


def fallback_title(body: str, site_title: str) -> str:
    """A title for a page that has none: its first heading, else the site's title."""
    match = _HEADING.search(body)
    if match:
        text = _TAGS.sub("", match.group(1) or match.group(2) or "").strip()
        if text:
            return text
    return site_title


def whole_file(path: str, text: str) -> tuple[FrontMatter, Diagnostic]:
    """Front matter that never closes: no front matter, the whole file is the body (as in Jekyll)."""
    empty = LineDict()
    empty.line, empty.key_lines = 1, {}
    return FrontMatter(empty, text, 0, False), warning(
        path, 1, "the front matter has no closing `---` line at the start of a line: "
                 "the whole file is the page's body, as in Jekyll",
        hint="end the front matter with a line `---` (no spaces before it)", rule="yaml")


def missing_title(config, source, front: dict, body: str, line: int) -> tuple[str, Diagnostic | None]:
    """A page without a title is built, as in Jekyll, with a warning; a
    ``redirect_to`` stub needs none (nobody sees it)."""
    title = fallback_title(body, config.title_for(source.lang))
    if front.get("redirect_to"):
        return title, None
    hint = "add `title: ...` to the front matter"
    for key in front:
        if isinstance(key, str) and key != "title" and (key.lower() == "title" or suggest(key, ["title"])):
            hint += f" (`{key}:` looks like a misspelt `title:`)"
            break
    return title, warning(source.display, line if "title" in front else 1,
                          f"the page has no `title`: shown as “{title}”", hint=hint, rule="empty-title")


def published_files(config, files: list) -> list:
    """With ``compat: jekyll``, page files without front matter become static
    files (published as they are), as in Jekyll."""
    if not is_compat(config):
        return files
    import dataclasses

    from ..discover import PAGE, STATIC

    return [dataclasses.replace(f, kind=STATIC) if f.kind == PAGE and is_static_page_file(config, f.path) else f
            for f in files]
