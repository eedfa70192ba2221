"""PyYAML's syntax errors in an editor's words.

PyYAML says ``expected <block end>, but found '<block sequence start>'``
for a list item indented one space off; an editor needs to hear "this line
is not indented like the ones above it".  :func:`explain` turns the common
problems into such a sentence and keeps PyYAML's own text after it.
"""

from __future__ import annotations

import re

_INDENT = ("this line is not indented like the lines above it: the items of one list (`- `) "
           "start at the same column, and the keys of one entry line up under its first key")


def _plain(problem: str, context: str, opened: int | None) -> str | None:
    where = f" on line {opened}" if opened else ""
    found = re.search(r"found (?:character )?'(.*?)'", problem)
    char = found.group(1) if found else ""
    if "quoted scalar" in context:
        return f"the quote opened{where} is never closed: end the value with the same quote"
    if "flow sequence" in context or "flow mapping" in context:
        bracket, close = ("[", "]") if "sequence" in context else ("{", "}")
        return (f"the `{bracket}` opened{where} is not closed with `{close}`, or its items are not "
                f"separated by commas; put a value that starts with `{bracket}` in quotes")
    if "alias" in context:
        return "a value that starts with `*` is read as a reference: put the whole value in quotes"
    if "anchor" in context:
        return "a value that starts with `&` is read as an anchor: put the whole value in quotes"
    if char == "\\t":
        return "a tab character: YAML indents with spaces only"
    if "cannot start any token" in problem and char:
        return f"a value cannot start with `{char}`: put the whole value in quotes"
    if problem.startswith("mapping values are not allowed"):
        return ("a `: ` where YAML does not expect one: put a value that contains `: ` in quotes "
                "(`title: \"A: B\"`), or indent this key like the keys above it")
    if problem.startswith("expected <block end>") and "'<scalar>'" in problem:
        return ("text after a closed quote or bracket: put the whole value in quotes, "
                "or indent this line like the lines above it")
    if (problem.startswith("expected <block end>") or problem.startswith("did not find expected key")
            or problem.startswith("did not find expected '-' indicator")):
        return _INDENT
    if problem.startswith("could not find expected ':'"):
        return "a line that is neither `key: value` nor a list item (`- `): add the `: `, or join it to the line above"
    return None


def explain(problem: str | None, context: str | None, opened: int | None = None) -> str:
    """``problem (context)`` as PyYAML puts it, after a plain explanation
    when there is one.  ``opened`` is the file line of PyYAML's context mark
    (where an unclosed quote or bracket opens: the error's own line is
    where the file, or the block, ends)."""
    original = problem or context or "invalid YAML"
    if problem and context:
        original = f"{problem} ({context})"
    plain = _plain(problem or "", context or "", opened)
    return f"{plain} (YAML: {original})" if plain else original
