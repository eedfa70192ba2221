"""Jekyll's URL rules, for ``compat: jekyll`` sites.

* ``redirect_from`` entries are site-absolute paths, as jekyll-redirect-from
  reads them: ``/en/zoom/zoom_signin`` on an English page is that URL, not
  ``/en/en/zoom/zoom_signin``.  (Native sites: a path inside the page's language.)
* Every URL the Jekyll build served still answers on a static host: Jekyll
  wrote ``x.md`` as ``/x.html``, which hosts also serve as ``/x``; sitegen
  writes the page at ``/x/`` and a redirect page at ``/x.html`` (so ``/x``
  answers too), and the same for every ``redirect_from`` entry.

Plain values in, plain values out: ``site.py`` turns them into routes.
"""

from __future__ import annotations

import posixpath

from ..links.urlpath import normalize_path
from . import is_compat


def redirect_from_url(config, lang: str, old: str) -> str:
    """The URL a ``redirect_from`` entry claims."""
    path = "/" + str(old).strip().lstrip("/")
    if not (path.endswith("/") or posixpath.splitext(path)[1]):
        path += "/"
    path = normalize_path(path)
    if is_compat(config):
        return path
    return config.language(lang).prefix + path


def html_aliases(config, pages, routes: dict) -> list[tuple[str, object]]:
    """(``/x.html``, the route now at ``/x/``) for every URL Jekyll wrote as
    ``x.html``: pages from ``x.md`` (not ``x/index.md``, which Jekyll served
    at ``/x/``) without a ``permalink``, and ``redirect_from`` entries written
    without a trailing slash or extension."""
    if not is_compat(config):
        return []
    aliases = []
    for page in pages:
        url = config.language(page.lang).prefix + page.path
        name = posixpath.basename(page.source.stem_path)
        if name != "index" and not page.front.get("permalink") and url.endswith("/") and url in routes:
            aliases.append((url[:-1] + ".html", routes[url]))
        olds = page.front.get("redirect_from") or []
        for old in [olds] if isinstance(olds, str) else olds:
            text = str(old).strip()
            if text.endswith("/") or posixpath.splitext(text)[1]:
                continue
            url = redirect_from_url(config, page.lang, text)
            if url in routes:
                aliases.append((url[:-1] + ".html", routes[url]))
    return aliases
