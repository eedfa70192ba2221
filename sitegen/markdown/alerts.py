"""GitHub alerts (``> [!NOTE]`` … ``[!CAUTION]``) as the theme's admonitions.

markdown-it-py (4.1+) parses GitHub's alert syntax itself (the ``alerts``
option: ``[!TYPE]`` alone on the first line of a blockquote, the type in any
case); this plugin only turns it on and renders it the way ``::: note``
containers render (:mod:`.admonitions`)::

    > [!WARNING]
    > 受付は平日のみです。

    <div class="admonition warning">
    <p class="admonition-title">警告</p>
    <p>受付は平日のみです。</p>
    </div>

The title is the type's name in the document's language (注意 / ヒント / 重要
/ 警告 / 注意; Note / Tip / Important / Warning / Caution).  A blockquote
starting with ``[!SOMETHING]`` of another type stays a blockquote, as on
GitHub, with a warning naming the five types, so a typo does not pass
silently.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from .admonitions import TITLES

ALERT_TYPES = ("note", "tip", "important", "warning", "caution")
_MARKER = re.compile(r"^\[!([A-Za-z]+)\]\s*$")


def _title(kind: str, env) -> str:
    lang = str((env or {}).get("lang") or "en").split("-")[0].lower()
    return TITLES.get(lang, TITLES["en"]).get(kind, kind.capitalize())


def localize_titles(state: StateCore) -> None:
    """The title paragraph markdown-it emits says "Note": make it the document's language,
    before inline parsing; and warn about ``[!TYPO]`` markers."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "alert_open":
            kind = str(token.meta.get("kind") or token.info or "note").lower()
            token.meta["kind"] = kind
            if index + 2 < len(tokens) and tokens[index + 1].type == "alert_title_open":
                title = tokens[index + 2]
                title.content = _title(kind, state.env)
                title.children = []
        elif token.type == "blockquote_open" and index + 2 < len(tokens) and tokens[index + 1].type == "paragraph_open":
            first = tokens[index + 2].content.split("\n", 1)[0]
            match = _MARKER.match(first)
            if match and match.group(1).lower() not in ALERT_TYPES:
                line = token.map[0] + 1 if token.map else None
                state.env.setdefault("warnings", []).append(
                    (line, f"`[!{match.group(1)}]` is not a GitHub alert type (known: "
                           f"{', '.join(t.upper() for t in ALERT_TYPES)}); it is shown as a plain quote"))


def _render_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    kind = str(token.meta.get("kind") or "note").lower()
    attrs = dict(token.attrs or {})
    classes = [c for c in str(attrs.pop("class", "")).split() if not c.startswith("markdown-alert")]
    extra = "".join(f' {k}="{html.escape(str(v))}"' for k, v in attrs.items())
    # a new line after a tight list item's hidden paragraph, as markdown-it does for blocks
    before = "\n" if idx and tokens[idx - 1].hidden else ""
    return f'{before}<div class="{" ".join(["admonition", kind] + classes)}"{extra}>\n'


def _render_title_open(self, tokens, idx, options, env) -> str:
    return '<p class="admonition-title">'


def alerts_plugin(md: MarkdownIt) -> None:
    md.options["alerts"] = True
    md.core.ruler.after("block", "alert_titles", localize_titles)
    md.add_render_rule("alert_open", _render_open)
    md.add_render_rule("alert_title_open", _render_title_open)
