"""Now :mod:`sitegen.serve.process` (re-exported for existing imports)."""

from __future__ import annotations

from ..serve.process import BuilderDied, BuildProcess, Delta

__all__ = ["BuilderDied", "BuildProcess", "Delta"]
