"""Liquid errors in words an editor can act on: the file and line, what is
wrong, what to write instead.

python-liquid's own messages name the parser's view (``expected tag endfor,
found end of expression``, ``unexpected tag 'endif'``, ``date() missing 1
required positional argument: 'fmt'``), and an unclosed block has no line
at all: the parser only notices at the end of the file.  This module reads
the template's text once more to say which block is open and where it
started (``{% for %}`` on line 7 is never closed), which block a stray end
tag meets (the ``{% unless %}`` of line 1 is closed with ``{% endif %}``, the
mistake Jekyll reports as "'endif' is not a valid delimiter for unless
tags"), and gives each kind of mistake its own hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from liquid.exceptions import (FilterArgumentError, LiquidError, LiquidSyntaxError, ResourceLimitError,
                               TemplateNotFoundError)

from .liquid_limits import explain_limit

# blocks with an end tag, as Jekyll's Liquid knows them
BLOCKS = ("if", "unless", "for", "case", "capture", "tablerow", "comment", "raw")
_TAG = re.compile(r"\{%-?\s*(\w+)")
_EXPECTED_END = re.compile(r"^expected tag (end\w+)")
_UNEXPECTED = re.compile(r"^unexpected tag '([^']*)'")
_MISSING_ARGUMENT = re.compile(r"^(\w+)\(\) missing (\d+) required positional argument")
_EXAMPLES = {"date": '`| date: "%Y-%m-%d"`', "split": '`| split: ","`', "append": '`| append: "text"`',
             "prepend": '`| prepend: "text"`', "replace": "`| replace: \"old\", \"new\"`",
             "where": '`| where: "key", "value"`', "truncate": "`| truncate: 20`"}
BLOCK_HINT = ("every block tag needs its own end tag ({% if %}…{% endif %}, {% unless %}…{% endunless %}, "
              "{% for %}…{% endfor %}, {% capture %}…{% endcapture %}); write `template: false` in a page's "
              "front matter to turn Liquid off for it")
TEXT_HINT = "write `{% raw %}…{% endraw %}` around braces meant as text, or `template: false` in the front matter"


@dataclass(frozen=True)
class Explained:
    message: str  # what is wrong, without the "Liquid error:" prefix
    hint: str | None
    line: int | None = None  # a better line than the token's (the start of an unclosed block)


@dataclass(frozen=True)
class OpenBlock:
    tag: str
    line: int  # line inside the template's text, from 1


def open_blocks(text: str, end: int | None = None) -> list[OpenBlock]:
    """The blocks still open at ``end`` (the end of the text by default),
    outermost first.  ``raw`` and ``comment`` bodies are skipped, as Liquid
    does; an end tag closes the innermost block of its name."""
    end = len(text) if end is None else end
    stack: list[OpenBlock] = []
    pos = 0
    while (match := _TAG.search(text, pos, end)) is not None:
        name = match.group(1)
        line = text.count("\n", 0, match.start()) + 1
        pos = match.end()
        if name in ("raw", "comment"):
            close = re.compile(r"\{%-?\s*end" + name + r"\s*-?%\}").search(text, pos)
            if close is None or close.end() > end:
                stack.append(OpenBlock(name, line))
                break
            pos = close.end()
        elif name in BLOCKS:
            stack.append(OpenBlock(name, line))
        elif name.startswith("end") and name[3:] in BLOCKS:
            for index in range(len(stack) - 1, -1, -1):
                if stack[index].tag == name[3:]:
                    del stack[index:]
                    break
    return stack


def explain(err: LiquidError, text: str | None, known_tags, filters: dict, offset: int = 0) -> Explained:
    """``text``: the source of the template the error is in, when known;
    ``offset``: the lines of its file before it (a page's front matter)."""
    message = str(err.message if err.message is not None else err.__class__.__name__)
    if isinstance(err, TemplateNotFoundError):
        return Explained(message, "includes are read from content/<lang>/_includes/ (then the default "
                                  "language's); include_relative from the page's folder")
    if isinstance(err, ResourceLimitError) and (limit := explain_limit(err)) is not None:
        return Explained(*limit)
    if isinstance(err, FilterArgumentError) or _MISSING_ARGUMENT.match(message):
        return _filter_problem(message, filters)
    if not isinstance(err, LiquidSyntaxError):
        return Explained(message, None)
    expected = _EXPECTED_END.match(message)
    if expected or message == "unexpected tag 'end of expression'":
        return _unclosed(text, expected.group(1)[3:] if expected else None, message)
    unexpected = _UNEXPECTED.match(message)
    if unexpected:
        return _unexpected(unexpected.group(1), err, text, known_tags, offset)
    if message == "missing tag name or closing delimiter":
        return Explained("a tag opened with `{%` is never closed", "end the tag with `%}`; " + TEXT_HINT)
    if message.startswith("expected '}}'"):
        return Explained("an output opened with `{{` is never closed", "end it with `}}`; " + TEXT_HINT)
    if "found '='" in message:
        return Explained("`=` is not a comparison", "compare with `==` (`{% if page.lang == \"en\" %}`); "
                                  "set a variable with `{% assign name = value %}`")
    if message.startswith("invalid parameters for `include"):
        return Explained(message, 'Jekyll\'s syntax: `{% include file.html key="value" key2=page.x %}`')
    if message.endswith("was never closed"):  # python-liquid's own word for comment
        tag = message.split()[0]
        return Explained(f"`{{% {tag} %}}` is never closed", f"add `{{% end{tag} %}}` where it ends")
    return Explained(message, BLOCK_HINT)


def _unclosed(text: str | None, tag: str | None, message: str) -> Explained:
    blocks = open_blocks(text) if text is not None else []
    if tag is not None:
        matching = [b for b in blocks if b.tag == tag]
        block = matching[-1] if matching else None
    else:
        block = blocks[-1] if blocks else None
    if block is None:
        name = tag or "a block"
        return Explained(f"`{{% {name} %}}` is never closed: the file ends first" if tag else message, BLOCK_HINT)
    return Explained(f"`{{% {block.tag} %}}` is never closed: the file ends first",
                     f"add `{{% end{block.tag} %}}` where the {block.tag} block ends", block.line)


def _unexpected(name: str, err: LiquidError, text: str | None, known_tags, offset: int) -> Explained:
    start = getattr(err.token, "start_index", -1)
    if name in ("raw", "comment"):
        return Explained(f"`{{% {name} %}}` is never closed", f"add `{{% end{name} %}}` where it ends")
    if name.startswith("end") and name[3:] in BLOCKS:
        opened = open_blocks(text, start) if text is not None and start >= 0 else []
        if opened and opened[-1].tag != name[3:]:
            block = opened[-1]
            return Explained(f"`{{% {name} %}}` cannot close the `{{% {block.tag} %}}` of line {block.line + offset}",
                             f"close it with `{{% end{block.tag} %}}` (every block tag needs its own end tag)")
        return Explained(f"`{{% {name} %}}` closes nothing: no `{{% {name[3:]} %}}` is open here",
                         f"remove it, or add the `{{% {name[3:]} … %}}` it belongs to")
    if name in ("else", "elsif", "when"):
        owner = "`{% case %}`" if name == "when" else "`{% if %}`, `{% unless %}` or `{% case %}`"
        return Explained(f"`{{% {name} %}}` outside {owner}", "put it inside its block, or remove it")
    if name not in known_tags:
        return Explained(f"unknown Liquid tag `{name}`",
                         "the tags are Liquid's (assign, capture, if, unless, case, for, raw, comment…) and "
                         "Jekyll's include and include_relative; " + TEXT_HINT)
    return Explained(f"`{{% {name} %}}` is not allowed here", BLOCK_HINT)


def _filter_problem(message: str, filters: dict) -> Explained:
    match = _MISSING_ARGUMENT.match(message)
    if match is None:
        return Explained(message, "check the filter's arguments: `| name: value` (several: `| name: a, b`)")
    function = match.group(1)
    name = next((key for key, func in filters.items() if getattr(func, "__name__", None) == function
                 and key == function), None) \
        or next((key for key, func in filters.items() if getattr(func, "__name__", None) == function), function)
    count = int(match.group(2))
    example = _EXAMPLES.get(name, f"`| {name}: value`")
    return Explained(f"the filter `{name}` needs {'an argument' if count == 1 else f'{count} more arguments'}",
                     f"write it with its argument{'s' if count > 1 else ''}, such as {example}")
