"""sitegen's Markdown dialect: markdown-it-py + mdit-py-plugins, plus small
plugins where no library has one (one per file, each ``plugin(md)``):

==================  =========================================================
``ial``             kramdown attribute lists ``{: .note}``, ``## T {#id}``
``html_markdown``   ``markdown="1"`` on raw HTML blocks
``headings``        kramdown/GFM heading ids that keep Japanese characters
``cjk``             no space for a line break between two CJK characters
``emphasis``        ``**[窓口](/x/)**に相談`` is bold, as in kramdown
``links``           external links open in a new tab; links are recorded
``highlight``       Pygments at build time
``admonitions``     ``::: note`` containers
==================  =========================================================

From mdit-py-plugins: footnotes (backlink ``↑``), definition lists, task
lists, containers.  From markdown-it-py's ``gfm-like`` preset: tables,
strikethrough, linkify.  Per-document state travels in ``env``, never in
globals, so one parser serves every page (and every worker process).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from .admonitions import admonitions_plugin
from .cjk import cjk_breaks_plugin
from .emphasis import cjk_emphasis_plugin
from .headings import heading_ids_plugin
from .highlight import highlight_plugin, pygments_css
from .html_markdown import html_markdown_plugin
from .ial import kramdown_ial_plugin
from .links import links_plugin

__all__ = ["Heading", "LinkRef", "MdWarning", "RenderedMarkdown", "render_markdown", "render_inline",
           "pygments_css", "create_markdown"]


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str  # plain text
    html: str  # inner HTML
    line: int  # 1-based file line


@dataclass(frozen=True)
class LinkRef:
    href: str  # as written
    line: int  # 1-based file line
    kind: str  # "link" | "image" | "html"


@dataclass(frozen=True)
class MdWarning:
    line: int | None
    message: str


@dataclass(frozen=True)
class RenderedMarkdown:
    html: str
    headings: tuple[Heading, ...]
    links: tuple[LinkRef, ...]
    ids: tuple[str, ...]
    warnings: tuple[MdWarning, ...]


def _footnote_backref(self, tokens, idx, options, env) -> str:
    ident = self.rules["footnote_anchor_name"](tokens, idx, options, env)
    if tokens[idx].meta["subId"] > 0:
        ident += ":" + str(tokens[idx].meta["subId"])
    return f' <a href="#fnref{ident}" class="footnote-backref" aria-label="↑">↑</a>'


@functools.lru_cache(maxsize=1)
def create_markdown() -> MarkdownIt:
    md = MarkdownIt("gfm-like", {"html": True, "linkify": True, "typographer": False, "xhtmlOut": False})
    md.use(footnote_plugin).use(deflist_plugin).use(tasklists_plugin)
    md.use(html_markdown_plugin).use(admonitions_plugin).use(cjk_emphasis_plugin)
    md.use(kramdown_ial_plugin).use(cjk_breaks_plugin).use(heading_ids_plugin)
    md.use(links_plugin).use(highlight_plugin)
    md.add_render_rule("footnote_anchor", _footnote_backref)
    return md


_ID_RE = re.compile(r"""<[a-zA-Z][^<>]*?\sid\s*=\s*"([^"]*)\"""")


def render_markdown(text: str, *, lang: str = "ja", target_blank: bool = True, line_offset: int = 0) -> RenderedMarkdown:
    md = create_markdown()
    env: dict = {"lang": lang, "target_blank": target_blank}
    tokens = md.parse(text, env)
    html = md.renderer.render(tokens, md.options, env)
    headings = []
    for level, hid, plain, inline_index, line0 in env.get("headings", []):
        inner = md.renderer.renderInline(tokens[inline_index].children or [], md.options, env) \
            if inline_index is not None else plain
        headings.append(Heading(level, hid, plain, inner, line0 + 1 + line_offset))
    links = tuple(LinkRef(href, line0 + 1 + line_offset, kind) for href, line0, kind in env.get("links", []))
    ids = tuple(_ID_RE.findall(html)) + tuple(i for i in _raw_names(tokens))
    warnings = tuple(MdWarning(line + line_offset if line else None, message)
                     for line, message in env.get("warnings", []))
    return RenderedMarkdown(html, tuple(headings), links, ids, warnings)


def _raw_names(tokens) -> list[str]:
    """``<a name="x">`` anchors written in raw HTML (ids are found in the output)."""
    names = []
    for token in tokens:
        contents = [token.content] if token.type == "html_block" else \
            [c.content for c in token.children or () if c.type == "html_inline"]
        for content in contents:
            names.extend(m.group(1) for m in re.finditer(r"""<a\b[^>]*?\sname\s*=\s*["']([^"']+)["']""", content))
    return names


def render_inline(text: str, *, lang: str = "ja") -> str:
    """One line of Markdown (notices, labels) without a ``<p>`` around it."""
    md = create_markdown()
    return md.renderInline(text, {"lang": lang, "target_blank": True})
