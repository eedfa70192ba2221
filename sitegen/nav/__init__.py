"""Site navigation.  ``data/nav.<lang>.yml`` when the site has it; otherwise
:func:`content_nav` derives the same ``name``/``url``/``contents`` blocks
from the content tree, so the theme's menus work on a new site at once."""

from .tree import content_nav

__all__ = ["content_nav"]
