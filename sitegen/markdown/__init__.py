"""sitegen's Markdown dialect: markdown-it-py + mdit-py-plugins, plus small
plugins where no library has one (one per file, each ``plugin(md)`` adding
rules to a named ruler):

====================  =======================================================
``lists``             lists nest as kramdown nests them (lazy lines, any list
                      after a paragraph line, per-item tightness)
``html_blocks``       a raw HTML block runs to its matching closing tag
``html_spans``        ``<code>``/``<kbd>``/``<font>``… keep raw contents;
                      open span elements close at the paragraph's end
``typography``        kramdown's smart quotes, dashes, ellipsis, guillemets
``ial``               kramdown attribute lists ``{: .note}``, ``## T {#id}``,
                      ``[x](/a){:.cls}``
``kramdown_ext``      ``{::comment}`` (dropped), ``{::nomarkdown}`` (raw)
``html_markdown``     ``markdown="1"`` on raw HTML blocks
``headings``          kramdown/GFM heading ids that keep Japanese characters
``cjk``               no space for a line break between two CJK characters
``emphasis``          ``**[窓口](/x/)**に相談`` is bold, as in kramdown
``paragraph_ends``    ``***`` under a paragraph line is text, as in kramdown
``paragraph_spaces``  a paragraph's leading full-width space is kept
``setext``            a setext heading is one line, underlined at the start
                      of the next line, as in kramdown
``tables``            a ``|`` inside a code span stays in its table cell;
                      header-less tables starting with ``|---|``
``linkify``           bare URLs linked only with ``linkify: true``; then a
                      bare URL ends where Japanese text begins
``links``             external links open in a new tab; links are recorded
``highlight``         Pygments at build time
``admonitions``       ``::: note`` containers
``alerts``            GitHub alerts ``> [!NOTE]`` as admonitions
``math``              ``$…$`` / ``$$…$$`` as MathML (dollarmath + latex2mathml)
``unrendered``        warnings for diagrams and markers sitegen does not render
``nesting``           blocks nest up to 100 levels; an error where deeper content would be left out
``dispatch``          (last) each rule tried only where its first character can be
``render``            (not a plugin) the tokens to HTML as markdown-it writes them, faster,
                      and the links read from the tokens when no raw HTML is there
====================  =======================================================

From mdit-py-plugins: footnotes (backlink ``↑``), definition lists, task
lists, containers.  From markdown-it-py's ``gfm-like`` preset: tables,
strikethrough, linkify (with raw HTML on).  The options (``lang``,
``target_blank``, ``base_url``, ``linkify``, ``typographer``) travel in
``env`` with the rest of the per-document state, never in globals, so one
cached parser serves every page (and each worker process builds its own on
first use).  ``tests/markdown/test_kramdown_differential.py`` checks the
dialect against the real kramdown.

The heading slug policy is written in :mod:`sitegen.markdown.headings`.
"""

from __future__ import annotations

import functools
import html as _html
import re
from dataclasses import dataclass
from typing import Callable

from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from .admonitions import admonitions_plugin
from .alerts import alerts_plugin
from .cjk import cjk_breaks_plugin
from .dispatch import dispatch_plugin
from .emphasis import cjk_emphasis_plugin
from .headings import heading_ids_plugin, slugify
from .highlight import highlight_plugin, pygments_css
from .html_blocks import html_blocks_plugin
from .html_markdown import html_markdown_plugin
from .html_spans import html_spans_plugin
from .ial import kramdown_ial_plugin
from .kramdown_ext import kramdown_extensions_plugin
from .links import links_plugin, render_with_links
from .linkify import linkify_cjk_plugin
from .lists import lists_plugin
from .math import math_plugin
from .nesting import nesting_plugin
from .paragraph_ends import paragraph_ends_plugin
from .paragraph_spaces import paragraph_spaces_plugin
from .render import inline_html
from .setext import setext_plugin
from .tables import tables_plugin
from .typography import typography_plugin
from .unrendered import unrendered_plugin

__all__ = [
    "Heading",
    "LinkRef",
    "MdWarning",
    "RenderedMarkdown",
    "build_parser",
    "create_markdown",
    "pygments_css",
    "render_inline",
    "render_markdown",
    "slugify",
]


@dataclass(frozen=True)
class Heading:
    level: int  # 1..6
    id: str  # final id attribute ("" for a raw HTML heading written without one)
    text: str  # plain text
    html: str  # inner HTML (inline markup kept)
    line: int  # 1-based file line


@dataclass(frozen=True)
class LinkRef:
    href: str  # exactly as written (after entity decoding)
    line: int  # 1-based file line
    kind: str  # "link" | "image" (Markdown) | "html" (raw HTML link) | "image" / "file" (what the page loads)


@dataclass(frozen=True)
class MdWarning:
    line: int  # 1-based file line
    message: str
    level: str = "warning"  # "error": the page cannot show what was written (content left out)


@dataclass(frozen=True)
class RenderedMarkdown:
    html: str
    headings: tuple[Heading, ...]
    links: tuple[LinkRef, ...]
    ids: tuple[str, ...]
    warnings: tuple[MdWarning, ...]
    urls: tuple = ()  # the URL attributes of ``html`` (sitegen.links.UrlAttribute), found by the same parse


_BACKREF_LABEL = {"ja": "本文に戻る", "en": "Back to the text"}


def _footnote_backref(self, tokens, idx, options, env) -> str:
    ident = self.rules["footnote_anchor_name"](tokens, idx, options, env)
    if tokens[idx].meta["subId"] > 0:
        ident += ":" + str(tokens[idx].meta["subId"])
    label = _BACKREF_LABEL.get(str(env.get("lang") or "en").split("-")[0], _BACKREF_LABEL["en"])
    return f' <a href="#fnref{ident}" class="footnote-backref" aria-label="{label}">↑</a>'


# Core rules (passes over a document's whole token stream) that can change
# nothing unless the source holds some text: skipped for documents without it.
_TASK_MARKER = re.compile(r"\[[ xX]\]")
_CORE_GUARDS: dict[str, Callable[[str], bool]] = {
    "alert_titles": lambda src: "[!" in src,  # GitHub alerts `> [!NOTE]`
    "close_open_spans": lambda src: "<" in src,  # raw inline HTML
    "github-tasklists": lambda src: _TASK_MARKER.search(src) is not None,  # `- [ ] task`
    "footnote_tail": lambda src: "[^" in src or "^[" in src,  # `[^1]`, `^[inline note]`
    "strip_markdown_attribute": lambda src: "markdown" in src,  # `<div markdown="1">`
    "admonition_kinds": lambda src: ":::" in src,  # `::: note` containers
    "fence_attributes": lambda src: "```" in src or "~~~" in src,  # fenced code
    "math_mathml": lambda src: "$" in src or "math" in src,  # `$x$`, `$$`, ```` ```math ````
}


def _guarded(rule: Callable, needed: Callable[[str], bool]) -> Callable:
    def guarded_rule(state) -> None:
        if needed(state.src):
            rule(state)
    guarded_rule.__name__ = getattr(rule, "__name__", "rule")
    return guarded_rule


def _guard_core_rules(md: MarkdownIt) -> None:
    ruler = md.core.ruler
    rules = {rule.name: rule.fn for rule in ruler.__rules__}  # markdown-it-py has no getter for a rule's function
    for name, needed in _CORE_GUARDS.items():
        if name in rules:
            ruler.at(name, _guarded(rules[name], needed))


@functools.lru_cache(maxsize=1)
def create_markdown() -> MarkdownIt:
    """The parser, built once per process.  Nothing per-document lives on it:
    ``lang``, ``target_blank``, ``base_url``, ``linkify`` and ``typographer``
    are read from ``env`` by the rules."""
    return build_parser()


def build_parser(dispatch: bool = True) -> MarkdownIt:
    """A new parser; ``dispatch=False``: markdown-it's own rule chains, every
    rule tried everywhere (the same tokens, more slowly: see :mod:`.dispatch`)."""
    md = MarkdownIt("gfm-like", {"html": True, "linkify": True, "typographer": False, "xhtmlOut": False})
    md.use(footnote_plugin).use(deflist_plugin).use(tasklists_plugin)
    md.use(paragraph_spaces_plugin).use(tables_plugin).use(lists_plugin).use(html_blocks_plugin)
    md.use(html_spans_plugin).use(paragraph_ends_plugin).use(setext_plugin)
    md.use(html_markdown_plugin).use(admonitions_plugin).use(cjk_emphasis_plugin)
    md.use(kramdown_extensions_plugin).use(kramdown_ial_plugin)
    md.use(cjk_breaks_plugin).use(heading_ids_plugin)
    md.use(linkify_cjk_plugin).use(typography_plugin).use(links_plugin).use(highlight_plugin)
    md.use(alerts_plugin)
    md.use(math_plugin)
    md.use(unrendered_plugin)
    md.use(nesting_plugin)
    md.add_render_rule("footnote_anchor", _footnote_backref)
    _guard_core_rules(md)
    if dispatch:
        md.use(dispatch_plugin)  # last: it compiles the rule chains
    return md


def render_markdown(text: str, *, lang: str = "ja", target_blank: bool = True,
                    line_offset: int = 0, base_url: str = "", linkify: bool = False,
                    typographer: bool = True) -> RenderedMarkdown:
    """Render one Markdown body.  ``line_offset`` is the number of file lines
    before ``text`` (front matter): every reported line is a 1-based file line.
    ``base_url`` (the site's absolute URL, if any) keeps links to the site
    itself from opening in a new tab.  ``linkify`` (bare URLs and e-mail
    addresses become links) and ``typographer`` (kramdown's smart quotes and
    dashes) are the site's ``markdown:`` options; the defaults are kramdown's."""
    md = create_markdown()
    env: dict = {"lang": lang, "target_blank": target_blank, "base_url": base_url,
                 "linkify": linkify, "typographer": typographer}
    tokens = md.parse(text, env)
    html, found_links, ids = render_with_links(md, tokens, env)  # links and ids from one parse of the output
    headings = []
    for level, hid, plain, inline_index, line0, raw_inner in env.get("headings", []):
        inner = inline_html(md, tokens[inline_index].children or [], env) if inline_index is not None else raw_inner
        headings.append(Heading(level, hid, plain, inner, line0 + 1 + line_offset))
    links = tuple(LinkRef(href, line0 + 1 + line_offset, kind) for href, line0, kind in found_links)
    # (line, message) from the rules, or (line, message, "error")
    warnings = tuple(MdWarning((found[0] or 1) + line_offset, *found[1:]) for found in env.get("warnings", []))
    return RenderedMarkdown(html, tuple(headings), links, tuple(ids), warnings, env.get("url_attributes", ()))


# a start tag of the output, and one attribute inside it
_TAG_RE = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*)?>")
_ATTR_RE = re.compile(r"""\s([a-zA-Z_:][-\w:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def output_ids(html: str) -> list[str]:
    """Every ``id=`` (and ``<a name=>``) in the start tags of rendered HTML, in
    document order, duplicates kept.  Code is escaped in the output, so an
    ``id=`` shown inside a code block is not counted."""
    ids = []
    for tag in _TAG_RE.finditer(html):
        if not tag.group(2):
            continue
        is_anchor = tag.group(1).lower() == "a"
        for attr in _ATTR_RE.finditer(tag.group(2)):
            name = attr.group(1).lower()
            if name == "id" or (is_anchor and name == "name"):
                ids.append(_html.unescape(next(g for g in attr.groups()[1:] if g is not None)))
    return ids


def render_inline(text: str, *, lang: str = "ja", linkify: bool = False, typographer: bool = True) -> str:
    """One line of Markdown (notices, labels) without a ``<p>`` around it."""
    md = create_markdown()
    return md.renderInline(text, {"lang": lang, "target_blank": True, "linkify": linkify,
                                  "typographer": typographer})
