"""Sites that come from Jekyll: ``sitegen import jekyll``, Liquid page bodies
(python-liquid with Jekyll's tags and filters), Jekyll's URL and redirect
rules, and the one-page FAQ split.

The pipeline reaches in through a few small hooks, only for sites whose
``site.yml`` asks for them (``templates: liquid``, ``compat: jekyll``); native
sites never import the heavier modules.  Nothing here imports ``parse``,
``site`` or ``build``: those call in, never the other way round.
"""

from __future__ import annotations


def is_compat(config) -> bool:
    """Jekyll's URL, redirect and front-matter rules are on (``compat: jekyll``)."""
    return config.jekyll.compat == "jekyll"


def uses_liquid(config) -> bool:
    """Page bodies are Liquid templates (``templates: liquid``)."""
    return config.jekyll.templates == "liquid"
