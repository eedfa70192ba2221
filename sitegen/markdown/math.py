"""Math as MathML at build time: ``$…$`` inline, ``$$…$$`` (own lines, or
inside a paragraph as kramdown writes it) and ```` ```math ```` fences
displayed; no JavaScript in the page.

Parsing is mdit-py-plugins' ``dollarmath`` with the options that keep prose
prose: no space just inside the dollars (``$ 5 $`` is text) and no digit
right outside them (``$5 and $10`` is text, so is ``US$5``); ``\\$`` is a
literal dollar.  ``latex2mathml`` turns the LaTeX into MathML::

    $x^2$        → <math display="inline">…</math>
    $$\\frac{a}{b}$$  (own lines) → <div class="math-block"><math display="block">…</math></div>

LaTeX that ``latex2mathml`` cannot read (``x^``, ``\\begin{matrix}`` without
its end, ``{``) or a command it does not know (``\\foo``) is a warning with
the file line; the page shows the source as ``<code class="math-error">``.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.dollarmath import dollarmath_plugin

_BARE_AMP = re.compile(r"&(?!#?[A-Za-z0-9]+;)")
_UNKNOWN = re.compile(r"<m[io][^>]*>(\\[A-Za-z]+)</m[io]>")
_INLINE = ("math_inline", "math_inline_double")
_BLOCK = ("math_block", "math_block_label")


def to_mathml(latex: str, display: bool) -> tuple[str | None, str | None]:
    """(MathML, None) or (None, what went wrong)."""
    from latex2mathml.converter import convert

    try:
        mathml = convert(latex, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml's errors are many small classes
        name = re.sub(r"(?<!^)(?=[A-Z])", " ", type(exc).__name__).lower().replace(" error", "")
        detail = str(exc).strip()
        return None, f"{name}{': ' + detail if detail else ''}"
    unknown = _UNKNOWN.search(mathml)
    if unknown:
        return None, f"unknown command `{unknown.group(1)}`"
    return _BARE_AMP.sub("&amp;", mathml), None


def convert_math(state: StateCore) -> None:
    """Convert every math token once (with its line for warnings); ```` ```math ```` fences too."""
    warnings = state.env.setdefault("warnings", [])

    def convert(token, display: bool, line: int | None) -> None:
        latex = token.content.strip()
        mathml, problem = to_mathml(latex, display)
        token.meta = dict(token.meta or {}, mathml=mathml)
        if problem is not None:
            warnings.append((line, f"math could not be read ({problem}): `{_short(latex)}`; "
                                   "it is shown as code"))

    for token in state.tokens:
        if token.type == "fence" and token.info.strip().lower() == "math":
            token.type = "math_block"
        if token.type in _BLOCK:
            convert(token, True, token.map[0] + 1 if token.map else None)
        elif token.type == "inline" and token.children and "$" in token.content:  # `$` starts inline math
            line = token.map[0] + 1 if token.map else None
            for child in token.children:
                if child.type in _INLINE:
                    convert(child, child.type == "math_inline_double", line)
                if line is not None:
                    line += child.content.count("\n") if child.type in _INLINE else 0
                    if child.type in ("softbreak", "hardbreak"):
                        line += 1


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "…"


def _fallback(token, display: bool) -> str:
    source = html.escape(token.content.strip())
    code = f'<code class="math-error">{"$$" if display else "$"}{source}{"$$" if display else "$"}</code>'
    return f'<pre class="math-block">{code}</pre>\n' if token.type in _BLOCK else code


def _render_inline(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    mathml = (token.meta or {}).get("mathml")
    return mathml if mathml else _fallback(token, token.type == "math_inline_double")


def _render_block(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    before = "\n" if idx and tokens[idx - 1].hidden else ""  # after a tight list item's text
    mathml = (token.meta or {}).get("mathml")
    if not mathml:
        return before + _fallback(token, True)
    ident = f' id="{html.escape(token.info, quote=True)}"' if token.type == "math_block_label" and token.info else ""
    return f'{before}<div class="math-block"{ident}>{mathml}</div>\n'


def math_plugin(md: MarkdownIt) -> None:
    dollarmath_plugin(md, allow_space=False, allow_digits=False, double_inline=True,
                      allow_blank_lines=False, allow_labels=True)
    md.core.ruler.push("math_mathml", convert_math)
    for name in _INLINE:
        md.add_render_rule(name, _render_inline)
    for name in _BLOCK:
        md.add_render_rule(name, _render_block)
