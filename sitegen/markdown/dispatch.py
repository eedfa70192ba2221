"""Block and inline rules tried only where they can match.

markdown-it tries every block rule, in order, at the start of each block (and
every terminator rule on each line of a paragraph), and every inline rule at
each character the ``text`` rule stops at, until one matches.  With
sitegen's plugins that is some twenty block rules for a paragraph line and
seventeen inline rules for a ``-`` or ``:`` in the text, nearly all of which
look at the first character and return ``False``.

Most rules can only match a line (or a position) starting with one of a few
characters: a fence starts with a backtick or a tilde, a heading with ``#``,
a link with ``[``.  :func:`dispatch_plugin` replaces each of the parser's
rule chains with one rule that calls, in the chain's order, only the rules
that can match the character found there (chains remembered per
character).  A rule that returns ``False`` without looking at anything is
all that is skipped, so the tokens are exactly the same; a rule not in the
tables below (a plugin added later) is always tried.

Block lines indented four columns or more past the block's indent (code,
or too deep for most rules) and lines with nothing after their indentation
get the whole chain, as markdown-it gives them.

The inline post-processing chain (``ruler2``, once per inline block) skips the
rules that pair emphasis and strikethrough delimiters in a block without
``*``, ``_`` or ``~`` (no delimiter to pair).

The chains are installed last (:func:`dispatch_plugin` after every other
plugin); any later change to a ruler drops them and markdown-it's own chains
come back.
"""

from __future__ import annotations

from typing import Callable

from markdown_it import MarkdownIt
from markdown_it.ruler import Ruler

ANY = None

# Block rules: the characters a line (after its indentation) must start with
# for the rule to match it; ANY when the rule looks further (the next line).
# Called from markdown-it's tokenize loop (silent=False): ``BLOCK``; as
# terminators of a paragraph, list, quote or reference (silent=True):
# ``BLOCK_SILENT`` where different.
BLOCK: dict[str, str | None] = {
    "headerless_table": "+|:-",  # tables.headerless_table: a separator row
    "kramdown_extension": "{",  # `{::comment}`
    "kramdown_ial": "{",  # `{: .note}`
    "table": ANY,  # decided by the next line (the delimiter row)
    "code": "",  # indented code: only on lines indented 4 or more (whole chain there)
    "container_admonition": ":",  # `::: note`
    "math_block": "$",  # `$$`
    "fence": "`~",
    "blockquote": ">",
    "hr": "*-_",
    "list": "+*-0123456789",
    "footnote_def": "[",  # `[^1]: ...`
    "reference": "[",
    "html_markdown": "<",
    "html_markdown_summary": "<",
    "html_block": "<",
    "heading": "#",
    "lheading": ANY,  # decided by the next line (the underline)
    "deflist": ANY,  # decided by the next line (`: definition`)
    "paragraph": ANY,
}
BLOCK_SILENT: dict[str, str | None] = {
    **BLOCK,
    "deflist": ":~",  # validation mode: a `:`/`~` definition line of the current list
}

# Inline rules: the character at the position for the rule to match there.
# ``text`` matches at any character that is not one of markdown-it's
# terminators (and at none of them): it is given TEXT.
TEXT = "text"
INLINE: dict[str, str | None] = {
    "kramdown_extension": "{",  # `{::nomarkdown}...{:/}`
    "text": TEXT,
    "linkify": ":",  # `://` after a scheme
    "newline": "\n",
    "math_inline": "$",
    "escape": "\\",
    "backticks": "`",
    "strikethrough": "~",
    "emphasis": "*_",
    "link": "[",
    "image": "!",
    "footnote_inline": "^",  # `^[note]`
    "footnote_ref": "[",  # `[^1]`
    "autolink": "<",
    "raw_html_span": "<",
    "html_inline": "<",
    "entity": "&",
}


def _named_chain(ruler: Ruler, chain: str) -> list[tuple[str, Callable]]:
    """The chain's rules in order with their names (as ``Ruler.getRules`` lists them)."""
    return [(rule.name, rule.fn) for rule in ruler.__rules__
            if rule.enabled and (chain == "" or chain in rule.alt)]


def _block_dispatcher(rules: list[tuple[str, Callable]], table: dict[str, str | None]) -> Callable:
    full = tuple(fn for _, fn in rules)
    starts = [(fn, table.get(name, ANY)) for name, fn in rules]
    by_char: dict[str, tuple[Callable, ...]] = {}

    def chain_for(char: str) -> tuple[Callable, ...]:
        found = by_char[char] = tuple(fn for fn, chars in starts if chars is ANY or char in chars)
        return found

    def block_rules(state, start_line: int, end_line: int, silent: bool) -> bool:
        begin = state.bMarks[start_line] + state.tShift[start_line]
        if begin >= state.eMarks[start_line] or state.sCount[start_line] - state.blkIndent >= 4:
            rules_here = full
        else:
            char = state.src[begin]
            rules_here = by_char.get(char)
            if rules_here is None:
                rules_here = chain_for(char)
        for rule in rules_here:
            if rule(state, start_line, end_line, silent):
                return True
        return False
    return block_rules


def _inline_dispatcher(md: MarkdownIt, rules: list[tuple[str, Callable]]) -> Callable:
    full = tuple(fn for _, fn in rules)
    starts = [(fn, INLINE.get(name, ANY)) for name, fn in rules]
    by_char: dict[str, tuple[Callable, ...]] = {}

    def chain_for(char: str) -> tuple[Callable, ...]:
        is_text = md.inline.terminator_re.match(char) is None
        found = by_char[char] = tuple(fn for fn, chars in starts
                                      if chars is ANY or (is_text if chars == TEXT else char in chars))
        return found

    def inline_rules(state, silent: bool) -> bool:
        pos = state.pos
        if pos >= len(state.src):
            rules_here = full
        else:
            char = state.src[pos]
            rules_here = by_char.get(char)
            if rules_here is None:
                rules_here = chain_for(char)
        for rule in rules_here:
            if rule(state, silent):
                return True
        return False
    return inline_rules


# Inline post-processing rules (``md.inline.ruler2``, run once per inline block)
# that only pair the delimiter runs emphasis and strikethrough push, for `*`,
# `_` and `~`: an inline block without these characters has none.
# (``fragments_join`` always runs: it sets the tokens' levels too.)
DELIMITER_RULES = frozenset({"balance_pairs", "strikethrough", "emphasis"})
DELIMITERS = "*_~"


def _post_dispatcher(rules: list[tuple[str, Callable]]) -> Callable:
    full = tuple(fn for _, fn in rules)
    light = tuple(fn for name, fn in rules if name not in DELIMITER_RULES)
    star, underscore, tilde = DELIMITERS

    def post_rules(state) -> None:
        src = state.src
        for rule in full if star in src or underscore in src or tilde in src else light:
            rule(state)
    return post_rules


def dispatch_plugin(md: MarkdownIt) -> None:
    """Install the dispatching chains (after every other plugin)."""
    block, inline, post = md.block.ruler, md.inline.ruler, md.inline.ruler2
    for ruler in (block, inline, post):
        ruler.__cache__ = None
        ruler.getRules("")  # compiles the chains (markdown-it's own)
    for chain in list(block.__cache__ or {}):
        rules = _named_chain(block, chain)
        assert [fn for _, fn in rules] == block.__cache__[chain]
        block.__cache__[chain] = [_block_dispatcher(rules, BLOCK if chain == "" else BLOCK_SILENT)]
    rules = _named_chain(inline, "")
    assert [fn for _, fn in rules] == inline.__cache__[""]
    inline.__cache__[""] = [_inline_dispatcher(md, rules)]
    rules = _named_chain(post, "")
    assert [fn for _, fn in rules] == post.__cache__[""]
    post.__cache__[""] = [_post_dispatcher(rules)]
