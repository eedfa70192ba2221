"""The keys of ``site.yml``: the table the validator reads key names from and
``sitegen schema`` writes the JSON Schema of."""

from __future__ import annotations

import re

from ..docsite.options import THEME_FIELDS
from ..jekyll.settings import FIELDS as JEKYLL_FIELDS
from ..schema.kinds import AnyMapping, Bool, Custom, Enum, Field, LanguageRef, ListOf, Mapping, OneOf, PerLanguage, Text
from .model import FALLBACK_MODES

_LANG_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")

# The keys of site.yml: one table for the validator (load.py, sections.py) and for the JSON
# Schema `sitegen schema` writes (sitegen/schema/documents.py).  The validator
# takes key names, enumerations and patterns from here and keeps its own
# messages; tests/unit/test_schema.py checks both accept the same files.
_FIELD_TYPES = ("string", "boolean", "integer", "number", "date", "list", "mapping")
LANGUAGE_CODE = Text(description="a language code such as `ja`, `en`, `zh-hant`", pattern=_LANG_RE.pattern)
LANGUAGE_ENTRY = Mapping({
    "code": Field(LANGUAGE_CODE, True, "the language's code: its folder content/<code>/ and URL prefix /<code>/"),
    "name": Field(Text(nonempty=False, description="a string"), False, "the native name shown in the switcher"),
}, description="a language entry {code, name}")
FAQ_CATEGORY = Mapping({
    "key": Field(Text(nonempty=False, description="a string"), True,
                 "what entries write as `category:`; also the URL /faq/<key>/"),
    "label": Field(PerLanguage(Custom(lambda v: isinstance(v, (str, int, float)) and not isinstance(v, bool),
                                      lambda langs: {"type": ["string", "number"]}, "a string")),
                   False, "the heading shown to readers, one string or one per language"),
}, description="an FAQ category {key, label}")
FAQ = Mapping({
    "categories": Field(ListOf(OneOf((Text(nonempty=False), FAQ_CATEGORY))), False,
                        "FAQ categories in the order the index shows them"),
}, description="a mapping with `categories`", nullable=True)
FIELD_RULE = Mapping({
    "type": Field(Enum(_FIELD_TYPES), False, "the value's type"),
    "required": Field(Bool(), False, "every page (of the section) must have the key"),
    "allowed": Field(ListOf(Custom(lambda v: True, lambda langs: {})), False, "the only values accepted"),
}, description="a rule {type, required, allowed}")


def _is_rules(value) -> bool:
    return value is None or isinstance(value, dict)


def _rules_json(langs) -> dict:
    return {"$ref": "#/definitions/front_matter_rules"}


def front_matter_rules_definitions(langs) -> dict:
    """JSON Schema definitions of ``front_matter:`` (sections nest)."""
    return {
        "front_matter_rules": {
            "type": "object",
            "patternProperties": {"/$": {"$ref": "#/definitions/front_matter_rules"}},
            "additionalProperties": {"anyOf": [Enum(_FIELD_TYPES).json(langs), FIELD_RULE.json(langs)]},
        },
    }


SITE_FIELDS: dict[str, Field] = {
    "title": Field(PerLanguage(Text(nonempty=False), nullable=True), False,
                   "the site's name, one string or one per language"),
    "description": Field(PerLanguage(Text(nonempty=False), nullable=True), False,
                         "the default meta description, one string or one per language"),
    "languages": Field(ListOf(OneOf((LANGUAGE_CODE, LANGUAGE_ENTRY)), "a non-empty list such as [ja, en]", 1), False,
                       "the site's languages in order (default [ja, en])"),
    "default_language": Field(LanguageRef(), False, "the language that lives at the site root (default: the first)"),
    "base_url": Field(Text(description="an http(s) URL or a path starting with `/`",
                           pattern=r"^(https?://[^/?#]+(/[^?#]*)?|/(?!/)[^?#]*)$"), False,
                      "the address the site is published at, such as https://example.org/docs/"),
    "params": Field(AnyMapping(), False, "free values for templates: site.params.<key>"),
    "fallback": Field(Enum(FALLBACK_MODES), False,
                      "what readers of a language get for a page missing in it (default: content)"),
    "faq": Field(FAQ, False, "the FAQ's categories"),
    "front_matter": Field(Custom(_is_rules, _rules_json, "a mapping of key: rule"), False,
                          "rules for page front matter; `section/:` keys hold the rules of a folder"),
    "markdown": Field(Mapping({
        "linkify": Field(Bool(), False, "bare URLs and e-mail addresses become links (default false, as kramdown)"),
        "typographer": Field(Bool(), False, "\"quotes\" -> “quotes”, -- -> –, ... -> … (default true, as kramdown)"),
    }, description="a mapping such as {linkify: false, typographer: true}", nullable=True), False,
        "switches of the one Markdown dialect; the defaults are kramdown's"),
    **JEKYLL_FIELDS,
    **THEME_FIELDS,
}
_KNOWN_KEYS = tuple(SITE_FIELDS)
