"""How deep blocks may nest, and an error where they nest deeper.

markdown-it stops reading a document where blocks are nested ``maxNesting``
levels deep (a quote in a list in a quote...) and silently leaves out the
rest of that block: with the presets' 20, a list nested ten deep lost its
inner items.  sitegen allows 100 levels (markdown-it's own ``default``
preset; about 50 nested lists) and reports an error at the line where
content would be left out, so nothing vanishes without a word.  The bound
stays: it keeps a hostile page (a thousand ``>``) from exhausting Python's
stack.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

MAX_NESTING = 100


def warn_nesting_limit(state: StateCore) -> None:
    limit = state.md.options.get("maxNesting", MAX_NESTING)
    for token in state.tokens:
        # an opening token at the last level: what it holds was not read
        if token.nesting == 1 and token.level >= limit - 1 and token.map:
            state.env.setdefault("warnings", []).append(
                (token.map[0] + 1, f"blocks are nested more than {limit} levels deep here: the deeper content "
                                   "is left out of the page; write it with less nesting", "error"))
            return


def nesting_plugin(md: MarkdownIt, max_nesting: int = MAX_NESTING) -> None:
    md.options["maxNesting"] = max_nesting
    md.core.ruler.after("block", "nesting_limit", warn_nesting_limit)
