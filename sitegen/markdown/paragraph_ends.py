"""What ends a paragraph, as in kramdown: a thematic break does not.

In CommonMark ``***`` or ``___`` on the line after a paragraph line is a
thematic break (``<hr>``) that ends the paragraph.  kramdown only starts a
horizontal rule where a block may start (after a blank line, or first in its
container): right under a paragraph line, in a list item or a quote,
``***`` is more text of the paragraph.  This plugin keeps markdown-it's
``hr`` rule and only takes it out of the paragraph's (and a quote's)
terminators.  (``---`` under a one-line paragraph is a setext heading in
both: see :mod:`setext`.)
The other ends kramdown knows (a list item, an HTML block tag, ``>``,
a fence, ``#``, ``:``, ``{:``, a blank line) are the block rules' own.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block.hr import hr


def paragraph_ends_plugin(md: MarkdownIt) -> None:
    md.block.ruler.at("hr", hr, {"alt": ["reference"]})
