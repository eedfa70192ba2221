"""Writing one key (``source_hash``) into a page's front matter, in its own
format, keeping every other byte of the file.

YAML: ``source_hash: "…"`` replaces the key's line or goes before the closing
``---``.  TOML: ``source_hash = "…"`` replaces the key's line or goes right
after the opening ``+++`` (before any ``[table]``, so it stays a top-level
key).  JSON: ``"source_hash": "…",`` replaces the key's line or becomes the
object's first entry.  The result is parsed again; when the key does not read
back as written (a value spread over several lines, say), the file is left
alone and :class:`StampError` says what to write by hand.
"""

from __future__ import annotations

import json
import re

from ..yamlfile import YamlProblem
from . import detect
from .handlers import json_key_lines, toml_key_lines

KEY = "source_hash"


class StampError(ValueError):
    def __init__(self, line: int | None, message: str, hint: str):
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


def stamp_text(text: str, value: str) -> str:
    """``text`` with ``source_hash`` set to ``value`` (quoted: an all-digit hash is no number)."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    rest = text[len(bom):]
    newline = "\r\n" if "\r\n" in rest else "\n"
    plain = rest.replace("\r\n", "\n")
    handler = detect(plain)
    if handler is None:
        return f'{bom}---{newline}{KEY}: "{value}"{newline}---{newline}' + rest
    try:
        part = handler.split_lines(plain)
    except YamlProblem as exc:
        raise StampError(exc.line, exc.message, "close the front matter first") from None
    lines = plain.split("\n")
    close = part.body_line - 1  # index of the closing delimiter line
    if handler.FORMAT == "yaml":
        _stamp_yaml(lines, close, value)
    elif handler.FORMAT == "toml":
        _stamp_toml(lines, part, value)
    else:
        _stamp_json(lines, part, close, value)
    result = "\n".join(lines)
    _verify(result, value, handler.FORMAT)
    return bom + result.replace("\n", newline)


def _stamp_yaml(lines: list[str], close: int, value: str) -> None:
    for index in range(1, close):
        if lines[index].startswith(f"{KEY}:"):
            lines[index] = f'{KEY}: "{value}"'
            return
    lines.insert(close, f'{KEY}: "{value}"')


def _stamp_toml(lines: list[str], part, value: str) -> None:
    at = toml_key_lines(part.fm_text, part.fm_line).get(KEY)
    if at is not None:
        if not re.match(rf"^[ \t]*{KEY}[ \t]*=[ \t]*(\"[^\"\n]*\"|'[^'\n]*'|[\w.+-]*)[ \t]*(#.*)?$", lines[at - 1]):
            raise StampError(at, f"`{KEY}` is written in a way sitegen cannot rewrite",
                             f'write it on one line as {KEY} = "{value}"')
        lines[at - 1] = f'{KEY} = "{value}"'
        return
    lines.insert(1, f'{KEY} = "{value}"')


def _stamp_json(lines: list[str], part, close: int, value: str) -> None:
    at = json_key_lines(part.fm_text, part.fm_line).get(KEY)
    if at is not None:
        match = re.match(rf'^([ \t]*)"{KEY}"[ \t]*:[ \t]*("(?:[^"\\\n]|\\.)*"|[\w.+-]+)([ \t]*,?)[ \t]*$',
                         lines[at - 1])
        if match is None:
            raise StampError(at, f'`"{KEY}"` is written in a way sitegen cannot rewrite',
                             f'write it on a line of its own as "{KEY}": "{value}",')
        lines[at - 1] = f'{match.group(1)}"{KEY}": {json.dumps(value)}{match.group(3)}'
        return
    empty = not any(line.strip() for line in lines[1:close])
    indent = "  "
    for line in lines[1:close]:
        if line.strip():
            indent = line[: len(line) - len(line.lstrip())] or "  "
            break
    lines.insert(1, f'{indent}"{KEY}": {json.dumps(value)}' + ("" if empty else ","))


def _verify(text: str, value: str, fmt: str) -> None:
    from . import parse_front_matter

    try:
        data = parse_front_matter(text).data
    except YamlProblem as exc:
        raise StampError(exc.line, f"the front matter would no longer parse after stamping ({exc.message})",
                         f'add `{KEY}` by hand ({_example(fmt, value)})') from None
    if str(data.get(KEY)) != value:
        raise StampError(None, f"`{KEY}` would not read back as written",
                         f"add it by hand as a top-level key ({_example(fmt, value)})")


def _example(fmt: str, value: str) -> str:
    return {"toml": f'{KEY} = "{value}"', "json": f'"{KEY}": "{value}"'}.get(fmt, f'{KEY}: "{value}"')
