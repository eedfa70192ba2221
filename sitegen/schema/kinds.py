"""The kinds of value sitegen's YAML accepts, each as one definition with
three faces: ``check(value)`` (what the validator accepts), ``description``
(what its error messages ask for) and ``json(langs)`` (the JSON Schema that
``sitegen schema`` writes for editors).

``config/fields.py`` (site.yml), ``data.py`` (nav and notices) and
``schema/documents.py`` (front matter) declare their keys as tables of these
kinds, so the validator and the schemas come from one source.  Checks are
shallow where the validator walks deeper itself with its own messages (a
:class:`ListOf` checks that it is a list; its items are checked one by one).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any, Callable

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}"  # YYYY-MM-DD (a time may follow in front matter)


class Kind:
    description = "a value"

    def check(self, value: Any) -> bool:
        raise NotImplementedError

    def json(self, langs: tuple[str, ...]) -> dict:
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Kind):
    """A string; ``nonempty``: with something other than spaces."""

    description: str = "a non-empty string"
    nonempty: bool = True
    pattern: str | None = None  # a regular expression the whole value must match

    def check(self, value: Any) -> bool:
        if not isinstance(value, str):
            return False
        if self.nonempty and not value.strip():
            return False
        return self.pattern is None or re.search(self.pattern, value) is not None

    def json(self, langs) -> dict:
        schema: dict = {"type": "string"}
        if self.pattern is not None:
            schema["pattern"] = self.pattern
        elif self.nonempty:
            schema["pattern"] = r"\S"
        return schema


@dataclass(frozen=True)
class Bool(Kind):
    description: str = "true or false"

    def check(self, value: Any) -> bool:
        return isinstance(value, bool)

    def json(self, langs) -> dict:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Date(Kind):
    """A YAML date (2026-04-01) or a string in that form."""

    description: str = "a date such as 2026-04-01"

    def check(self, value: Any) -> bool:
        if isinstance(value, _dt.date):
            return True
        if isinstance(value, str) and re.match(DATE_PATTERN + "$", value):
            try:
                _dt.date.fromisoformat(value)
                return True
            except ValueError:
                return False
        return False

    def json(self, langs) -> dict:
        # editors see YAML dates as strings
        return {"type": "string", "pattern": DATE_PATTERN + "$"}


@dataclass(frozen=True)
class Enum(Kind):
    values: tuple
    description: str = ""

    def check(self, value: Any) -> bool:
        return isinstance(value, (str, int, float)) and not isinstance(value, bool) and value in self.values

    def json(self, langs) -> dict:
        return {"enum": list(self.values)}


@dataclass(frozen=True)
class LanguageRef(Kind):
    """A code of one of the site's languages."""

    description: str = "one of the site's language codes"

    def check(self, value: Any) -> bool:
        return isinstance(value, str)  # membership is the validator's own check (it names the languages)

    def json(self, langs) -> dict:
        return {"type": "string", "enum": list(langs)}


@dataclass(frozen=True)
class AnyMapping(Kind):
    description: str = "a mapping"

    def check(self, value: Any) -> bool:
        return isinstance(value, dict)

    def json(self, langs) -> dict:
        return {"type": "object"}


@dataclass(frozen=True)
class PerLanguage(Kind):
    """``inner``, or a mapping of language code -> ``inner`` (``{ja: …, en: …}``).
    ``site_languages``: the codes must be the site's (else any key)."""

    inner: Kind
    description: str = "a string or a mapping per language (ja: …, en: …)"
    site_languages: bool = True
    nullable: bool = False

    def check(self, value: Any) -> bool:
        if value is None:
            return self.nullable
        if self.inner.check(value):
            return True
        return isinstance(value, dict) and bool(value) and all(self.inner.check(v) for v in value.values())

    def json(self, langs) -> dict:
        per_lang: dict = {"type": "object", "minProperties": 1, "additionalProperties": self.inner.json(langs)}
        if self.site_languages:
            per_lang["propertyNames"] = {"enum": list(langs)}
        options = [self.inner.json(langs), per_lang]
        if self.nullable:
            options.append({"type": "null"})
        return {"anyOf": options}


@dataclass(frozen=True)
class Field:
    """One key of a mapping: its kind and whether it must be there."""

    kind: Kind
    required: bool = False
    doc: str = ""  # shown by editors (the JSON Schema's description)

    @property
    def description(self) -> str:
        return self.kind.description


@dataclass(frozen=True)
class Mapping(Kind):
    """A mapping with known keys only (an unknown key is an error)."""

    fields: dict[str, Field]
    description: str = "a mapping"
    nullable: bool = False

    def check(self, value: Any) -> bool:
        return isinstance(value, dict) or (self.nullable and value is None)

    def json(self, langs) -> dict:
        schema: dict = {
            "type": ["object", "null"] if self.nullable else "object",
            "properties": {key: _with_doc(f.kind.json(langs), f.doc) for key, f in self.fields.items()},
            "additionalProperties": False,
        }
        required = [key for key, f in self.fields.items() if f.required]
        if required:
            schema["required"] = required
        return schema


@dataclass(frozen=True)
class ListOf(Kind):
    item: Kind
    description: str = "a list"
    min_items: int = 0

    def check(self, value: Any) -> bool:
        return isinstance(value, list) and len(value) >= self.min_items

    def json(self, langs) -> dict:
        schema: dict = {"type": "array", "items": self.item.json(langs)}
        if self.min_items:
            schema["minItems"] = self.min_items
        return schema


@dataclass(frozen=True)
class OneOf(Kind):
    """Any of several kinds (a language is `ja` or `{code: ja, name: 日本語}`)."""

    options: tuple[Kind, ...]
    description: str = ""

    def check(self, value: Any) -> bool:
        return any(option.check(value) for option in self.options)

    def json(self, langs) -> dict:
        return {"anyOf": [option.json(langs) for option in self.options]}


@dataclass(frozen=True)
class Custom(Kind):
    """A kind whose JSON Schema is written out (recursive rules): ``check``
    and ``schema`` side by side in one definition."""

    checker: Callable[[Any], bool]
    schema: Callable[[tuple], dict]
    description: str = ""

    def check(self, value: Any) -> bool:
        return self.checker(value)

    def json(self, langs) -> dict:
        return self.schema(langs)


def _with_doc(schema: dict, doc: str) -> dict:
    if doc:
        return {"description": doc, **schema}
    return schema


def document(title: str, root: Kind, langs: tuple[str, ...], description: str = "", definitions: dict | None = None) -> dict:
    """A complete JSON Schema (draft-07, which editors' YAML support reads)."""
    schema = {"$schema": "http://json-schema.org/draft-07/schema#", "title": title}
    if description:
        schema["description"] = description
    schema.update(root.json(langs))
    if definitions:
        schema["definitions"] = definitions
    return schema
