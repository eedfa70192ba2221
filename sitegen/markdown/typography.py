"""Typography as kramdown does it: smart quotes, dashes, ellipsis, guillemets.

kramdown (Jekyll's Markdown) turns, in text (never in code spans, code
blocks, raw HTML or the contents of ``<code>``/``<kbd>``/``<samp>``/``<var>``):

====================  =========================================
``---``               — (em dash)
``--``                – (en dash)
``...``               … (ellipsis)
``<<`` / ``>>``       « / » (``<< `` and `` >>`` with a no-break space)
``\\<<`` / ``\\>>``     ``<<`` / ``>>`` as written
``"…"`` / ``'…'``     “…” / ‘…’, and ``'`` in ``it's``, ``'90s`` is ’
====================  =========================================

The quote rules are kramdown's own (``SQ_RULES``, from RubyPants), applied
with kramdown's scanner semantics: a quote sees the character before it
only when that character is in the same run of text (not when it ends an
emphasis, a link or a code span), and sees what follows in the source.  Next
to Japanese this gives kramdown's results too: ``"UTokyo アゴラ"`` is
“UTokyo アゴラ”, while an opening quote right after a Japanese character is
read as a closing one (``彼は"走る"`` gives ”走る”, as on the Jekyll site;
write “ ” or 「 」 there).

Off with ``markdown: {typographer: false}`` in ``site.yml`` (the option
travels in ``env["typographer"]``; the default is on, as in kramdown).
Runs where markdown-it's own ``replacements``/``smartquotes`` would, before
``text_join`` (escaped characters are still their own tokens then, so
``\\"`` stays a straight quote).  Text inside a linkified bare URL is left
alone.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

# Ruby's \s and \w are ASCII; \b is Unicode-aware (Onigmo), as Python's.
_S = r"[ \t\r\n\f\v]"
_NS = r"[^ \t\r\n\f\v]"
_W = r"[A-Za-z0-9_]"
_SQ_PUNCT = r"""[!"#$%'()*+,\-./:;<=>?@\[\\\]^_`{|}~]"""
_SQ_CLOSE = r"[^ \\\t\r\n\[{(-]"
LDQUO, RDQUO, LSQUO, RSQUO = "\u201c", "\u201d", "\u2018", "\u2019"

# (pattern, substitutions): an int is a group kept as text; "l1"/"r1"/"l2"/"r2" is a
# left/right quote of the kind in group 1/2; other strings are literal characters
_RULES: list[tuple[re.Pattern[str], tuple]] = [
    (re.compile(rf"(\"|')(?=[_*]{{1,2}}{_NS})"), ("l1",)),
    (re.compile(rf"(\"|')(?={_SQ_PUNCT}(?!\.\.)\B)"), ("r1",)),
    (re.compile(rf"({_S}?)\"'(?={_W})"), (1, LDQUO, LSQUO)),
    (re.compile(rf"({_S}?)'\"(?={_W})"), (1, LSQUO, LDQUO)),
    (re.compile(rf"({_S}?)'(?=[0-9][0-9]s)"), (1, RSQUO)),
    (re.compile(rf"({_S})('|\")(?={_W})"), (1, "l2")),
    (re.compile(rf"({_SQ_CLOSE})('|\")"), (1, "r2")),
    (re.compile(rf"(\"|')(?={_S}|s\b|$)", re.MULTILINE), ("r1",)),
    (re.compile(r"(.?)'", re.DOTALL), (1, LSQUO)),
    (re.compile(r"(.?)\"", re.DOTALL), (1, LDQUO)),
]
_QUOTE = {("l", '"'): LDQUO, ("r", '"'): RDQUO, ("l", "'"): LSQUO, ("r", "'"): RSQUO}
NBSP = "\u00a0"
_SYMBOLS = (("---", "\u2014"), ("--", "\u2013"), ("...", "\u2026"), ("<< ", "\u00ab" + NBSP),
            (" >>", NBSP + "\u00bb"), ("<<", "\u00ab"), (">>", "\u00bb"))
# where kramdown's scanner stops: a quote (with the character before it), a symbol, or the
# start of a span that kramdown tries before smart quotes (emphasis, code, HTML, link)
_STOP = re.compile(r"""[^\\]?["']|---|--|\.\.\.|<< | >>|<<|>>|[*_`\[]|<(?=[A-Za-z_/!])""")
_OTHER_SPAN = re.compile(r"[*_`\[]|<(?=[A-Za-z_/!])")
# what kramdown_typography can change; an inline block whose source has none of these is left as it is
# (entities and escapes such as `&quot;` are not text for it: they stay as written)
_MAYBE = re.compile(r"[\"']|--|\.\.\.|<<|>>")


def kramdown_typography(text: str, tail: str = "") -> str:
    """``text`` (one run of kramdown text; ``tail`` is the source that follows it) typeset."""
    if not any(c in text for c in "\"'-.<>"):
        return text
    source = text + tail
    end = len(text)
    out: list[str] = []
    pos = 0
    while pos < end:
        stop = _STOP.search(source, pos, end)
        if stop is None:
            out.append(text[pos:])
            break
        start = stop.start()
        out.append(text[pos:start])
        pos = start
        if _OTHER_SPAN.match(source, pos):  # another kind of span: kramdown consumes the character
            out.append(text[pos])
            pos += 1
            continue
        if source[pos] in "\"'" or (pos + 1 < len(source) and source[pos + 1] in "\"'"):
            for pattern, substitutions in _RULES:
                match = pattern.match(source, pos)
                if match is None:
                    continue
                for item in substitutions:
                    if isinstance(item, int):
                        out.append(match.group(item))
                    elif item in ("l1", "r1", "l2", "r2"):
                        out.append(_QUOTE[(item[0], match.group(int(item[1])))])
                    else:
                        out.append(item)
                pos = match.end()
                break
            continue
        for symbol, replacement in _SYMBOLS:
            if source.startswith(symbol, pos):
                out.append(replacement)
                pos += len(symbol)
                break
        else:  # pragma: no cover - _STOP only stops at the cases above
            out.append(text[pos])
            pos += 1
    return "".join(out)


def _source_of(token: Token) -> str:
    """Roughly the Markdown source a (non-text) inline token stands for: enough lookahead."""
    if token.type == "softbreak":
        return "\n"
    if token.type in ("em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"):
        return token.markup
    if token.type == "code_inline":
        return token.markup + token.content
    if token.type in ("html_inline", "text", "text_special"):
        return token.content
    if token.type == "link_open":
        return "["
    if token.type == "link_close":
        return "]("
    if token.type == "image":
        return "!["
    if token.type == "hardbreak":
        return "\n"
    return ""


def typography(state: StateCore) -> None:
    if state.env.get("typographer", True) is False:
        return
    if _MAYBE.search(state.src) is None:  # an inline block's text is the source's, less line prefixes
        return
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        text = block.content  # _MAYBE.search(text), with substring tests (faster on short texts)
        if not ('"' in text or "'" in text or "--" in text or "..." in text or "<<" in text or ">>" in text):
            continue
        children = block.children
        in_autolink = 0
        i = 0
        while i < len(children):
            token = children[i]
            if token.type == "link_open" and token.info == "auto":
                in_autolink += 1
            elif token.type == "link_close" and in_autolink:
                in_autolink -= 1
            if token.type != "text" or in_autolink:
                i += 1
                continue
            # one run: text tokens joined by soft line breaks
            j = i
            while j < len(children) and children[j].type in ("text", "softbreak"):
                j += 1
            run = children[i:j]
            joined = "".join(t.content if t.type == "text" else "\n" for t in run)
            tail = "".join(_source_of(t) for t in children[j: j + 3])[:6]
            result = kramdown_typography(joined, tail)
            if result != joined:
                _spread(run, result)
            i = j


def _spread(run: list[Token], result: str) -> None:
    """Put the typeset text back into the run's text tokens (soft breaks are the newlines)."""
    segments = result.split("\n")
    index = 0
    for token in run:
        if token.type == "softbreak":
            index += 1
        else:
            token.content = segments[index]


def typography_plugin(md: MarkdownIt) -> None:
    md.core.ruler.before("text_join", "kramdown_typography", typography)
