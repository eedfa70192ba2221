"""Admonition containers: ``::: note`` … ``:::`` (mdit-py-plugins' container).

``::: warning 受付時間について`` gives a custom title; without one the title is
the type's name in the document's language (``env["lang"]``; English for a
language without titles).  Kinds: note, tip, important, warning, caution,
danger.  Japanese defaults: 注意 / ヒント / 重要 / 警告 / 注意 / 危険 (note and
caution share 注意, as the specification asks).  The title is plain text
(escaped, no inline Markdown).  A block IAL on the line after the closing
``:::`` adds attributes to the ``<div>``.

The type is case-insensitive (``::: Warning``).  Any other word
(``::: info``) still makes an admonition, ``class="admonition info"`` titled
with the word as written (or the custom title), and a warning naming the
known types: the page never shows literal ``:::`` lines for a typo.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.container import container_plugin

KINDS = ("note", "tip", "important", "warning", "caution", "danger")
TITLES = {
    "ja": {"note": "注意", "tip": "ヒント", "important": "重要", "warning": "警告", "caution": "注意",
           "danger": "危険"},
    "en": {"note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution",
           "danger": "Danger"},
}


_INFO = re.compile(r"^\s*([A-Za-z][\w-]*)(?:\s+(.*))?$", re.DOTALL)
NAME = "admonition"


def _validate(params: str, *args) -> bool:
    return _INFO.match(params) is not None


def _kind_and_title(info: str) -> tuple[str, str, str]:
    """(kind lowercased, the word as written, custom title or "")."""
    match = _INFO.match(info)
    if match is None:  # pragma: no cover - validated when parsed
        return "note", "note", ""
    return match.group(1).lower(), match.group(1), (match.group(2) or "").strip()


def _render(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    if token.nesting != 1:
        return "</div>\n"
    kind, written, title = _kind_and_title(token.info)
    if not title:
        lang = str(env.get("lang") or "en").split("-")[0].lower()
        title = TITLES.get(lang, TITLES["en"]).get(kind, written)
    attrs = dict(token.attrs or {})
    classes = f"admonition {kind}" + (" " + attrs.pop("class") if attrs.get("class") else "")
    extra = "".join(f' {k}="{html.escape(str(v))}"' for k, v in attrs.items())
    return (f'<div class="{classes}"{extra}>\n'
            f'<p class="admonition-title">{html.escape(title)}</p>\n')


def warn_unknown_kinds(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == f"container_{NAME}_open":
            kind, written, _ = _kind_and_title(token.info)
            if kind not in KINDS:
                line = token.map[0] + 1 if token.map else None
                state.env.setdefault("warnings", []).append(
                    (line, f"unknown admonition type `{written}` (known: {', '.join(KINDS)}); "
                           f"it is shown as a plain box with class `{kind}`"))


def admonitions_plugin(md: MarkdownIt) -> None:
    container_plugin(md, NAME, validate=_validate, render=_render)
    md.core.ruler.push("admonition_kinds", warn_unknown_kinds)
