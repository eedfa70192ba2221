"""python-frontmatter handlers that keep every line.

Each handler keeps the library's interface (``detect``, ``split``, ``load``,
``export``), so ``frontmatter.loads(text, handler=LineTOMLHandler())`` works,
and adds what sitegen needs on top:

``split_lines(text)``  the block and the body with the number of file lines
                       before each (no blank line swallowed, none added);
``load_lines(split)``  the block parsed into a :class:`LineDict` whose
                       ``key_lines`` are file lines, or a problem at a file line.

Delimiters are whole lines: ``---`` (closed by ``---`` or ``...``) for YAML,
``+++`` for TOML, and for JSON an object whose ``{`` and closing ``}`` stand
alone, unindented, on their lines (as Hugo writes it).
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass

import frontmatter

from ..yamlfile import MAX_DEPTH, LineDict, YamlProblem, load_yaml, nesting_depth, type_name

FORMAT_HINTS = {
    "yaml": "fix the YAML between the `---` lines; quote values containing `: ` or starting with "
            "`{`, `[`, `*`, `&`",
    "toml": "fix the TOML between the `+++` lines: `key = \"value\"`, strings in double quotes, "
            "dates as 2026-04-01, lists as [\"a\", \"b\"]",
    "json": "fix the JSON between the `{` and `}` lines: keys and strings in double quotes, "
            "a comma between entries and none after the last",
}


@dataclass(frozen=True)
class FrontMatterProblem(YamlProblem):
    """A front-matter problem (``line`` is a file line) in a given format."""

    format: str = "yaml"


@dataclass(frozen=True)
class Split:
    fm_text: str  # the block as the format's parser reads it
    fm_line: int  # file lines before fm_text starts
    body: str
    body_line: int  # file lines before the body starts


def _empty(line: int = 1) -> LineDict:
    data = LineDict()
    data.line, data.key_lines = line, {}
    return data


def _with_lines(data: dict, key_lines: dict) -> LineDict:
    result = LineDict(data)
    result.line = 1
    result.key_lines = {key: key_lines[key] for key in data if key in key_lines}
    return result


class _LineKeeping:
    """Splitting on whole delimiter lines, keeping every line of the file."""

    OPEN = CLOSE = ("---",)
    FORMAT = "yaml"
    JOIN_DELIMITERS = False  # JSON keeps its braces: they are part of the object

    def detect(self, text: str) -> bool:
        end = text.find("\n")
        return (text if end < 0 else text[:end]).rstrip() in self.OPEN

    def split_lines(self, text: str) -> Split:
        lines = text.split("\n")
        for index in range(1, len(lines)):
            if lines[index].rstrip() in self.CLOSE:
                if self.JOIN_DELIMITERS:
                    return Split("\n".join(lines[: index + 1]), 0, "\n".join(lines[index + 1:]), index + 1)
                return Split("\n".join(lines[1:index]), 1, "\n".join(lines[index + 1:]), index + 1)
        raise FrontMatterProblem(1, f"front matter starts with `{self.OPEN[0]}` but has no closing "
                                    f"`{self.CLOSE[0]}` line", self.FORMAT)

    # python-frontmatter's interface: (metadata text, content)
    def split(self, text: str) -> tuple[str, str]:
        part = self.split_lines(text)
        return part.fm_text, part.body

    def load(self, fm: str, **kwargs) -> LineDict:
        return self.load_lines(Split(fm, 0 if self.JOIN_DELIMITERS else 1, "", 0))


class LineYAMLHandler(_LineKeeping, frontmatter.YAMLHandler):
    """``---`` YAML, parsed by sitegen's loader: a key's line is its file line."""

    OPEN = ("---",)
    CLOSE = ("---", "...")
    FORMAT = "yaml"

    def load_lines(self, part: Split) -> LineDict:
        if not part.fm_text.strip():
            return _empty()
        data = load_yaml(part.fm_text, line_base=part.fm_line)
        if data is None:
            return _empty()
        if not isinstance(data, dict):
            raise YamlProblem(part.fm_line + 1,
                              f"front matter must be a mapping of keys to values, found {type_name(data)}")
        return data


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")
_TOML_KEY = re.compile(r"""^[ \t]*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)[ \t]*[.=]""")
_TOML_TABLE = re.compile(r"""^[ \t]*\[\[?[ \t]*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)""")


class LineTOMLHandler(_LineKeeping, frontmatter.default_handlers.BaseHandler):
    """``+++`` TOML (Hugo), parsed by the standard library's ``tomllib``."""

    FM_BOUNDARY = re.compile(r"^\+{3}[ \t]*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"
    OPEN = CLOSE = ("+++",)
    FORMAT = "toml"

    def load_lines(self, part: Split) -> LineDict:
        try:
            data = tomllib.loads(part.fm_text + "\n")  # a last line without newline is still a line
        except tomllib.TOMLDecodeError as exc:
            raise self._problem(exc, part) from None
        except RecursionError:
            raise FrontMatterProblem(part.fm_line + 1, _TOO_DEEP.format(format="TOML"), "toml") from None
        except ValueError as exc:  # a number of thousands of digits
            raise FrontMatterProblem(part.fm_line + 1, f"invalid TOML: {_number_problem(exc)}", "toml") from None
        return _checked_depth(_with_lines(data, toml_key_lines(part.fm_text, part.fm_line)), "toml")

    def _problem(self, exc: tomllib.TOMLDecodeError, part: Split) -> FrontMatterProblem:
        message = str(exc).splitlines()[0] if str(exc) else "invalid TOML"
        line = getattr(exc, "lineno", None)
        col = getattr(exc, "colno", None)
        match = _TOML_POSITION.search(message)
        if match:
            line, col = int(match.group(1)), int(match.group(2))
            message = message[: match.start()]
        elif _TOML_END.search(message):
            message = _TOML_END.sub("", message) + " (at the end of the front matter)"
            line = max(part.fm_text.count("\n") + 1, 1)
        where = f" (column {col})" if col else ""
        if message.startswith("Cannot overwrite a value") and line:
            # a key written twice: say so, as the YAML loader does
            key = _TOML_KEY.match(part.fm_text.split("\n")[line - 1]) if line <= part.fm_text.count("\n") + 1 else None
            first = toml_key_lines(part.fm_text, part.fm_line).get(_toml_name(key.group(1))) if key else None
            if first is not None and first != part.fm_line + line:
                return FrontMatterProblem(part.fm_line + line, f"duplicate key `{_toml_name(key.group(1))}` "
                                          f"(first written on line {first}; remove one of them)", "toml")
        return FrontMatterProblem(part.fm_line + line if line else part.fm_line,
                                  f"invalid TOML: {message}{where}", "toml")

    def export(self, metadata, **kwargs) -> str:  # pragma: no cover - sitegen never writes TOML wholesale
        raise NotImplementedError("sitegen rewrites front matter line by line (see sitegen.matter.stamp)")


def toml_key_lines(text: str, line_base: int = 0) -> dict:
    """File lines of top-level keys: ``key = ...``, ``key.sub = ...`` and
    ``[key]`` / ``[[key]]`` table headers (the first line that names the key)."""
    found: dict = {}
    in_table = False
    in_string: str | None = None
    for number, line in enumerate(text.split("\n"), 1 + line_base):
        if in_string is not None:  # inside a multi-line string: no keys here
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        table = _TOML_TABLE.match(line)
        if table:
            in_table = True
            found.setdefault(_toml_name(table.group(1)), number)
            continue
        match = _TOML_KEY.match(line)
        if match and not in_table:
            found.setdefault(_toml_name(match.group(1)), number)
        for quotes in ('"""', "'''"):
            if line.count(quotes) % 2 == 1:
                in_string = quotes
                break
    return found


def _toml_name(raw: str) -> str:
    if raw.startswith('"'):
        try:
            return json.loads(raw)
        except ValueError:
            return raw[1:-1]
    if raw.startswith("'"):
        return raw[1:-1]
    return raw


class _DuplicateKey(Exception):
    def __init__(self, key: str):
        self.key = key


def _no_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


class LineJSONHandler(_LineKeeping, frontmatter.JSONHandler):
    """A JSON object (Hugo): ``{`` alone on the first line, ``}`` alone, unindented, closing it."""

    OPEN = ("{",)
    CLOSE = ("}",)
    FORMAT = "json"
    JOIN_DELIMITERS = True

    def load_lines(self, part: Split) -> LineDict:
        try:
            data = json.loads(part.fm_text, object_pairs_hook=_no_duplicates)
        except json.JSONDecodeError as exc:
            raise FrontMatterProblem(part.fm_line + exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})",
                                     "json") from None
        except _DuplicateKey as exc:
            lines = [n for n, line in enumerate(part.fm_text.split("\n"), 1 + part.fm_line)
                     if re.search(r'"' + re.escape(json.dumps(exc.key)[1:-1]) + r'"\s*:', line)]
            first, second = (lines + [None, None])[:2]
            raise FrontMatterProblem(second or first, f"duplicate key `{exc.key}`"
                                     + (f" (first written on line {first}; remove one of them)" if second else ""),
                                     "json") from None
        except RecursionError:
            raise FrontMatterProblem(part.fm_line + 1, _TOO_DEEP.format(format="JSON"), "json") from None
        except ValueError as exc:  # a number of thousands of digits
            raise FrontMatterProblem(part.fm_line + 1, f"invalid JSON: {_number_problem(exc)}", "json") from None
        if not isinstance(data, dict):  # pragma: no cover - the delimiters make it an object
            raise FrontMatterProblem(part.fm_line + 1, f"front matter must be an object, found {type_name(data)}",
                                     "json")
        return _checked_depth(_with_lines(data, json_key_lines(part.fm_text, part.fm_line)), "json")


_TOO_DEEP = "invalid {format}: arrays nested more than " + str(MAX_DEPTH) + " deep; write the data flatter"


def _number_problem(exc: ValueError) -> str:
    digits = re.search(r"value has (\d+) digits", str(exc))
    return (f"a number of {digits.group(1)} digits is too long; quote it to keep it as text" if digits
            else str(exc).split(";")[0])


def _checked_depth(data: LineDict, fmt: str) -> LineDict:
    """TOML and JSON front matter nested deeper than YAML may be (the rest of
    the build walks values recursively): an error at the line of the key."""
    for key, value in data.items():
        if nesting_depth(value) > MAX_DEPTH - 1:
            raise FrontMatterProblem(data.line_of(key), _TOO_DEEP.format(format=fmt.upper()), fmt)
    return data


def json_key_lines(text: str, line_base: int = 0) -> dict:
    """File lines of the keys of the outermost JSON object."""
    found: dict = {}
    depth = 0
    line = 1 + line_base
    i, n = 0, len(text)
    last_string: tuple[str, int] | None = None  # (raw key text, its line) at depth 1
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch == '"':
            start, start_line = i, line
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            if depth == 1:
                last_string = (text[start: i + 1], start_line)
        elif ch in "{[":
            depth += 1
            last_string = None
        elif ch in "}]":
            depth -= 1
            last_string = None
        elif ch == ":" and depth == 1 and last_string is not None:
            try:
                key = json.loads(last_string[0])
            except ValueError:
                key = last_string[0].strip('"')
            found.setdefault(key, last_string[1])
            last_string = None
        elif ch == "," and depth == 1:
            last_string = None
        i += 1
    return found


HANDLERS = [LineYAMLHandler(), LineTOMLHandler(), LineJSONHandler()]
