"""Now :mod:`sitegen.serve.hosts` (re-exported for existing imports)."""

from __future__ import annotations

from ..serve.hosts import WILDCARDS, HostCheck, host_name

__all__ = ["WILDCARDS", "HostCheck", "host_name"]
