"""Fenced code highlighted with Pygments at build time (no JavaScript).

Output: ``<pre class="highlight"><code class="language-LANG">…</code></pre>``
with Pygments token spans inside (``HtmlFormatter(nowrap=True)``; the theme
ships :func:`pygments_css`).  No language, or one Pygments does not know,
gives escaped plain text in the same wrapper with no language class;
``text``/``plaintext`` (and ``txt``, ``plain``, ``none``) give
``language-plaintext``.  Template syntax such as ``{{ x }}`` is never
touched.  Attributes from a kramdown IAL after the fence go
on the ``<pre>``.
"""

from __future__ import annotations

import functools
import html

from markdown_it import MarkdownIt
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


def highlight_code(code: str, lang: str) -> tuple[str, str | None]:
    """(inner HTML, language class or None)."""
    lang = (lang or "").strip().lower()
    if not lang or lang in PLAIN:
        return html.escape(code, quote=False), ("language-plaintext" if lang in PLAIN and lang else None)
    lexer = _lexer(lang)
    if lexer is None:
        return html.escape(code, quote=False), None
    return _highlight(code, lexer, _FORMATTER), f"language-{html.escape(lang)}"


def render_fence(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    info = token.info.strip()
    lang = info.split(maxsplit=1)[0] if info else ""
    inner, css = highlight_code(token.content, lang)
    attrs = dict(token.attrs or {})
    classes = "highlight" + (" " + attrs.pop("class") if attrs.get("class") else "")
    extra = "".join(f' {key}="{html.escape(str(value))}"' for key, value in attrs.items())
    code_class = f' class="{css}"' if css else ""
    return f'<pre class="{classes}"{extra}><code{code_class}>{inner}</code></pre>\n'


def highlight_plugin(md: MarkdownIt) -> None:
    md.add_render_rule("fence", render_fence)


def pygments_css(style: str = "default", selector: str = ".highlight") -> str:
    """The CSS for the highlighted spans (Pygments ``default`` style), scoped to ``.highlight``."""
    return HtmlFormatter(style=style).get_style_defs(selector)
