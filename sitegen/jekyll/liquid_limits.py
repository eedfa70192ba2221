"""Bounds on what a Liquid page body may compute.

python-liquid's own resource limits (class variables of its
``Environment``) bound loops, output, include depth and the variables a
template assigns; :data:`LIMITS` are sitegen's values, far above what a real
page reaches.  Two filters can grow a value faster than any of those notice,
in one call: ``times`` on whole numbers (``{% assign x = x | times: x %}`` in a
loop squares it each time) and ``replace`` (each match becomes the whole
replacement); :func:`bounded_filters` makes them refuse a result past the
bound instead of running for minutes.  :func:`explain_limit` words each
limit for an editor.
"""

from __future__ import annotations

import functools
import math
from typing import Any, Callable

from liquid.exceptions import (ContextDepthError, LocalNamespaceLimitError, LoopIterationLimitError,
                               OutputStreamLimitError, ResourceLimitError)

__all__ = ["LIMITS", "MAX_DIGITS", "MAX_TEXT", "TemplateLimitError", "bounded_filters", "explain_limit"]

LOOP_ITERATIONS = 1_000_000  # a loop's iterations, nested loops' multiplied
OUTPUT_CHARACTERS = 50_000_000
INCLUDE_DEPTH = 30
ASSIGNED_BYTES = 50_000_000  # all `assign`/`capture` values of a render (sys.getsizeof)
LIMITS = {"loop_iteration_limit": LOOP_ITERATIONS, "output_stream_limit": OUTPUT_CHARACTERS,
          "context_depth_limit": INCLUDE_DEPTH, "local_namespace_limit": ASSIGNED_BYTES}

MAX_DIGITS = 4300  # Python's own limit on printing a whole number
MAX_TEXT = 10_000_000  # characters one filter may produce
_MAX_BITS = math.ceil(MAX_DIGITS * math.log2(10))

NUMBER_HINT = (f"this template computes a number too large to print (more than {MAX_DIGITS:,} digits); "
               "compute a smaller value")
TEXT_HINT = f"this template builds a text of more than {MAX_TEXT:,} characters at once; replace by less"


class TemplateLimitError(ResourceLimitError):
    """A filter's result would pass a bound; ``hint`` says what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message, token=None)
        self.hint = hint


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _bounded_times(times: Callable) -> Callable:
    @functools.wraps(times)
    def bounded(num: Any, other: Any = None, *args: Any, **kwargs: Any) -> Any:
        if _is_int(num) and _is_int(other) and num.bit_length() + other.bit_length() > _MAX_BITS + 1:
            raise TemplateLimitError(f"`times` would make a number of more than {MAX_DIGITS:,} digits "
                                     "(template limit)", NUMBER_HINT)
        return times(num, other, *args, **kwargs)
    return bounded


def _bounded_replace(replace: Callable) -> Callable:
    @functools.wraps(replace)
    def bounded(value: Any, old: Any = "", new: Any = "", *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, str) and isinstance(new, str) and len(new) > len(old if isinstance(old, str) else ""):
            old_text = old if isinstance(old, str) else str(old)
            matches = value.count(old_text) if old_text else len(value) + 1
            if len(value) + matches * (len(new) - len(old_text)) > MAX_TEXT:
                raise TemplateLimitError(f"`replace` would make a text of more than {MAX_TEXT:,} characters "
                                         "(template limit)", TEXT_HINT)
        return replace(value, old, new, *args, **kwargs)
    return bounded


def bounded_filters(filters: dict) -> None:
    """Wrap the filters that can grow a value past the bounds in one call."""
    if "times" in filters:
        filters["times"] = _bounded_times(filters["times"])
    if "replace" in filters:
        filters["replace"] = _bounded_replace(filters["replace"])


def explain_limit(err: ResourceLimitError) -> tuple[str, str] | None:
    """(message, hint) for python-liquid's limits and ours; None for another error."""
    if isinstance(err, TemplateLimitError):
        return str(err.message), err.hint
    if isinstance(err, LoopIterationLimitError):
        return (f"a loop runs more than {LOOP_ITERATIONS:,} times (nested loops count their iterations "
                "multiplied; template limit)",
                "check the loop's bounds: `(1..n)` with a smaller n, or `limit:` on the `for`")
    if isinstance(err, OutputStreamLimitError):
        return (f"the template writes more than {OUTPUT_CHARACTERS:,} characters (template limit)",
                "a loop or a `capture` probably repeats far more often than meant: check its bounds")
    if isinstance(err, LocalNamespaceLimitError):
        return (f"the values this template assigns take more than {ASSIGNED_BYTES // 1_000_000} MB "
                "(template limit)",
                "an `assign` or `capture` in a loop probably grows a value each time: check the loop")
    if isinstance(err, ContextDepthError):
        return (f"includes nested more than {INCLUDE_DEPTH} deep: probably an include loop",
                "an include must not include itself, directly or through other includes")
    return None
