"""CJK helpers and the ``cjk_breaks`` plugin.

A soft line break between two CJK characters inside a paragraph produces
nothing (no space, no newline), like Hugo goldmark's ``cjk`` option: Japanese
editors wrap long lines, and a space in the middle of a Japanese sentence is
a visible mistake.  Between Latin words the soft break stays, and so does a
break between a CJK character and a Latin one (``これは\nZoom``,
``しました。\nThank you``), exactly as in goldmark's default ("simple")
style.  Two differences from that style, both those of goldmark's
``css3draft`` style: full-width forms (``（）！：``) join lines like kana, and
Hangul does not (see below).  Unlike goldmark, which only compares two
adjacent text nodes, the characters are looked up across inline markup
(``**太字の**\n*続き*``).

"CJK" for line breaks means Han (with radicals, extensions and compatibility
ideographs), Hiragana, Katakana, CJK symbols and punctuation (``、。「」``),
and the full-width/half-width forms block (``（）！：``, half-width kana).
Korean Hangul is not included here: Korean separates words with spaces, so a
line break between two Hangul syllables is a word boundary.  The emphasis
plugin's :func:`is_cjk` does include Hangul (the CJK-friendly amendment
covers it).
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

_RANGES = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x2FF0, 0x2FFF),
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x309F),  # Hiragana
    (0x30A0, 0x30FF),  # Katakana
    (0x3100, 0x312F),
    (0x3130, 0x318F),
    (0x3190, 0x31FF),
    (0x3200, 0x32FF),
    (0x3300, 0x33FF),
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA960, 0xA97F),
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half-width and full-width forms
    (0x20000, 0x2FFFF),  # supplementary ideographs
)


_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7AF))


def is_cjk(char: str) -> bool:
    """A CJK character, Hangul included (for the emphasis flanking rule)."""
    if not char:
        return False
    code = ord(char[0])
    if code < 0x1100:
        return False
    return any(low <= code <= high for low, high in _RANGES)


def joins_lines(char: str) -> bool:
    """A character after (or before) which a soft line break disappears: CJK but not Hangul."""
    if not is_cjk(char):
        return False
    code = ord(char[0])
    return not any(low <= code <= high for low, high in _HANGUL)


def _edge_char(children, index: int, step: int) -> str:
    """The nearest visible character before (step=-1) or after (step=1) a token."""
    i = index + step
    while 0 <= i < len(children):
        token = children[i]
        if token.type in ("text", "code_inline") and token.content:
            return token.content[-1] if step < 0 else token.content[0]
        if token.type in ("softbreak", "hardbreak", "image"):
            return ""
        i += step
    return ""


def cjk_breaks_plugin(md: MarkdownIt) -> None:
    def cjk_breaks(state: StateCore) -> None:
        for block in state.tokens:
            if block.type != "inline" or not block.children or "\n" not in block.content:  # no line break
                continue
            children = block.children
            for index, token in enumerate(children):
                if token.type != "softbreak":
                    continue
                if joins_lines(_edge_char(children, index, -1)) and joins_lines(_edge_char(children, index, 1)):
                    token.type = "text"
                    token.tag = ""
                    token.content = ""

    md.core.ruler.push("cjk_breaks", cjk_breaks)
