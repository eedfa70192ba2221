"""One shape for every problem: a :class:`Diagnostic`.

Each phase of the pipeline collects all its problems and raises
:class:`BuildError` once at its end, so an editor fixes everything in one
pass.  The CLI prints diagnostics as ``path:line:col: level: message`` with a
hint line; a Python traceback is only shown for sitegen's own bugs (or with
``--debug``).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

ERROR = "error"
WARNING = "warning"
NOTE = "note"  # worth knowing, never a failure (not even with `check --strict`)


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int | None
    col: int | None
    level: str
    message: str
    hint: str | None = None
    rule: str | None = None

    def __post_init__(self) -> None:
        # what an editor's file held, printable: no control character reaches the
        # terminal, and a file name's bytes that are not UTF-8 show as \xNN
        for name in ("path", "message", "hint"):
            value = getattr(self, name)
            if isinstance(value, str) and not value.isprintable():
                object.__setattr__(self, name, printable(value, lines=name != "path"))

    def format(self) -> str:
        where = self.path or "<site>"
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        text = f"{where}: {self.level}: {self.message}"
        if self.rule:
            text += f" [{self.rule}]"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def as_json(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "level": self.level,
            "message": self.message,
            "hint": self.hint,
            "rule": self.rule,
        }


def error(path, line, message, hint=None, rule=None, col=None) -> Diagnostic:
    """An error about ``path`` (already relative to the site folder)."""
    return Diagnostic(display_path(path), line, col, ERROR, message, hint, rule)


def warning(path, line, message, hint=None, rule=None, col=None) -> Diagnostic:
    return Diagnostic(display_path(path), line, col, WARNING, message, hint, rule)


def note(path, line, message, hint=None, rule=None, col=None) -> Diagnostic:
    return Diagnostic(display_path(path), line, col, NOTE, message, hint, rule)


class BuildError(Exception):
    """Raised at the end of a phase that found errors; carries them all."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=_sort_key)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class Collector:
    """Collects diagnostics for one phase and fails once at its end."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == WARNING]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise BuildError(self.errors)


def _sort_key(d: Diagnostic):
    return (d.path, d.line or 0, d.col or 0, d.message)


def display_path(path, root: Path | None = None) -> str:
    """A path as an editor reads it: relative to the site folder when inside it."""
    if path is None:
        return ""
    p = Path(path)
    if root is not None and p.is_absolute():
        try:
            return p.relative_to(root).as_posix()
        except ValueError:
            pass
    return p.as_posix()


def printable(text: str, lines: bool = True) -> str:
    """``text`` with control characters (but line breaks and tabs, if ``lines``) and the surrogate
    escapes of undecodable bytes written as escapes (``\\x00``, ``\\x1b``, ``\\xff``, ``\\ufffe``);
    the rest (Japanese included) as it is."""
    out = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (os.fsdecode's surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char.isprintable() or char == " " or lines and char in "\n\t":  # a message may have lines
            out.append(char)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out)


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """``did you mean `x`?`` for a misspelt key, or None."""
    match = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean `{match[0]}`?" if match else None
