"""Admonition containers: ``::: note`` … ``:::`` (mdit-py-plugins' container).

``::: warning 受付時間について`` gives a custom title; without one the title is
the type's name in the document's language (``env["lang"]``; English for a
language without titles).  Kinds: note, tip, important, warning, caution,
danger.  Japanese defaults: 注意 / ヒント / 重要 / 警告 / 注意 / 危険 (note and
caution share 注意, as the specification asks).  The title is plain text
(escaped, no inline Markdown).  A block IAL on the line after the closing
``:::`` adds attributes to the ``<div>``.
"""

from __future__ import annotations

import html

from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin

KINDS = ("note", "tip", "important", "warning", "caution", "danger")
TITLES = {
    "ja": {"note": "注意", "tip": "ヒント", "important": "重要", "warning": "警告", "caution": "注意",
           "danger": "危険"},
    "en": {"note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution",
           "danger": "Danger"},
}


def _render(kind: str):
    def render(self, tokens, idx, options, env) -> str:
        token = tokens[idx]
        if token.nesting == 1:
            info = token.info.strip()
            title = info[len(kind):].strip() if info.startswith(kind) else ""
            if not title:
                lang = str(env.get("lang") or "en").split("-")[0].lower()
                title = TITLES.get(lang, TITLES["en"])[kind]
            attrs = dict(token.attrs or {})
            classes = f"admonition {kind}" + (" " + attrs.pop("class") if attrs.get("class") else "")
            extra = "".join(f' {k}="{html.escape(str(v))}"' for k, v in attrs.items())
            return (f'<div class="{classes}"{extra}>\n'
                    f'<p class="admonition-title">{html.escape(title)}</p>\n')
        return "</div>\n"
    return render


def admonitions_plugin(md: MarkdownIt) -> None:
    for kind in KINDS:
        container_plugin(md, kind, render=_render(kind))
