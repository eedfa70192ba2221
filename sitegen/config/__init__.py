"""Read and validate ``site.yml`` into a frozen :class:`Config`.

Every key has a schema entry; an unknown key or a wrong type is an error that
names the key, its line and what to write instead.  ``site.yml`` is optional:
a folder with only ``content/`` builds with the defaults.

The package: :mod:`.model` holds the frozen values (:class:`Config`,
:class:`Language`...), :mod:`.fields` the table of ``site.yml``'s keys (also
the JSON Schema's), :mod:`.load` reads and validates the file, with
:mod:`.sections` for ``faq:``, ``front_matter:`` and ``markdown:`` and
:mod:`.base_url` for the published address.
"""

from __future__ import annotations

from .base_url import BASE_URL_RULE, base_url_diagnostics, base_url_problem, is_placeholder_host
from .fields import (FAQ, FAQ_CATEGORY, FIELD_RULE, LANGUAGE_CODE, LANGUAGE_ENTRY, SITE_FIELDS,
                     front_matter_rules_definitions)
from .load import LANGUAGE_NAMES, load_config
from .model import CONFIG_FILE, FALLBACK_MODES, Config, FaqCategory, FieldRule, Language, MarkdownOptions

__all__ = [
    "BASE_URL_RULE", "CONFIG_FILE", "FALLBACK_MODES", "FAQ", "FAQ_CATEGORY", "FIELD_RULE", "LANGUAGE_CODE",
    "LANGUAGE_ENTRY", "LANGUAGE_NAMES", "SITE_FIELDS", "Config", "FaqCategory", "FieldRule", "Language",
    "MarkdownOptions", "base_url_diagnostics", "base_url_problem", "front_matter_rules_definitions",
    "is_placeholder_host", "load_config",
]
