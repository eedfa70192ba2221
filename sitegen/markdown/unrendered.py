"""Warnings for constructs pasted from other tools that sitegen does not
render, instead of letting them pass silently:

* diagram fences (```` ```mermaid ````, ``plantuml``, ``puml``, ``dot``,
  ``graphviz``, ``d2``, ``flowchart``, ``sequence``, ``wavedrom``,
  ``vega-lite``): shown as code, since sitegen draws no diagrams (render
  them to an SVG and use ``![…](diagram.svg)``);
* table-of-contents markers of other dialects alone in a paragraph
  (``[TOC]``, ``[[_TOC_]]``, ``[[toc]]``, ``${toc}``): the theme shows its
  own "On this page"; ``toc: false`` in the front matter turns it off;
* Hugo shortcodes left in text (``{{< … >}}``, ``{{% … %}}``).

The output is unchanged; only ``env["warnings"]`` gets a line each.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

DIAGRAMS = {"mermaid", "plantuml", "puml", "dot", "graphviz", "d2", "flowchart", "sequence", "wavedrom",
            "vega-lite", "vega"}
_TOC_MARKER = re.compile(r"^\s*(\[TOC\]|\[\[_TOC_\]\]|\[\[toc\]\]|\$\{toc\})\s*$", re.I)
_SHORTCODE = re.compile(r"\{\{[<%].*?[%>]\}\}", re.S)


def warn_unrendered(state: StateCore) -> None:
    warnings = state.env.setdefault("warnings", [])
    for token in state.tokens:
        kind = token.type
        if kind == "inline":
            content = token.content
            first = content[:1]
            # a marker is all the block holds: only a block starting with `[`, `$` or a space can be one
            if (first == "[" or first == "$" or first.isspace()) and _TOC_MARKER.match(content):
                warnings.append((_line(token), f"`{content.strip()}` is not a table-of-contents marker here: the "
                                               "theme shows \"On this page\" itself (`toc: false` in the front "
                                               "matter turns it off); remove the marker"))
            elif "{{" in content and _SHORTCODE.search(content):
                warnings.append((_line(token), f"`{_SHORTCODE.search(content).group(0)[:40]}` looks like a Hugo "
                                               "shortcode, which sitegen does not run: it is shown as text"))
        elif kind == "fence":
            line = _line(token)
            lang = (token.info.strip().split(None, 1) or [""])[0].lower()
            if lang in DIAGRAMS:
                warnings.append((line, f"a `{lang}` diagram is not drawn by sitegen: it is shown as code "
                                       f"(render it to an image, e.g. SVG, and link that)"))


def _line(token) -> int | None:
    return token.map[0] + 1 if token.map else None


def unrendered_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("unrendered_warnings", warn_unrendered)
