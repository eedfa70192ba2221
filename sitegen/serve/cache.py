"""The incremental engine's state between runs of ``build --incremental``,
in ``<source>/.sitegen-cache/``: plain JSON with a version stamp
(:mod:`sitegen.cachefile`), reused only by the same sitegen code, source
folder and options; anything unreadable is a note and a build from scratch."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from .. import cachefile
from ..errors import display_path
from .hashing import code_hash
from .layout import CACHE_FILE, OLD_CACHE_FILES, replace_file

if TYPE_CHECKING:
    from .engine import RebuildReport

CACHE_FORMAT = 3


class CacheMixin:
    """Loading and saving :class:`~sitegen.serve.engine.IncrementalBuilder`'s state."""

    def _cache_key(self) -> str:
        """What a cache must match to be reused at all: its format, sitegen's
        code and the build options.  Inputs (site.yml, templates, data, ...)
        are not part of it: the engine compares them group by group."""
        h = hashlib.sha256()
        h.update(f"{CACHE_FORMAT}|{code_hash()}|{self._settings()}".encode())
        return h.hexdigest()

    def _load_cache(self) -> None:
        if self.cache_dir is None:
            return
        self._key = self._cache_key()
        for name in OLD_CACHE_FILES:
            old = self.cache_dir / name
            if old.is_file() or old.is_symlink():
                self.notes.append(f"the cache {display_path(old, self.root)} is in a format this sitegen never "
                                  "reads (it could run code); removed, and the site rebuilt from scratch")
                try:
                    old.unlink()
                except OSError:
                    pass
        path = self.cache_dir / CACHE_FILE
        shown = display_path(path, self.root)
        try:
            if path.is_symlink():
                raise cachefile.Unreadable("a symbolic link")
            with open(path, "rb") as handle:
                data = handle.read()
            header = cachefile.read_header(data)
        except FileNotFoundError:
            return
        except (OSError, cachefile.Unreadable) as exc:  # truncated, not a cache, a folder ...
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            self.notes.append(f"the cache {shown} is unreadable ({reason}); rebuilt from scratch")
            return
        if header.get("version") != CACHE_FORMAT:
            self.notes.append(f"the cache {shown} was written by another sitegen version; rebuilt from scratch")
            return
        if header.get("key") != self._key:
            self.notes.append(f"the cache was not reused ({self._outdated(header)}); rebuilt from scratch")
            return
        try:
            state, outputs = cachefile.read_state(data)
            state["outputs"] = outputs
            loaded = {name: state[name] for name in ("parsed", "good", "outputs", "route_outputs", "fingerprints",
                                                     "route_problems", "data_views", "status_json", "deps")}
        except cachefile.Unreadable as exc:
            self.notes.append(f"the cache {shown} is unreadable ({exc}); rebuilt from scratch")
            return
        except (KeyError, TypeError):
            self.notes.append(f"the cache {shown} is incomplete; rebuilt from scratch")
            return
        for name, value in loaded.items():
            setattr(self, name, value)
        # parsed entries are trusted only for unchanged content: the digests are compared as usual;
        # the input groups that changed since (site.yml, data, strings, templates, partials,
        # assets) re-parse or re-render everything, exactly as in ``serve``
        copy_keys = state.get("copy_keys")
        if isinstance(copy_keys, dict):
            self._copy_keys = copy_keys  # the static files and assets the cached output has
        self.keys = dict(state.get("keys") or {})
        self.asset_map = state.get("asset_map")
        self._reused = (dict(self.keys), self.asset_map)

    @property
    def reused_cache(self) -> bool:
        """Whether this run started from the state a cache file held."""
        return self._reused is not None

    def _outdated(self, state: dict) -> str:
        """Why a cache does not match, as an editor reads it."""
        if state.get("code") != code_hash():
            return "sitegen changed since the last build"
        return "built with other --base-url or --drafts options, or another source folder"

    def _settings(self) -> str:
        return f"{self.root}|{self.options.drafts}|{self.options.base_url}"

    def save_cache(self, report: RebuildReport | None = None) -> None:
        """Persist the state (only after a clean build; not when ``report``
        says the rebuild from the cache it read changed nothing)."""
        if self.cache_dir is None or self.errors or self.site is None:
            return
        if (report is not None and self._reused == (self.keys, self.asset_map) and not report.reparsed
                and not report.rendered and not report.changed and not report.removed
                and not report.copies_changed):
            return
        header = {"version": CACHE_FORMAT, "key": self._cache_key(), "code": code_hash(),
                  "settings": self._settings()}
        state = {
            "keys": dict(self.keys), "asset_map": dict(self.asset_map or {}), "deps": self.deps,
            "parsed": {s: v for s, v in self.parsed.items() if v[1].page is not None},
            "good": self.good, "route_outputs": self.route_outputs,
            "fingerprints": self.fingerprints, "route_problems": self.route_problems,
            "data_views": self.data_views, "status_json": self.status_json,
            "copy_keys": getattr(self, "_copy_keys", None),
        }
        try:
            data = cachefile.dumps(header, state, self.outputs)
        except (cachefile.Unstorable, RecursionError) as exc:
            self.notes.append(f"could not save the cache ({exc} cannot be stored); the next build starts "
                              "from scratch")
            return
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            readme = self.cache_dir / "README"
            if not readme.exists():
                readme.write_text("sitegen build --incremental keeps its state here; safe to delete.\n",
                                  encoding="utf-8")
            replace_file(self.cache_dir / CACHE_FILE, data)
        except OSError as exc:  # the site is written; only the next build is slower
            self.notes.append(f"could not save the cache in {display_path(self.cache_dir, self.root)}: "
                              f"{exc.strerror or exc}; the next build starts from scratch")

