"""kramdown inline attribute lists (IAL), as Jekyll editors write them.

mdit-py-plugins' ``attrs`` plugins are djot-style (``{#id}`` on the line
*before* a block, no colon, double quotes only).  kramdown's forms are:

* block form, a line of its own: ``{: .note}``, ``{:#id}``,
  ``{: #id .class key="v" key2='v'}``.  Right after a block (paragraph, list,
  table, blockquote, heading, fenced code, definition list…) with no blank
  line in between, it applies to that PRECEDING block.  Otherwise (first
  line of the document or of a container, or after a blank line) it applies
  to the FOLLOWING block, as kramdown does (Just the Docs' callouts are
  written ``{: .note }`` on the line before the paragraph).  With blank
  lines on both sides (or a blank line before it and nothing after it)
  kramdown ignores it: so does sitegen, with a warning.  The line also
  ends a paragraph, a table or a lazy list/blockquote continuation, so
  ``para\\n{: .x}\\npara2`` is two paragraphs, the first with ``class="x"``.
  An IAL that lands on a tight list's hidden paragraph goes to the ``<li>``
  (kramdown would lose it).  After a ``markdown="1"`` HTML block the
  attributes are written into its opening tag;
* at the start of a list item, definition or term (kramdown's list item
  IAL): ``- {: .done} text``, ``: {: .x} definition``, ``{: .x} term``;
  at the end of an item's text it is dropped with a warning, as kramdown
  ignores it there;
* at the end of a heading line: ``## Title {#id}`` or ``## Title {: #id .cls}``;
* span form right after a link, image, emphasis, strikethrough or code span:
  ``[x](/a){:.inline}``, ``![x](a.png){: .inline width="200"}``;
* attribute list definitions ``{:name: .cls key="v"}`` (a line of its own,
  no output) that IALs reference by name: ``{: name #id}``.

An IAL that cannot be attached (nothing to attach to, after raw HTML, in the
middle of text, unreadable) is dropped with a warning in
``env["warnings"]``: literal ``{:`` text never reaches the page (kramdown
too consumes every ``{:…}`` line; only its span IAL after plain text stays
literal there).  Unreadable parts of an IAL (``{: .a !!}``) are skipped with
a warning and the rest applies, as kramdown does.  Braces without the colon
are not IALs and stay text (``{ .note}``, ``{#id}`` on a line of its own,
``## Sets {a, b}``), except ``{#id}``/``{.cls}`` at the end of a heading.
kramdown's ``{:toc}`` marker on a list removes the list and sets
``env["toc_marker"]`` (the theme shows its own table of contents).
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .token_tree import closing_index as _closing_index, enclosing as _enclosing, opening_index as _opening_index

_ATTR_RE = re.compile(
    r"""\s*(?:
        \#(?P<id>[^\s.#'"{}]+)(?=[\s.\#]|$)
      | \.(?P<cls>[^\s.#'"{}=]+)(?=[\s.\#]|$)
      | (?P<key>[A-Za-z_:][-\w:.]*)=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s'"}]+))(?=\s|$)
      | (?P<ref>[A-Za-z][-\w]*)(?=\s|$)
    )""",
    re.VERBOSE,
)
# a line of its own: ``{: body}`` (IAL) or ``{:name: body}`` (ALD)
BLOCK_LINE = re.compile(r"^\{:(?:(?P<ald>[A-Za-z][-\w]*):)?(?P<body>[^}\n]*)\}[ \t]*$")
HEADING_TAIL = re.compile(r"[ \t]+\{(?P<colon>:?)(?P<body>[^{}\n]*)\}[ \t]*$")
SPAN_HEAD = re.compile(r"^\{:(?P<body>[^}\n]*)\}")
ITEM_HEAD = re.compile(r"^\{:(?![-\w]*:|/)(?P<body>[^}\n]*)\}[ \t]*")
LEAK = re.compile(r"[ \t]*\{:[^}\n]*\}")

TOKEN_TYPE = "kramdown_ial"
_SPAN_TARGETS = ("link_close", "image", "em_close", "strong_close", "code_inline", "s_close")
_LEAF_BLOCKS = ("fence", "code_block", "html_block", "hr", "math_block")
_ITEMS = frozenset({"list_item_open", "dd_open", "dt_open"})


def parse_ial(body: str, ignored: list[str] | None = None) -> tuple[dict[str, str], list[str]] | None:
    """``" #id .a key='v' ref"`` → ({"id": "id", "class": "a", "key": "v"}, ["ref"]); None if unreadable.

    With an ``ignored`` list (kramdown's leniency, for ``{:`` forms), an
    unreadable part up to the next space is skipped and recorded there; the
    result is None only when nothing at all could be read."""
    attrs: dict[str, str] = {}
    classes: list[str] = []
    refs: list[str] = []
    pos = 0
    body = body.rstrip()
    while pos < len(body):
        match = _ATTR_RE.match(body, pos)
        if match is None or match.end() == pos:
            if ignored is None:
                return None
            skipped = re.compile(r"\s*\S+").match(body, pos)
            ignored.append(skipped.group(0).strip())  # type: ignore[union-attr]
            pos = skipped.end()  # type: ignore[union-attr]
            continue
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
    if ignored and not attrs and not refs:
        return None
    return attrs, refs


def _warn_ignored(env: dict, line: int | None, text: str, ignored: list[str]) -> None:
    if ignored:
        parts = ", ".join(f"`{part}`" for part in ignored)
        _warn(env, line, f"ignored {parts} in the attribute list `{text}` (write `.class`, `#id` or "
                         "`key=\"value\"`)")


def apply_attrs(token: Token, attrs: dict[str, str]) -> None:
    for key, value in attrs.items():
        if key == "class" and token.attrGet("class"):
            token.attrSet("class", f"{token.attrGet('class')} {value}")
        else:
            token.attrSet(key, value)


def _warn(env: dict, line: int | None, message: str) -> None:
    env.setdefault("warnings", []).append((line, message))


def _resolve(env: dict, attrs: dict[str, str], refs: list[str], line: int | None) -> dict[str, str]:
    """Merge referenced attribute list definitions (ALDs) under the IAL's own attributes."""
    merged: dict[str, str] = {}
    for ref in refs:
        if ref == "toc":
            continue
        definition = env.get("kramdown_alds", {}).get(ref)
        if definition is None:
            _warn(env, line, f"attribute list refers to `{ref}`, which no `{{:{ref}: …}}` line defines")
            continue
        for key, value in definition.items():
            merged[key] = f"{merged['class']} {value}" if key == "class" and "class" in merged else value
    for key, value in attrs.items():
        merged[key] = f"{merged['class']} {value}" if key == "class" and "class" in merged else value
    return merged


# -- block rule --------------------------------------------------------------------------------

def ial_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A ``{: …}`` line: one hidden token, resolved by :func:`attach_block_ials`."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if state.src[begin: begin + 2] != "{:":
        return False
    text = state.src[begin: state.eMarks[start_line]]
    match = BLOCK_LINE.match(text)
    if match is None:
        return False
    if silent:
        return True
    token = state.push(TOKEN_TYPE, "", 0)
    token.hidden = True
    token.content = text.strip()
    token.map = [start_line, start_line + 1]
    ignored: list[str] = []
    token.meta = {
        "ald": match.group("ald"),
        "parsed": parse_ial(match.group("body"), ignored),
        "ignored": ignored,
        # kramdown: after a blank line (or first in its container) an IAL goes to the next block;
        # with a blank line on both sides it is ignored
        "blank_before": start_line == 0 or state.isEmpty(start_line - 1),
        "blank_after": start_line + 1 >= end_line or state.isEmpty(start_line + 1),
    }
    state.line = start_line + 1
    return True


def _previous_block(tokens: list[Token], index: int) -> int | None:
    """Opening (or leaf) token of the sibling block just before ``index``, skipping other IALs."""
    i = index - 1
    while i >= 0 and tokens[i].type == TOKEN_TYPE:
        i -= 1
    if i < 0:
        return None
    if tokens[i].nesting == -1:
        return _opening_index(tokens, i)
    if tokens[i].nesting == 0 and tokens[i].type in _LEAF_BLOCKS and not _markdown_tag(tokens[i], "open"):
        return i
    return None  # an opening token: the IAL is the first thing in its container


def _next_block(tokens: list[Token], index: int) -> int | None:
    i = index + 1
    while i < len(tokens) and tokens[i].type == TOKEN_TYPE:
        i += 1
    if i < len(tokens) and (tokens[i].nesting == 1 or tokens[i].type in _LEAF_BLOCKS) \
            and not _markdown_tag(tokens[i], "close"):
        return i
    return None


def _markdown_tag(token: Token, which: str) -> bool:
    """The opening/closing line of a ``markdown="1"`` HTML block (see html_markdown)."""
    return token.type == "html_block" and bool(token.meta) and token.meta.get("markdown") == which


def attach_block_ials(state: StateCore) -> None:
    if "{" not in state.src:  # no attribute list, definition or heading id anywhere
        return
    tokens = state.tokens
    env = state.env
    # one look at every token: where the passes below have something to do
    markers, heading_texts, items, raw_html = [], [], [], []
    previous_type = ""
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "inline":
            if previous_type == "heading_open" and "{" in token.content:
                heading_texts.append(index)
        elif kind == TOKEN_TYPE:
            markers.append(index)
        elif kind in _ITEMS:
            items.append(index)
        elif kind == "html_block":
            raw_html.append(token)
        previous_type = kind
    # attribute list definitions first: an IAL may use one defined further down
    for index in markers:
        token = tokens[index]
        if token.meta["ald"] and token.meta["parsed"] is not None:
            attrs, refs = token.meta["parsed"]
            env.setdefault("kramdown_alds", {})[token.meta["ald"]] = _resolve(env, attrs, refs, None)
    _heading_tails(state, heading_texts)
    _item_heads(state, items)
    if markers:
        _attach_markers(state, markers)
    _scrub_raw_html(raw_html, env)
    if markers:
        state.tokens = _without_markers(tokens, env)


def _attach_markers(state: StateCore, markers: list[int]) -> None:
    """Give each block IAL's attributes to its block (the IAL tokens stay)."""
    tokens = state.tokens
    env = state.env
    plans: list[tuple[Token, dict[str, str], list[str]]] = []
    html_plans: list[tuple[Token, dict[str, str]]] = []
    for index in markers:
        token = tokens[index]
        if token.meta["ald"]:
            continue
        line = token.map[0] + 1 if token.map else None
        if token.meta["parsed"] is None:
            if token.content.startswith(("{::", "{:/")):
                _warn(env, line, f"kramdown extension tag `{token.content}` has no matching opening or closing "
                                 "tag (`{::comment}` … `{:/comment}`, `{::nomarkdown}` … `{:/nomarkdown}`); "
                                 "the tag was dropped")
            else:
                _warn(env, line, f"could not read the attribute list `{token.content}`; it was dropped")
            continue
        attrs, refs = token.meta["parsed"]
        _warn_ignored(env, line, token.content, token.meta["ignored"])
        previous = _previous_block(tokens, index)
        if previous is not None and not token.meta["blank_before"]:
            target: int | None = previous
        elif token.meta["blank_before"] and token.meta["blank_after"]:
            _warn(env, line, f"attribute list `{token.content}` is separated by blank lines from the blocks "
                             "around it, so it applies to none (kramdown ignores it too); it was dropped. Put it "
                             "on the line right after the block")
            continue
        else:
            target = _next_block(tokens, index)
        if target is None:
            _warn(env, line, f"attribute list `{token.content}` has no block to attach to; it was dropped")
            continue
        if _markdown_tag(tokens[target], "close"):
            # ``<div markdown="1">…</div>`` then ``{: .x}``: the attributes go into the opening tag
            opening = _markdown_opening(tokens, target)
            if opening is not None:
                html_plans.append((tokens[opening], _resolve(env, attrs, refs, line)))
                continue
        if tokens[target].type == "html_block":
            _warn(env, line, f"attribute list `{token.content}` next to raw HTML is ignored: "
                             "write the attributes in the HTML tag")
            continue
        if tokens[target].type == "paragraph_open" and tokens[target].hidden:
            # a tight list item's paragraph is not rendered: the item gets the attributes
            item = _enclosing(tokens, target)
            if item is not None:
                target = item
        plans.append((tokens[target], _resolve(env, attrs, refs, line), refs))
    for target, attrs, refs in plans:
        apply_attrs(target, attrs)
        if "toc" in refs and target.type in ("bullet_list_open", "ordered_list_open"):
            target.meta = {**(target.meta or {}), "kramdown_toc": True}
    for opening, attrs in html_plans:
        opening.content = _with_html_attrs(opening.content, attrs)


def _markdown_opening(tokens: list[Token], close_index: int) -> int | None:
    """The ``markdown="1"`` opening tag that the closing tag at ``close_index`` ends."""
    depth = 0
    for i in range(close_index, -1, -1):
        if _markdown_tag(tokens[i], "close"):
            depth += 1
        elif _markdown_tag(tokens[i], "open"):
            depth -= 1
            if depth == 0:
                return i
    return None


def _with_html_attrs(tag: str, attrs: dict[str, str]) -> str:
    """``<div class="a">`` + {class: b, id: x} → ``<div class="a b" id="x">``."""
    body = tag.rstrip()
    tail = tag[len(body):]
    body = body[:-1]  # the closing ">"
    for key, value in attrs.items():
        existing = re.search(rf"""\s{re.escape(key)}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", body)
        if existing is None:
            body += f' {key}="{html.escape(value)}"'
            continue
        if key == "class":
            value = f"{html.unescape(next(g for g in existing.groups() if g is not None))} {value}"
        body = f'{body[: existing.start()]} {key}="{html.escape(value)}"{body[existing.end():]}'
    return body + ">" + tail


_VERBATIM_HTML = re.compile(r"^\s*<(?:pre|script|style|textarea|!--)", re.IGNORECASE)


def _scrub_raw_html(raw_html: list[Token], env: dict) -> None:
    """``<div>…</div>\n{: .x}`` without a blank line: the IAL line is part of the
    raw HTML block.  It cannot apply to raw HTML; drop it (not in <pre>, <script>…)."""
    for token in raw_html:
        if "{:" not in token.content or _VERBATIM_HTML.match(token.content):
            continue
        kept = []
        for offset, text in enumerate(token.content.split("\n")):
            if BLOCK_LINE.match(text.strip()):
                line = token.map[0] + 1 + offset if token.map else None
                _warn(env, line, f"attribute list `{text.strip()}` inside or after raw HTML is ignored: "
                                 "write the attributes in the HTML tag (or leave a blank line after the HTML)")
                continue
            kept.append(text)
        token.content = "\n".join(kept)


def _without_markers(tokens: list[Token], env: dict) -> list[Token]:
    """Drop the IAL tokens and any list marked ``{:toc}``."""
    result: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == TOKEN_TYPE:
            i += 1
            continue
        if token.nesting == 1 and token.meta and token.meta.get("kramdown_toc"):
            env["toc_marker"] = True
            i = _closing_index(tokens, i) + 1
            continue
        result.append(token)
        i += 1
    return result


def _item_heads(state: StateCore, items: list[int]) -> None:
    """kramdown's list item IAL: ``- {: .done} text`` (also ``: {: .x} definition``
    and ``{: .x} term``) gives the ``<li>`` (``<dd>``, ``<dt>``) the attributes.
    ``items``: the indices of the item tokens."""
    tokens = state.tokens
    for index in items:
        token = tokens[index]
        if token.meta and token.meta.get("item_ial"):  # `1. {: .x}` alone on the item's line (lists.py)
            match = ITEM_HEAD.match(token.meta["item_ial"])
            ignored = []
            parsed = parse_ial(match.group("body"), ignored) if match else None
            if parsed is not None:
                line = token.map[0] + 1 if token.map else None
                _warn_ignored(state.env, line, match.group(0).strip(), ignored)  # type: ignore[union-attr]
                apply_attrs(token, _resolve(state.env, parsed[0], parsed[1], line))
            continue
        inline_index = index + 1
        if inline_index < len(tokens) and tokens[inline_index].type == "paragraph_open":
            inline_index += 1
        if inline_index >= len(tokens) or tokens[inline_index].type != "inline":
            continue
        inline = tokens[inline_index]
        if not inline.content.startswith("{:"):
            continue
        match = ITEM_HEAD.match(inline.content)
        ignored: list[str] = []
        parsed = parse_ial(match.group("body"), ignored) if match else None
        if parsed is None:
            continue
        line = inline.map[0] + 1 if inline.map else None
        _warn_ignored(state.env, line, match.group(0).strip(), ignored)  # type: ignore[union-attr]
        apply_attrs(token, _resolve(state.env, parsed[0], parsed[1], line))
        inline.content = inline.content[match.end():]


def _heading_tails(state: StateCore, heading_texts: list[int]) -> None:
    """``## Title {#id}`` / ``## Title {: #id .cls}`` (before the inline parse);
    ``heading_texts``: the indices of the inline tokens of headings holding a ``{``."""
    tokens = state.tokens
    for index in heading_texts:
        token = tokens[index]
        match = HEADING_TAIL.search(token.content)
        if not match:
            continue
        ignored: list[str] = []
        parsed = parse_ial(match.group("body"), ignored if match.group("colon") else None)
        if parsed is None:
            continue  # `## Sets {a, b}` is text; a bad `{: …}` is caught as a leak later
        attrs, refs = parsed
        if match.group("colon") or (set(attrs) <= {"id", "class"} and attrs and not refs):
            line = token.map[0] + 1 if token.map else None
            _warn_ignored(state.env, line, match.group(0).strip(), ignored)
            apply_attrs(tokens[index - 1], _resolve(state.env, attrs, refs, line))
            token.content = token.content[: match.start()]


# -- span form --------------------------------------------------------------------------------

def attach_span_ials(state: StateCore) -> None:
    if "{:" not in state.src:  # text holds `{:` only where the source does
        return
    env = state.env
    open_types: list[str] = []
    for block in state.tokens:
        if block.nesting == 1:
            open_types.append(block.type)
        elif block.nesting == -1 and open_types:
            open_types.pop()
        if block.type != "inline" or not block.children:
            continue
        in_item = any(kind in ("list_item_open", "dd_open") for kind in open_types[-2:])
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
                ignored: list[str] = []
                parsed = parse_ial(match.group("body"), ignored)
                if parsed is not None:
                    _warn_ignored(env, line, match.group(0), ignored)
                    target = previous
                    if previous.type.endswith("_close"):
                        target = children[_opening_index(children, index - 1)]
                    apply_attrs(target, _resolve(env, parsed[0], parsed[1], line))
                    child.content = child.content[match.end():]
            if "{:" in child.content:
                for leak in LEAK.findall(child.content):
                    hint = (" (to give the list item attributes, write it first: `- {: .cls} text`)"
                            if in_item else "")
                    _warn(env, line, f"attribute list `{leak.strip()}` is not right after a link, image, "
                                     f"emphasis or code span, nor on a line of its own; it was dropped{hint}")
                child.content = LEAK.sub("", child.content)


def kramdown_ial_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("table", "kramdown_ial", ial_block, {"alt": ["paragraph", "blockquote", "list"]})
    md.core.ruler.after("block", "kramdown_block_ial", attach_block_ials)
    md.core.ruler.after("inline", "kramdown_span_ial", attach_span_ials)
