"""kramdown inline attribute lists (IAL), as Jekyll editors write them.

mdit-py-plugins' ``attrs`` plugins are djot-style (``{#id}`` on the line
*before* a block, double quotes only); kramdown's IAL applies to what comes
*before* it:

* block form, on the line right after a block: ``{: .note}``, ``{:#id}``,
  ``{: #id .class key="v" key2='v'}`` (a paragraph, list, table, blockquote,
  heading or fenced code block);
* at the end of a heading line: ``## Title {#id}`` or ``## Title {: .cls}``;
* span form right after a link, image, emphasis or code span:
  ``[x](/a){:.inline}``, ``![x](a.png){: width="200"}``.

An IAL that cannot be attached is dropped with a warning in
``env["warnings"]``; literal ``{:`` text never reaches the page.  kramdown's
``{:toc}`` marker on a list removes the list (the theme shows the table of
contents).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_ATTR_RE = re.compile(
    r"""\s*(?:
        \#(?P<id>[^\s.#'"}]+)
      | \.(?P<cls>[^\s.#'"}]+)
      | (?P<key>[A-Za-z_:][-\w:.]*)=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s'"}]+))
      | (?P<ref>[A-Za-z][-\w]*)
    )""",
    re.X,
)
IAL_LINE = re.compile(r"^\{:(?P<body>[^}\n]*)\}[ \t]*$")
HEADING_TAIL = re.compile(r"[ \t]+\{(?P<colon>:?)(?P<body>[^{}\n]*)\}[ \t]*$")
SPAN_HEAD = re.compile(r"^\{:(?P<body>[^}\n]*)\}")
LEAK = re.compile(r"\{:[^}\n]*\}")

_SPAN_TARGETS = ("link_close", "image", "em_close", "strong_close", "code_inline", "s_close")


def parse_ial(body: str) -> tuple[dict, list[str]] | None:
    """``" #id .a key='v'"`` → ({"id": "id", "class": "a", "key": "v"}, refs); None if not an IAL."""
    attrs: dict[str, str] = {}
    classes: list[str] = []
    refs: list[str] = []
    pos = 0
    body = body.rstrip()
    while pos < len(body):
        match = _ATTR_RE.match(body, pos)
        if match is None or match.end() == pos:
            return None
        pos = match.end()
        if match.group("id"):
            attrs["id"] = match.group("id")
        elif match.group("cls"):
            classes.append(match.group("cls"))
        elif match.group("key"):
            value = match.group("dq")
            if value is None:
                value = match.group("sq")
            if value is None:
                value = match.group("bare")
            attrs[match.group("key")] = value
        else:
            refs.append(match.group("ref"))
    if classes:
        attrs["class"] = " ".join(classes)
    return attrs, refs


def apply_attrs(token: Token, attrs: dict) -> None:
    for key, value in attrs.items():
        if key == "class" and token.attrGet("class"):
            token.attrSet("class", f"{token.attrGet('class')} {value}")
        else:
            token.attrSet(key, value)


def _warn(state: StateCore, line: int | None, message: str) -> None:
    state.env.setdefault("warnings", []).append((line, message))


def _opening_index(tokens: list[Token], close_index: int) -> int:
    """Index of the opening token matching the closing token at ``close_index``."""
    depth = 0
    for i in range(close_index, -1, -1):
        depth += tokens[i].nesting
        if depth == 0:
            return i
    return close_index


def _block_before(tokens: list[Token], index: int) -> int | None:
    """The opening (or self-contained) token of the block just before ``index``, same level."""
    i = index - 1
    if i < 0:
        return None
    token = tokens[i]
    if token.nesting == -1:
        return _opening_index(tokens, i)
    if token.nesting == 0 and token.type in ("fence", "code_block", "html_block", "hr", "math_block"):
        return i
    return None


def _enclosing(tokens: list[Token], index: int) -> int | None:
    depth = 0
    for i in range(index - 1, -1, -1):
        depth += tokens[i].nesting
        if depth > 0:
            return i
    return None


def _table_ial(state: StateCore, tokens: list[Token]) -> None:
    """GFM reads ``{: .x}`` after a table as one more row: take it back."""
    i = 0
    while i < len(tokens):
        if tokens[i].type != "tr_open":
            i += 1
            continue
        end = i
        while tokens[end].type != "tr_close":
            end += 1
        cells = [t for t in tokens[i:end] if t.type == "inline"]
        following = tokens[end + 1] if end + 1 < len(tokens) else None
        first = cells[0].content.strip() if cells else ""
        if (following is not None and following.type == "tbody_close" and IAL_LINE.match(first)
                and all(not c.content.strip() for c in cells[1:])):
            parsed = parse_ial(IAL_LINE.match(first).group("body"))
            table = _opening_index(tokens, end + 2) if end + 2 < len(tokens) and tokens[end + 2].type == "table_close" else None
            if parsed is not None and table is not None:
                del tokens[i: end + 1]
                apply_attrs(tokens[table], parsed[0])
                if i < len(tokens) and tokens[i].type == "tbody_close" and tokens[i - 1].type == "tbody_open":
                    del tokens[i - 1: i + 1]
                continue
        i = end + 1


def block_ial(state: StateCore) -> None:
    tokens = state.tokens
    _table_ial(state, tokens)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type != "inline":
            i += 1
            continue
        parent = tokens[i - 1] if i > 0 else None
        if parent is not None and parent.type == "heading_open":
            match = HEADING_TAIL.search(token.content)
            if match:
                parsed = parse_ial(match.group("body"))
                if parsed is not None and (match.group("colon") or parsed[0].get("id") or parsed[0].get("class")):
                    apply_attrs(parent, parsed[0])
                    token.content = token.content[: match.start()]
            i += 1
            continue
        if parent is None or parent.type != "paragraph_open":
            i += 1
            continue
        lines = token.content.split("\n")
        if not IAL_LINE.match(lines[-1].strip()):
            i += 1
            continue
        parsed = parse_ial(IAL_LINE.match(lines[-1].strip()).group("body"))
        ial_line = (token.map[0] + len(lines)) if token.map else None
        if parsed is None:
            _warn(state, ial_line, f"could not read the attribute list `{lines[-1].strip()}`")
            parsed = ({}, [])
        attrs, refs = parsed
        if len(lines) == 1:
            # a paragraph of its own: it belongs to the block before it
            target = _block_before(tokens, i - 1)
            del tokens[i - 1: i + 2]  # paragraph_open, inline, paragraph_close
            if target is None:
                _warn(state, ial_line, f"attribute list `{lines[0].strip()}` has no block before it to attach to")
                continue
            _attach_block(state, tokens, target, attrs, refs)
            i = max(target, 0)
            continue
        token.content = "\n".join(lines[:-1])
        target = i - 1
        # "- a\n- b\n{: .x}" is a lazy continuation line of the last item: kramdown
        # gives it to the list (and "> q\n{: .x}" to the blockquote)
        container = _enclosing(tokens, i - 1)
        if container is not None and tokens[container].type == "list_item_open":
            list_open = _enclosing(tokens, container)
            if list_open is not None and _ends_with(tokens, list_open, i + 1):
                target = list_open
        elif container is not None and tokens[container].type == "blockquote_open":
            if _ends_with(tokens, container, i + 1):
                target = container
        _attach_block(state, tokens, target, attrs, refs)
        i += 1


def _ends_with(tokens: list[Token], open_index: int, close_of_paragraph: int) -> bool:
    """True when the paragraph closing at ``close_of_paragraph`` is the last thing in the container."""
    depth = 0
    for j in range(open_index, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            between = tokens[close_of_paragraph + 1: j]
            return all(t.nesting == -1 for t in between)
    return False


def _attach_block(state: StateCore, tokens: list[Token], target: int, attrs: dict, refs: list[str]) -> None:
    token = tokens[target]
    if "toc" in refs and token.type in ("bullet_list_open", "ordered_list_open"):
        end = target
        depth = 0
        for j in range(target, len(tokens)):
            depth += tokens[j].nesting
            if depth == 0:
                end = j
                break
        del tokens[target: end + 1]
        state.env["toc_marker"] = True
        return
    if token.type == "html_block":
        _warn(state, token.map[0] + 1 if token.map else None,
              "an attribute list after raw HTML is ignored: write the attributes in the HTML tag")
        return
    apply_attrs(token, attrs)


def span_ial(state: StateCore) -> None:
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children = block.children
        line = block.map[0] + 1 if block.map else None
        for index, child in enumerate(children):
            if child.type in ("softbreak", "hardbreak"):
                line = line + 1 if line is not None else None
            if child.type != "text" or "{:" not in child.content:
                continue
            match = SPAN_HEAD.match(child.content)
            previous = children[index - 1] if index > 0 else None
            if match and previous is not None and previous.type in _SPAN_TARGETS:
                parsed = parse_ial(match.group("body"))
                if parsed is not None:
                    target = previous
                    if previous.type.endswith("_close"):
                        target = children[_opening_index(children, index - 1)]
                    apply_attrs(target, parsed[0])
                    child.content = child.content[match.end():]
            if LEAK.search(child.content):
                for leak in LEAK.findall(child.content):
                    _warn(state, line, f"attribute list `{leak}` is not right after a link, image or emphasis; it was dropped")
                child.content = LEAK.sub("", child.content)


def kramdown_ial_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("block", "kramdown_block_ial", block_ial)
    md.core.ruler.after("inline", "kramdown_span_ial", span_ial)
