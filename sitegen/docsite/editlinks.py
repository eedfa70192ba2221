""""Edit this page": ``edit_base`` (``repo_url`` + ``edit_uri``) plus the
source's path from the site folder, ``content/ja/zoom/account.md``
(percent-encoded, so Japanese file names work).  A fallback page shows
another language's source: the link leads to that original, and the theme
labels it so.  When the site is a sub-folder of the repository, ``edit_uri``
includes that folder (``edit/main/docs/``)."""

from __future__ import annotations

from urllib.parse import quote

from .options import ThemeOptions


def edit_url(options: ThemeOptions, display_path: str | None) -> str | None:
    if not options.edit_base or not display_path:
        return None
    return options.edit_base + quote(display_path, safe="/")
