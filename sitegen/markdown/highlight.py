"""Fenced code highlighted with Pygments at build time (no JavaScript).

Output: ``<pre class="highlight"><code class="language-LANG">…</code></pre>``
(indented code blocks get the same wrapper, never highlighted)
with Pygments token spans inside (``HtmlFormatter(nowrap=True)``; the theme
ships :func:`pygments_css`).  No language, or one Pygments does not know,
gives escaped plain text in the same wrapper with no language class;
``text``/``plaintext`` (and ``txt``, ``plain``, ``none``) give
``language-plaintext``.  Template syntax such as ``{{ x }}`` is never
touched.  Attributes from a kramdown IAL after the fence go
on the ``<pre>``.

As in kramdown, ``{: .language-ruby}`` after a fence without a language
sets the language, and highlighter options after ``?`` (``ruby?start_line=3``)
are ignored.  An attribute list at the end of the info string
(```` ```sh {.copy} ```` or ```` ```sh {: .copy #cmd} ````) also goes on the
``<pre>``; one that cannot be read is dropped with a warning.
"""

from __future__ import annotations

import functools
import html
import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from pygments import highlight as _highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

PLAIN = {"text", "plaintext", "plain", "txt", "none", "console-plain"}
_FORMATTER = HtmlFormatter(nowrap=True)


@functools.lru_cache(maxsize=64)
def _lexer(name: str):
    try:
        return get_lexer_by_name(name, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


@functools.lru_cache(maxsize=256)
def highlight_code(code: str, lang: str) -> tuple[str, str | None]:
    """(inner HTML, language class or None); remembered, as sites repeat
    snippets (a command in the Japanese page and its translation)."""
    lang = (lang or "").strip().lower()
    if not lang or lang in PLAIN:
        return html.escape(code, quote=False), ("language-plaintext" if lang in PLAIN and lang else None)
    lexer = _lexer(lang)
    if lexer is None:
        return html.escape(code, quote=False), None
    return _highlight(code, lexer, _FORMATTER), f"language-{html.escape(lang)}"


_INFO_ATTRS = re.compile(r"\s*\{:?(?P<body>[^{}]*)\}\s*$")
_LANGUAGE_CLASS = re.compile(r"(?:^|\s)language-(\S+)")


def fence_attributes(state: StateCore) -> None:
    """Info-string attribute lists and ``language-x`` classes (after the block IALs are attached)."""
    from .ial import apply_attrs, parse_ial

    for token in state.tokens:
        if token.type != "fence":
            continue
        match = _INFO_ATTRS.search(token.info)
        if match:
            parsed = parse_ial(match.group("body"))
            if parsed is None or parsed[1]:
                line = token.map[0] + 1 if token.map else None
                state.env.setdefault("warnings", []).append(
                    (line, f"could not read the attribute list `{match.group(0).strip()}` after the code "
                           "fence's language; it was dropped"))
            else:
                apply_attrs(token, parsed[0])
            token.info = token.info[: match.start()]
        css = str(token.attrGet("class") or "")
        language = _LANGUAGE_CLASS.search(css)
        if language and not token.info.strip():
            token.info = language.group(1)
            rest = (css[: language.start()] + " " + css[language.end():]).split()
            if rest:
                token.attrSet("class", " ".join(rest))
            else:
                token.attrs.pop("class", None)


def render_fence(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    info = token.info.strip()
    lang = info.split(maxsplit=1)[0].split("?", 1)[0] if info else ""
    inner, css = highlight_code(token.content, lang)
    attrs = dict(token.attrs or {})
    classes = "highlight" + (" " + attrs.pop("class") if attrs.get("class") else "")
    extra = "".join(f' {key}="{html.escape(str(value))}"' for key, value in attrs.items())
    code_class = f' class="{css}"' if css else ""
    return f'<pre class="{classes}"{extra}><code{code_class}>{inner}</code></pre>\n'


def render_code_block(self, tokens, idx, options, env) -> str:
    """An indented code block: plain text in the same wrapper as a fence (the theme styles ``pre.highlight``)."""
    token = tokens[idx]
    attrs = dict(token.attrs or {})
    classes = "highlight" + (" " + attrs.pop("class") if attrs.get("class") else "")
    extra = "".join(f' {key}="{html.escape(str(value))}"' for key, value in attrs.items())
    return f'<pre class="{classes}"{extra}><code>{html.escape(token.content, quote=False)}</code></pre>\n'


def highlight_plugin(md: MarkdownIt) -> None:
    md.add_render_rule("fence", render_fence)
    md.add_render_rule("code_block", render_code_block)
    md.core.ruler.push("fence_attributes", fence_attributes)


def pygments_css(style: str = "default", selector: str = ".highlight") -> str:
    """The CSS for the highlighted spans (Pygments ``default`` style), scoped to ``.highlight``."""
    return HtmlFormatter(style=style).get_style_defs(selector)
