"""YAML with line numbers, and Jekyll-style front matter.

PyYAML's safe loader is extended so that every mapping it builds is a
:class:`LineDict` that remembers the 1-based file line of each key, and every
list a :class:`LineList` that remembers the line of each item.  Validation
errors can then point at the exact line of the offending key.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .yamlwords import explain


class LineDict(dict):
    """A dict that knows the file line of itself and of each key."""

    line: int = 0
    key_lines: dict

    def line_of(self, key, default: int | None = None) -> int | None:
        return self.key_lines.get(key, default if default is not None else self.line)


class LineList(list):
    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        try:
            return self.item_lines[index]
        except (IndexError, AttributeError):
            return self.line


# What the aliases of one YAML document may expand to, in values (a scalar,
# a list or a mapping each count one).  A "billion laughs" file of a few
# hundred bytes nests aliases of aliases until the values number in the
# billions; real files use an anchor for a few shared settings.
MAX_ALIAS_VALUES = 100_000

MAX_DEPTH = 100  # lists and mappings inside each other; deeper is an error at the line where it happens


class _Loader(yaml.SafeLoader):
    line_base = 0  # added to PyYAML's 0-based marks to give file lines
    depth = 0

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self._alias_values = 0  # values reached through aliases so far
        self._sizes: dict[int, int] = {}  # id(node) -> values in it, aliases expanded
        self._open: set[str] = set()  # anchors whose value is being read

    def compose_node(self, parent, index):
        # PyYAML composes and constructs recursively: without a bound a document
        # nested a few hundred deep ends in a RecursionError
        if self.check_event(yaml.SequenceStartEvent, yaml.MappingStartEvent):
            if self.depth >= MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"lists or mappings nested more than {MAX_DEPTH} deep; write the data flatter",
                    self.peek_event().start_mark)
            self.depth += 1
            try:
                return self._compose_counted(parent, index)
            finally:
                self.depth -= 1
        return self._compose_counted(parent, index)

    def _compose_counted(self, parent, index):
        """PyYAML's, counting what each alias expands to: past
        :data:`MAX_ALIAS_VALUES`, or an alias inside its own anchor's value,
        is an error at the alias."""
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            node = self.anchors.get(event.anchor)
            if event.anchor in self._open:
                raise yaml.composer.ComposerError(
                    None, None, f"the alias `*{event.anchor}` is inside the value of its own anchor "
                                f"`&{event.anchor}` (a loop); write the value out", event.start_mark)
            if node is not None:
                self._alias_values += self._size(node)
                if self._alias_values > MAX_ALIAS_VALUES:
                    raise yaml.composer.ComposerError(
                        None, None, f"the aliases expand to more than {MAX_ALIAS_VALUES:,} values here "
                                    f"(`*{event.anchor}`): aliases nested in aliases, as in a \"billion laughs\" "
                                    "file; write the values out or use fewer nested aliases", event.start_mark)
            return super().compose_node(parent, index)
        anchor = getattr(event, "anchor", None)
        if anchor is None:
            return super().compose_node(parent, index)
        self._open.add(anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            self._open.discard(anchor)

    def _size(self, node) -> int:
        size = self._sizes.get(id(node))
        if size is None:
            if isinstance(node, yaml.SequenceNode):
                size = 1 + sum(self._size(child) for child in node.value)
            elif isinstance(node, yaml.MappingNode):
                size = 1 + sum(self._size(key) + self._size(value) for key, value in node.value)
            else:
                size = 1
            self._sizes[id(node)] = size
        return size


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    # a key written twice is a mistake (the second silently wins in PyYAML);
    # keys merged in with `<<:` may be overridden, so check before flattening
    first_lines: dict = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node)
        if key in first_lines:
            raise yaml.constructor.ConstructorError(
                None, None,
                f"duplicate key `{key}` (first written on line {first_lines[key]}; remove one of them)",
                key_node.start_mark)
        first_lines[key] = key_node.start_mark.line + 1 + loader.line_base
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1 + loader.line_base
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark,
                "found an unhashable key", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1 + loader.line_base
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1 + loader.line_base
    result.item_lines = [child.start_mark.line + 1 + loader.line_base for child in node.value]
    return result


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode):
    """``2026-13-45`` matches YAML's date pattern but is no date: an error at its line."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"`{node.value}` is not a valid date ({exc}); write it as YYYY-MM-DD", node.start_mark)


def _construct_int(loader: _Loader, node: yaml.ScalarNode):
    """A number of thousands of digits is more than Python converts: an error at its line."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:
        raise yaml.constructor.ConstructorError(
            None, None, f"a number of {len(node.value)} digits is too long; quote it to keep it as text",
            node.start_mark) from None


# libyaml's parser (PyYAML's C extension) with the same constructors: the
# fast path of :func:`load_yaml`, for text that it reads exactly as the
# line-keeping loader does (see _NOT_FAST)
_FastLoader = None
if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(yaml.CSafeLoader):  # noqa: F811 - CParser, SafeConstructor, Resolver
        line_base = 0

for _loader in (_Loader, _FastLoader):
    if _loader is not None:
        _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
        _loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
        _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
        _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)

# What the fast path leaves to the line-keeping loader: any character PyYAML's
# reader refuses, and a byte-order mark, tabs and carriage returns (libyaml
# accepts a tab after a value where PyYAML stops), line breaks other than LF
# (NEL, U+2028, U+2029), anchors and aliases (& and *: the alias limits are
# counted while composing), a `!` that may start a tag, and directives (a line
# starting with %).  Everything the fast path reads goes through the same
# constructors (LineDict, LineList, duplicate keys, dates, numbers); any error
# is read again by the line-keeping loader, which words it with its line.
_NOT_FAST = re.compile(r"[^\n\x20-\x7E\xA0-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\U00010000-\U0010FFFF]"
                       r"|[&*\u2028\u2029]|(?:^|[\s\[\]{},])!|^%", re.MULTILINE)
# the indicators that open a list or mapping: fewer of them than MAX_DEPTH, and
# the data cannot be nested too deep
_NESTING = ("-", ":", "[", "{", "?")


@dataclass(frozen=True)
class YamlProblem(Exception):
    line: int | None
    message: str


def load_yaml(text: str, line_base: int = 0) -> Any:
    """Parse YAML; raise :class:`YamlProblem` with a file line on bad input.

    ``line_base`` is the number of file lines before ``text`` starts.
    """
    if _FastLoader is not None and not _NOT_FAST.search(text):
        data = _load_fast(text, line_base)
        if data is not _SLOW:
            return data
    return _load_line_keeping(text, line_base)


_SLOW = object()


def _load_fast(text: str, line_base: int) -> Any:
    """The document read by libyaml, or ``_SLOW`` when the line-keeping loader is to read it."""
    loader = _FastLoader(text)
    loader.line_base = line_base
    try:
        data = loader.get_single_data()
    except Exception:  # noqa: BLE001 - any problem is reported by the line-keeping loader, in its words
        return _SLOW
    finally:
        loader.dispose()
    if sum(text.count(mark) for mark in _NESTING) >= MAX_DEPTH and nesting_depth(data) > MAX_DEPTH // 2:
        return _SLOW  # near the nesting limit: the line-keeping loader decides
    return data


def _load_line_keeping(text: str, line_base: int) -> Any:
    loader = None
    try:
        loader = _Loader(text)  # PyYAML checks the characters here (ReaderError)
        loader.line_base = line_base
        return loader.get_single_data()
    except yaml.reader.ReaderError as exc:
        raise YamlProblem(_line_at(text, exc.position) + line_base, _reader_message(exc)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_base if mark is not None else None
        opened = exc.context_mark.line + 1 + line_base if exc.context_mark is not None else None
        raise YamlProblem(line, f"invalid YAML: {explain(exc.problem, exc.context, opened)}") from None
    except yaml.YAMLError as exc:  # pragma: no cover - non-marked errors are rare
        raise YamlProblem(None, f"invalid YAML: {exc}") from None
    finally:
        if loader is not None:
            loader.dispose()


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, max(0, position)) + 1


def _reader_message(exc: yaml.reader.ReaderError) -> str:
    """PyYAML's "unacceptable character #x001b" in an editor's words."""
    char = exc.character
    code = ord(char) if isinstance(char, str) else char
    names = {0: "a NUL byte", 0x1B: "an escape character (ESC)", 0xFFFE: "the non-character U+FFFE",
             0xFFFF: "the non-character U+FFFF"}
    what = names.get(code, f"the control character U+{code:04X}")
    return (f"invalid YAML: {what} is not allowed in YAML; delete it (most editors do not show it), "
            f"or write \"\\u{code:04x}\" inside double quotes if it is meant")


def load_yaml_file(path: Path) -> Any:
    """:func:`load_yaml` on a file; a file that cannot be read or is not
    UTF-8 is a :class:`YamlProblem` too (with the line of the first bad byte)."""
    return load_yaml(read_text_file(path))


def read_text_file(path: Path) -> str:
    """A file's text, or :class:`YamlProblem` saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise YamlProblem(line, "the file is not UTF-8 text (save it as UTF-8)") from None
    except IsADirectoryError:
        raise YamlProblem(None, "this is a folder, not a file") from None
    except OSError as exc:
        raise YamlProblem(None, f"cannot read the file: {exc.strerror or exc}") from None


def type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return "a date"
    return type(value).__name__


def nesting_depth(value: Any) -> int:
    """How many lists and mappings deep ``value`` goes (0 for a scalar); without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, (list, tuple)):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def to_plain(value: Any) -> Any:
    """Strip line bookkeeping: LineDict/LineList become dict/list."""
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    return value
