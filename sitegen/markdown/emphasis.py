"""Emphasis that works next to Japanese, as in kramdown.

Strict CommonMark does not close ``**`` in ``**[窓口](/support/)**に相談``
(a delimiter run preceded by punctuation must be followed by whitespace or
punctuation).  Japanese has no spaces, so this plugin replaces the emphasis
tokenizer with one whose flanking check treats an adjacent CJK character like
whitespace for the punctuation rule (the "CommonMark CJK-friendly"
amendment); ``~~strikethrough~~`` gets the same check (``~~**取消**~~です``,
struck through in kramdown too).  The upstream ``balance_pairs`` and
emphasis post-processing stay;
Latin text behaves exactly as CommonMark says.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline.state_inline import Delimiter, Scanned, StateInline
from markdown_it.rules_inline.strikethrough import tokenize as _upstream_strikethrough

from .cjk import is_cjk


def scan_delims(state: StateInline, start: int, can_split_word: bool) -> Scanned:
    pos = start
    maximum = state.posMax
    marker = state.src[start]
    last_char = state.src[start - 1] if start > 0 else " "
    while pos < maximum and state.src[pos] == marker:
        pos += 1
    count = pos - start
    next_char = state.src[pos] if pos < maximum else " "

    last_punct = isMdAsciiPunct(ord(last_char)) or isPunctChar(last_char)
    next_punct = isMdAsciiPunct(ord(next_char)) or isPunctChar(next_char)
    last_space = isWhiteSpace(ord(last_char))
    next_space = isWhiteSpace(ord(next_char))
    last_cjk = is_cjk(last_char)
    next_cjk = is_cjk(next_char)

    left_flanking = not (next_space or (next_punct and not (last_space or last_punct or last_cjk)))
    right_flanking = not (last_space or (last_punct and not (next_space or next_punct or next_cjk)))
    can_open = left_flanking and (can_split_word or not right_flanking or last_punct)
    can_close = right_flanking and (can_split_word or not left_flanking or next_punct)
    return Scanned(can_open, can_close, count)


def tokenize(state: StateInline, silent: bool) -> bool:
    start = state.pos
    marker = state.src[start]
    if silent or marker not in ("_", "*"):
        return False
    scanned = scan_delims(state, state.pos, marker == "*")
    for _ in range(scanned.length):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(Delimiter(
            marker=ord(marker), length=scanned.length, token=len(state.tokens) - 1,
            end=-1, open=scanned.can_open, close=scanned.can_close))
    state.pos += scanned.length
    return True


def tokenize_strikethrough(state: StateInline, silent: bool) -> bool:
    """markdown-it's ``~~`` rule with the same CJK-friendly flanking check."""
    start, count = state.pos, len(state.delimiters)
    if not _upstream_strikethrough(state, silent):
        return False
    if state.src[start] == "~":
        scanned = scan_delims(state, start, True)
        for delimiter in state.delimiters[count:]:
            delimiter.open, delimiter.close = scanned.can_open, scanned.can_close
    return True


def cjk_emphasis_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.at("emphasis", tokenize)
    md.inline.ruler.at("strikethrough", tokenize_strikethrough)
