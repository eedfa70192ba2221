"""The Jinja sandbox every site template runs in: page bodies, their
includes, layouts and the theme.

An editor's page is not code.  Templates see the values sitegen gives them
(the page, the site, data, UI strings) and may call their public methods and
the filters; Jinja's :class:`~jinja2.sandbox.SandboxedEnvironment` refuses
attributes that start with ``_`` and the internals of functions, frames and
generators, so ``{{ ''.__class__.__mro__ }}`` reaches no Python object.

Jinja's sandbox answers an unsafe attribute with an undefined value, which a
lenient layout would print as nothing; here it is an error at once, at the
template's line, whatever the template's undefined policy.

Templates are bounded too (:mod:`sitegen.sandbox_limits`): ``**`` and ``*``
that would build a number too large to print or a text or list of more than
ten million items, ``~``, ``%``, ``str.format`` and the filters ``replace``,
``join``, ``center``, ``indent`` and ``format`` that would, and a render
whose output passes fifty million characters are an error
(:class:`TemplateLimitError`) instead of minutes of CPU and gigabytes of
memory.  ``range()`` is Jinja's own, capped at ``MAX_RANGE`` numbers, and
the ranges of one render together at ten million (nested loops).
"""

from __future__ import annotations

import types
from typing import Any

from jinja2.sandbox import SandboxedEnvironment, SecurityError

from .sandbox_limits import (INTERCEPTED_BINOPS, BoundedCodeGenerator, TemplateLimitError, bounded_binop,
                             bounded_filters, bounded_format, bounded_join, bounded_range, bounded_text)

__all__ = ["SecurityError", "TemplateLimitError", "TemplateSandbox", "SANDBOX_HINT"]

SANDBOX_HINT = ("templates read the values sitegen gives them (`page`, `site`, `data`, ...) and their public "
                "attributes; names starting with `_` are not reachable")


# Jinja's is_internal_attribute looks deeper only into these; for any other
# object an attribute is unsafe exactly when it starts with an underscore
_INTERNAL_TYPES = (types.FunctionType, types.MethodType, type, types.CodeType, types.TracebackType,
                   types.FrameType, types.GeneratorType, types.CoroutineType, types.AsyncGeneratorType)
_METHODS = (types.MethodType, types.BuiltinMethodType)
_METHOD_TYPES = frozenset(_METHODS)


class TemplateSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with its checks answered once per type.

    The layouts read some hundred attributes per page; Jinja's own check runs
    a chain of ``isinstance`` tests on each (about a sixth of a build's
    render time).  The answer depends only on the object's type and on
    whether the name starts with ``_``, so the type's part is remembered.
    The decisions are Jinja's, unchanged (the tests compare them).
    """

    intercepted_binops = INTERCEPTED_BINOPS
    concat = staticmethod(bounded_join)  # what Template.render joins its output with
    code_generator_class = BoundedCodeGenerator  # `a ~ b` calls bounded_text
    bounded_text = staticmethod(bounded_text)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ordinary: dict[type, bool] = {}
        bounded_filters(self.filters)
        self.globals["range"] = bounded_range

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        return bounded_binop(operator, left, right, self.binop_table[operator])

    def wrap_str_format(self, value: Any):
        wrapper = super().wrap_str_format(value)
        return None if wrapper is None else bounded_format(value.__self__, wrapper)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not isinstance(attr, str) or attr[:1] == "_":
            return super().is_safe_attribute(obj, attr, value)
        kind = type(obj)
        ordinary = self._ordinary.get(kind)
        if ordinary is None:
            ordinary = self._ordinary[kind] = not issubclass(kind, _INTERNAL_TYPES)
        if ordinary and obj.__class__ is kind:
            return True
        return super().is_safe_attribute(obj, attr, value)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Jinja's :meth:`SandboxedEnvironment.getattr`, asking about
        ``str.format`` only for methods."""
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                pass
        else:
            kind = type(obj)
            if (attribute[:1] != "_" and self._ordinary.get(kind) and type(value) not in _METHOD_TYPES
                    and obj.__class__ is kind):
                return value  # the common case: a field of a view, a key of a dict
            if isinstance(value, _METHODS):
                fmt = self.wrap_str_format(value)
                if fmt is not None:
                    return fmt
            if self.is_safe_attribute(obj, attribute, value):
                return value
            return self.unsafe_undefined(obj, attribute)
        return self.undefined(obj=obj, name=attribute)

    def unsafe_undefined(self, obj: Any, attribute: str):
        raise SecurityError(f"`{attribute}` of a {_kind(obj)} is not available to templates (sandbox)")


def _kind(obj: Any) -> str:
    if isinstance(obj, type):
        return "class"
    if isinstance(obj, (types.FunctionType, types.BuiltinFunctionType)):
        return "function"
    if isinstance(obj, types.MethodType):
        return "method"
    kind = type(obj)
    return f"{kind.__name__} value" if kind.__module__ == "builtins" else f"`{kind.__name__}` value"
