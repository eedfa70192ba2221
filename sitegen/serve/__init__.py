"""``sitegen serve`` and ``sitegen build --incremental``.

The preview server: :mod:`.server` (:class:`DevServer`, :func:`serve`: the
threads, rebuild scheduling, snapshots), :mod:`.http` (the request handler),
:mod:`.pages` (what is served: snapshots, paths, error pages, the reload
script), :mod:`.watch` (the file watcher), :mod:`.hosts` (the Host check),
:mod:`.process` (the build process the rebuilds run in).

The incremental engine both use: :mod:`.engine` (:class:`IncrementalBuilder`),
:mod:`.views` (route fingerprints), :mod:`.patch` (a saved page patched in, the routes that read it),
:mod:`.hashing` (input hashes), :mod:`.cache` (the JSON cache between runs)
and :mod:`.manifest` (a no-op ``build --incremental`` answered from a small
file, without loading the cache or the renderer).

Names are imported lazily, so that ``sitegen.serve.manifest`` loads nothing
else.
"""

from __future__ import annotations

import importlib

_NAMES = {
    "DevServer": "server", "ListenError": "server", "serve": "server", "DEBOUNCE": "server",
    "MAX_DELAY": "server",
    "Forbidden": "pages", "Snapshot": "pages", "request_rel": "pages", "safe_file": "pages",
    "content_type": "pages", "error_page": "pages", "inject": "pages", "reload_script": "pages",
    "EVENTS_PATH": "pages", "STATUS_PATH": "pages", "HTML_SUFFIXES": "pages",
    "IncrementalBuilder": "engine", "RebuildReport": "engine", "build_incremental": "engine",
    "CACHE_DIR": "layout", "WATCHED": "hashing",
}

__all__ = sorted(_NAMES)


def __getattr__(name: str):
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
