"""The incremental cache as plain data: JSON that describes values, never code.

``build --incremental`` keeps parsed pages, outputs and fingerprints between
runs.  They are written as JSON with a version stamp; reading the file back
builds nothing but plain values (strings, numbers, lists, dicts, tuples,
dates, paths, Markup, bytes) and instances of sitegen's own dataclasses and named tuples, the
latter by setting their fields directly, without calling any code named in
the file.  A dataclass is looked up only among sitegen modules that are
already imported; anything else makes the file unreadable, which costs a
build from scratch and nothing more.

The file has two lines, a header (format, version, the cache key, what it
was built with, the list of outputs) and the state, then the outputs' bytes
as they are.  The header is read first, so a cache from another sitegen
version is recognised without decoding the rest.

Values are JSON's own where they can be; the rest are one-key objects whose
key starts with NUL (no YAML or template key does; a dict whose only key
would, is written in the pair form).  An object met twice (a page kept both
as parsed and as last good, and inside its fingerprint; the FAQ signature
shared by every FAQ route; a long string) is written once and referred to by
number, in the order the objects end in the file, so loading keeps the
sharing.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as _dt
import json
import operator
import sys
from pathlib import Path, PurePath
from typing import Any

from markupsafe import Markup

from .yamlfile import LineDict, LineList

FORMAT = "sitegen-incremental-cache"
_TAG = "\0"
_REF, _OBJ, _TUPLE, _STR, _MARKUP = (_TAG + "ref", _TAG + "obj", _TAG + "tuple", _TAG + "str", _TAG + "markup")
_SHARED_LENGTH = 100  # longer strings are written once (a body can be in several fingerprints)


_NAMED_TUPLE = "named tuple"  # sitegen's NamedTuple types are made with tuple.__new__, running no code


def _is_named_tuple(kind) -> bool:
    return isinstance(kind, type) and issubclass(kind, tuple) and isinstance(getattr(kind, "_fields", None), tuple)


class Unstorable(Exception):
    """A value the cache cannot describe as plain data."""


class Unreadable(Exception):
    """The file is not a cache this sitegen can read."""


def dumps(header: dict, state: Any, blobs: dict[str, bytes]) -> bytes:
    """The file's bytes: the header line, the state line, then ``blobs``
    (the outputs: raw bytes, listed in the header with their lengths)."""
    body = _Encoder().encode(state)
    index = [[name, len(data)] for name, data in blobs.items()]
    return b"".join([
        json.dumps({"format": FORMAT, **header, "blobs": index}, ensure_ascii=False, separators=(",", ":")).encode(),
        b"\n", json.dumps(body, ensure_ascii=False, separators=(",", ":"), check_circular=False).encode(), b"\n",
        *blobs.values()])


def read_header(data: bytes) -> dict:
    """The header of a cache file (:class:`Unreadable` if it is none)."""
    first, _, _ = data.partition(b"\n")
    try:
        header = json.loads(first.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Unreadable("not a sitegen cache file") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise Unreadable("not a sitegen cache file")
    return header


def read_state(data: bytes) -> tuple[Any, dict[str, bytes]]:
    """The state and the blobs of a cache file whose header was accepted."""
    first, _, rest = data.partition(b"\n")
    line, _, tail = rest.partition(b"\n")
    decoder = _Decoder()
    try:
        index = json.loads(first)["blobs"]
        blobs, at = {}, 0
        for name, size in index:
            if type(name) is not str or type(size) is not int or size < 0 or at + size > len(tail):
                raise ValueError("the outputs are cut short")
            blobs[name] = tail[at:at + size]
            at += size
        if at != len(tail):
            raise ValueError("more bytes than the outputs listed")
        return json.loads(line.decode("utf-8"), object_hook=decoder.hook), blobs
    except (UnicodeDecodeError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        raise Unreadable(f"{type(exc).__name__}: {exc}") from None


# -- writing ------------------------------------------------------------------------

class _Encoder:
    def __init__(self) -> None:
        self.refs: dict[int, int] = {}  # id(object) -> its number
        self.pending: set[int] = set()  # being written (a cycle would meet one again)
        self.keep: list = []  # the objects numbered, alive while ids are in use
        self.classes: dict[type, tuple] = {}  # dataclass -> (its name, a getter of its fields)

    def encode(self, value: Any) -> Any:
        kind = type(value)
        if kind is str:
            return value if len(value) < _SHARED_LENGTH else self._shared(value, "str", value)
        if kind is int or kind is bool or kind is float or value is None:
            return value
        encode = self.encode
        if kind is list:
            return [encode(v) for v in value]
        if kind is dict:
            if all(type(k) is str for k in value) and not (len(value) == 1 and next(iter(value)).startswith(_TAG)):
                return {k: encode(v) for k, v in value.items()}
            return {_TAG + "dict": [[encode(k), encode(v)] for k, v in value.items()]}
        number = self.refs.get(id(value))
        if number is not None:
            return {_TAG + "ref": number}
        if kind is tuple:
            return self._shared(value, "tuple", self._items(value))
        if kind is Markup:
            return self._shared(value, "markup", str(value))
        known = self.classes.get(kind)
        if known is None and dataclasses.is_dataclass(value) and kind.__module__.startswith("sitegen."):
            names = [f.name for f in dataclasses.fields(kind)]
            getter = operator.attrgetter(*names) if len(names) > 1 else (lambda v, n=names[0]: (getattr(v, n),))
            known = self.classes[kind] = (f"{kind.__module__}:{kind.__qualname__}", getter)
        elif known is None and _is_named_tuple(kind) and kind.__module__.startswith("sitegen."):
            known = self.classes[kind] = (f"{kind.__module__}:{kind.__qualname__}", tuple)
        if known is not None:
            return self._shared(value, "obj", [known[0], self._items(known[1](value))])
        return self._other(value, kind)

    def _items(self, values) -> list:
        key = id(values)
        if key in self.pending:
            raise Unstorable(f"a {type(values).__qualname__} that contains itself")
        self.pending.add(key)
        encode = self.encode
        items = [encode(v) for v in values]
        self.pending.discard(key)
        return items

    def _shared(self, value: Any, tag: str, encoded: Any) -> dict:
        """``{tag: encoded}``, numbered where it ends, as the reader meets it;
        the next time ``value`` is met it is written as a reference."""
        self.refs[id(value)] = len(self.refs)
        self.keep.append(value)
        return {_TAG + tag: encoded}

    def _other(self, value: Any, kind: type) -> Any:
        encode = self.encode
        if kind is bytes:
            try:
                return {_TAG + "text": value.decode("utf-8")}
            except UnicodeDecodeError:
                return {_TAG + "bytes": base64.b64encode(value).decode("ascii")}
        if kind is LineDict:
            return {_TAG + "linedict": [value.line, encode(getattr(value, "key_lines", {})),
                                        [[encode(k), encode(v)] for k, v in value.items()]]}
        if kind is LineList:
            return {_TAG + "linelist": [value.line, encode(getattr(value, "item_lines", [])),
                                        [encode(v) for v in value]]}
        if isinstance(value, PurePath):
            return {_TAG + "path": str(value)}
        if kind is _dt.datetime:
            return {_TAG + "datetime": value.isoformat()}
        if kind is _dt.date:
            return {_TAG + "date": value.isoformat()}
        if kind is _dt.time:
            return {_TAG + "time": value.isoformat()}
        if kind is frozenset or kind is set:
            return {_TAG + kind.__name__: [encode(v) for v in value]}
        raise Unstorable(f"a value of type {kind.__module__}.{kind.__qualname__}")


# -- reading ------------------------------------------------------------------------

def _line_dict(args: list) -> LineDict:
    line, key_lines, pairs = args
    result = LineDict(pairs)
    result.line, result.key_lines = line, key_lines
    return result


def _line_list(args: list) -> LineList:
    line, item_lines, items = args
    result = LineList(items)
    result.line, result.item_lines = line, item_lines
    return result


def _bytes(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


_PLAIN = {
    _TAG + "dict": dict,
    _TAG + "text": lambda text: text.encode("utf-8"),
    _TAG + "bytes": _bytes,
    _TAG + "linedict": _line_dict,
    _TAG + "linelist": _line_list,
    _TAG + "path": Path,
    _TAG + "datetime": _dt.datetime.fromisoformat,
    _TAG + "date": _dt.date.fromisoformat,
    _TAG + "time": _dt.time.fromisoformat,
    _TAG + "frozenset": frozenset,
    _TAG + "set": set,
}


class _Decoder:
    def __init__(self) -> None:
        self.objects: list = []
        self.classes: dict[str, tuple[type, tuple[str, ...], bool]] = {}

    def hook(self, value: dict) -> Any:
        if len(value) != 1:
            return value
        for key in value:
            break
        if key[:1] != _TAG:
            return value
        args = value[key]
        if key == _REF:
            return self.objects[args]
        if key == _OBJ:
            name, fields = args
            kind, names, slots = self.classes.get(name) or self._class(name)
            if len(fields) != len(names):
                raise ValueError(f"{name} has {len(names)} fields, the cache {len(fields)}")
            if slots == _NAMED_TUPLE:
                obj = tuple.__new__(kind, fields)
                self.objects.append(obj)
                return obj
            obj = object.__new__(kind)
            if slots:
                for field_name, field_value in zip(names, fields):
                    object.__setattr__(obj, field_name, field_value)
            else:
                obj.__dict__.update(zip(names, fields))
        elif key == _TUPLE:
            obj = tuple(args)
        elif key == _STR:
            if type(args) is not str:
                raise ValueError("a shared string that is not a string")
            obj = args
        elif key == _MARKUP:
            obj = Markup(args)
        else:
            make = _PLAIN.get(key)
            if make is None:
                raise ValueError(f"unknown value kind {key[1:]!r}")
            return make(args)
        self.objects.append(obj)
        return obj

    def _class(self, name: str) -> tuple[type, tuple[str, ...], bool]:
        known = self.classes.get(name)
        if known is not None:
            return known
        module_name, _, qualname = name.partition(":")
        module = sys.modules.get(module_name) if module_name.startswith("sitegen.") else None
        kind: Any = module
        for part in qualname.split("."):
            kind = getattr(kind, part, None)
        if module is not None and _is_named_tuple(kind) and kind.__module__ == module_name:
            known = self.classes[name] = (kind, tuple(kind._fields), _NAMED_TUPLE)
            return known
        if module is None or not isinstance(kind, type) or not dataclasses.is_dataclass(kind) \
                or kind.__module__ != module_name:
            raise ValueError(f"{name} is not one of sitegen's value types")
        known = self.classes[name] = (kind, tuple(f.name for f in dataclasses.fields(kind)),
                                      kind.__dictoffset__ == 0)  # instances without __dict__: slots
        return known
