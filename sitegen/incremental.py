"""The incremental engine, now :mod:`sitegen.serve.engine` (names kept here
for the code that imports them from this module)."""

from __future__ import annotations

from .serve.cache import CACHE_FORMAT
from .serve.layout import CACHE_DIR, CACHE_FILE, OLD_CACHE_FILES
from .serve.engine import STATUS_LAYOUT, IncrementalBuilder, RebuildReport, build_incremental
from .serve.hashing import WATCHED, include_dependencies
from .serve.views import link_signature

__all__ = ["CACHE_DIR", "CACHE_FILE", "CACHE_FORMAT", "OLD_CACHE_FILES", "STATUS_LAYOUT", "WATCHED",
           "IncrementalBuilder", "RebuildReport", "build_incremental", "include_dependencies", "link_signature"]
