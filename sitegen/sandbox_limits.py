"""Bounds on what a sandboxed Jinja template may compute (see
:mod:`sitegen.sandbox`).

Jinja's sandbox keeps templates away from Python's internals but lets them
compute without end: ``{{ 9 ** 99999999 }}`` runs for minutes, ``{{ 'x' *
10 ** 9 }}`` takes a gigabyte.  Jinja's own hooks bound them: the operators
in ``intercepted_binops`` go through :func:`bounded_binop`, ``str.format``
through :func:`bounded_format`, ``~`` through :func:`bounded_text` (by
:class:`BoundedCodeGenerator`), the filters that multiply a text
(``replace``, ``join``, ``center``, ``indent``, ``format``) through
:func:`bounded_filters`, and a template's output is joined by
:func:`bounded_join`.  The bounds are far above what a page needs.
"""

from __future__ import annotations

import contextvars
import functools
import math
import re
from itertools import islice
from string import Formatter
from typing import Any, Callable, Iterator

from jinja2.compiler import CodeGenerator
from jinja2.sandbox import MAX_RANGE, SecurityError, safe_range

__all__ = ["INTERCEPTED_BINOPS", "MAX_DIGITS", "MAX_ITEMS", "MAX_OUTPUT", "BoundedCodeGenerator",
           "TemplateLimitError", "bounded_binop", "bounded_filters", "bounded_format", "bounded_join",
           "bounded_range", "bounded_text"]

MAX_DIGITS = 4300  # Python's own limit on printing an int (sys.get_int_max_str_digits)
MAX_ITEMS = 10_000_000  # characters of a text, items of a list, built by one operator
MAX_OUTPUT = 50_000_000  # characters one template render may produce
MAX_RANGE_ITEMS = 10_000_000  # numbers all `range()` calls of one render may count through

INTERCEPTED_BINOPS = frozenset({"**", "*", "%", "+"})
_MAX_BITS = math.ceil(MAX_DIGITS * math.log2(10))
_SEQUENCES = (str, list, tuple)
# a printf conversion's width and precision: `%-20s`, `%.3f`, `%*d`
_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d*))?")

NUMBER_HINT = (f"this template computes a number too large to print (more than {MAX_DIGITS:,} digits); "
               "compute a smaller value")
TEXT_HINT = (f"this template builds a text (or list) of more than {MAX_ITEMS:,} characters (items) at once; "
             "repeat or pad by a smaller amount")
LOOP_HINT = ("a loop over `range()` probably runs far more often than meant (nested loops count "
             "their iterations multiplied): check its bounds")
OUTPUT_HINT = (f"this template writes more than {MAX_OUTPUT:,} characters; a loop probably runs far more "
               "often than meant: check its bounds")


class TemplateLimitError(SecurityError):
    """A template went past one of the bounds; ``hint`` says what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def _too_many(what: str) -> TemplateLimitError:
    unit = "items" if "list" in what else "characters"
    return TemplateLimitError(f"{what} would be more than {MAX_ITEMS:,} {unit} long (template limit)", TEXT_HINT)


def _too_large(what: str) -> TemplateLimitError:
    return TemplateLimitError(f"{what} would be a number of more than {MAX_DIGITS:,} digits (template limit)",
                              NUMBER_HINT)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def bounded_binop(operator: str, left: Any, right: Any, perform: Callable[[Any, Any], Any]) -> Any:
    """``left <operator> right``, unless the result would pass a bound."""
    if operator == "**":
        if _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1 \
                and right * math.log10(abs(left)) > MAX_DIGITS:
            raise _too_large(f"`{left} ** {right}`")
    elif operator == "*":
        if _is_int(left) and _is_int(right):
            if left.bit_length() + right.bit_length() > _MAX_BITS + 1:
                raise _too_large("the product")
        elif isinstance(left, _SEQUENCES) and _is_int(right) and len(left) * right > MAX_ITEMS \
                or isinstance(right, _SEQUENCES) and _is_int(left) and len(right) * left > MAX_ITEMS:
            raise _too_many("the repeated text" if isinstance(left, str) or isinstance(right, str)
                            else "the repeated list")
    elif operator == "+":
        if isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES) and len(left) + len(right) > MAX_ITEMS:
            raise _too_many("the joined text" if isinstance(left, str) else "the joined list")
    elif operator == "%" and isinstance(left, str):
        _check_printf(left, right)
    return perform(left, right)


def _check_printf(template: str, args: Any) -> None:
    values = args.values() if isinstance(args, dict) else args if isinstance(args, tuple) else (args,)
    for match in _PRINTF.finditer(template):
        for part in match.groups():
            if part == "*":
                if any(_is_int(v) and abs(v) > MAX_ITEMS for v in values):
                    raise _too_many("the formatted text")
            elif part and len(part) > 7 and int(part) > MAX_ITEMS:
                raise _too_many("the formatted text")


def bounded_format(text: str, wrapper: Callable[..., str]) -> Callable[..., str]:
    """``text.format`` (Jinja's sandboxed one, ``wrapper``), refusing a width
    or precision past the bound, written or passed as ``{:{width}}``."""
    try:
        specs = [spec for _, field, spec, _ in Formatter().parse(text) if field is not None and spec]
    except ValueError:
        return wrapper  # format() itself will say what is wrong
    nested = any("{" in spec for spec in specs)
    if not any(nested or any(len(n) > 7 and int(n) > MAX_ITEMS for n in re.findall(r"\d+", s)) for s in specs):
        return wrapper

    def checked(*args: Any, **kwargs: Any) -> str:
        given = [*args, *kwargs.values()] + [v for a in args if isinstance(a, dict) for v in a.values()]
        if not nested or any(_is_int(v) and abs(v) > MAX_ITEMS for v in given):
            raise _too_many("the formatted text")
        return wrapper(*args, **kwargs)

    return checked


# what the `range()` calls of the render under way may still count through
_RANGE_BUDGET: contextvars.ContextVar[list | None] = contextvars.ContextVar("sitegen_range_budget", default=None)


def bounded_range(*args: Any) -> range:
    """Jinja's ``safe_range`` (at most ``MAX_RANGE`` numbers), and all the
    ranges of one render together at most :data:`MAX_RANGE_ITEMS`."""
    try:
        numbers = safe_range(*args)
    except OverflowError:
        raise TemplateLimitError(f"`range()` of more than {MAX_RANGE:,} numbers (template limit)", LOOP_HINT) from None
    budget = _RANGE_BUDGET.get()
    if budget is not None:
        budget[0] -= len(numbers)
        if budget[0] < 0:
            raise TemplateLimitError(f"the loops over `range()` run more than {MAX_RANGE_ITEMS:,} times "
                                     "(template limit)", LOOP_HINT)
    return numbers


def bounded_join(chunks) -> str:
    """``"".join(chunks)``, stopping once the text passes :data:`MAX_OUTPUT`;
    the render runs while its chunks are joined, with its own range budget."""
    return "".join(bounded_parts(chunks))


def bounded_parts(chunks) -> Iterator[str]:
    """:func:`bounded_join` in parts (some hundred chunks each), as the render
    makes them: for output written as it comes."""
    size = 0
    stream = iter(chunks)
    token = _RANGE_BUDGET.set([MAX_RANGE_ITEMS])
    try:
        while batch := list(islice(stream, 512)):
            part = "".join(batch)
            size += len(part)
            if size > MAX_OUTPUT:
                raise TemplateLimitError(f"the template's output passes {MAX_OUTPUT:,} characters "
                                         "(template limit)", OUTPUT_HINT)
            yield part
    finally:
        _RANGE_BUDGET.reset(token)


def bounded_text(text: Any) -> Any:
    """The result of ``~``, refused past the bound (each part is bounded
    already, so at most a few times the bound is ever built)."""
    if len(text) > MAX_ITEMS:
        raise _too_many("the joined text")
    return text


class BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with ``a ~ b`` checked by :func:`bounded_text`."""

    def visit_Concat(self, node, frame) -> None:
        self.write("environment.bounded_text(")
        super().visit_Concat(node, frame)
        self.write(")")


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple, range, dict)) else 0


def _check_replace(s: Any, old: Any = "", new: Any = "", count: Any = None, *_: Any, **__: Any) -> None:
    old, new = str(old), str(new)
    if isinstance(s, str) and len(new) > len(old):
        matches = s.count(old) if old else len(s) + 1
        if _is_int(count) and 0 <= count < matches:
            matches = count
        if len(s) + matches * (len(new) - len(old)) > MAX_ITEMS:
            raise _too_many("the replaced text")


def _check_join(value: Any, d: Any = "", *_: Any, **__: Any) -> None:
    if isinstance(d, str) and _size(value) * len(d) > MAX_ITEMS:
        raise _too_many("the joined text")


def _check_width(value: Any, width: Any = 0, *_: Any, **__: Any) -> None:
    if _is_int(width) and width > MAX_ITEMS:
        raise _too_many("the padded text")


def _check_indent(s: Any, width: Any = 4, *_: Any, **__: Any) -> None:
    size = width if _is_int(width) else len(width) if isinstance(width, str) else 0
    if isinstance(s, str) and size * (s.count("\n") + 1) > MAX_ITEMS:
        raise _too_many("the indented text")


def _check_format(value: Any, *args: Any, **kwargs: Any) -> None:
    if isinstance(value, str):
        _check_printf(value, kwargs or args)


_FILTER_CHECKS = {"replace": _check_replace, "join": _check_join, "center": _check_width,
                  "indent": _check_indent, "format": _check_format}


def bounded_filters(filters: dict) -> None:
    """Check the arguments of the filters that can multiply a text before
    they run (Jinja's markers, such as ``pass_eval_context``, are kept)."""
    for name, check in _FILTER_CHECKS.items():
        func = filters.get(name)
        if func is None:
            continue
        passes = getattr(func, "jinja_pass_arg", None) is not None

        def bounded(*args: Any, _func=func, _check=check, _passes=passes, **kwargs: Any) -> Any:
            _check(*(args[1:] if _passes else args), **kwargs)
            return _func(*args, **kwargs)

        filters[name] = functools.update_wrapper(bounded, func)
