"""The JSON Schemas ``sitegen schema`` writes, built from the validator's
own tables:

* ``site.schema.json``: :data:`sitegen.config.SITE_FIELDS`;
* ``nav.schema.json`` / ``notices.schema.json``: :data:`sitegen.data.NAV`,
  :data:`sitegen.data.NOTICES`;
* ``front-matter.schema.json``: the built-in keys
  (:data:`sitegen.frontmatter.BUILTIN_KEYS`, with the finer checks of
  ``check_builtin``) plus the site's ``front_matter:`` rules for every page,
  and one ``front-matter.<section>.schema.json`` per section with rules of
  its own (``faq/`` -> ``front-matter.faq.schema.json``).

The documents depend on the site (its languages, layouts and rules): run
``sitegen schema`` again after changing those in site.yml or templates/.
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

from ..config import SITE_FIELDS, Config, FieldRule, front_matter_rules_definitions
from ..data import NAV, NOTICES
from ..frontmatter import BUILTIN_KEYS
from .kinds import DATE_PATTERN, Mapping, document

SITE_SCHEMA = "site.schema.json"
NAV_SCHEMA = "nav.schema.json"
NOTICES_SCHEMA = "notices.schema.json"
FRONT_MATTER_SCHEMA = "front-matter.schema.json"

_PY_JSON = {str: "string", int: "integer", float: "number", bool: "boolean", list: "array", dict: "object"}
_DATE_STRING = {"type": "string", "pattern": r"^\s*\d{4}-\d{2}-\d{2}"}
_RULE_TYPES = {
    "string": {"type": "string"},
    "boolean": {"type": "boolean"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "date": {"type": "string", "pattern": DATE_PATTERN},
    "list": {"type": "array"},
    "mapping": {"type": "object"},
}
# what check_builtin asks of these keys beyond their type
_CRUMB_TEXT = {"type": ["string", "number", "null"]}
_BUILTIN_DETAIL = {
    "title": {"anyOf": [{"type": "string", "pattern": r"\S"}, {"type": "number"}]},
    "updated": _DATE_STRING,
    "date": _DATE_STRING,
    "breadcrumb": {"type": "object", "properties": {"title": _CRUMB_TEXT, "parent": _CRUMB_TEXT},
                   "additionalProperties": False},
    "redirect_from": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
    "tags": {"type": "array", "items": {"type": ["string", "integer"]}},
    "toc": {"anyOf": [{"type": "boolean"}, {"type": "integer", "minimum": 2, "maximum": 6}]},
}


def builtin_key_schema(key: str) -> dict:
    """The JSON Schema of one built-in front-matter key, from BUILTIN_KEYS."""
    types, description = BUILTIN_KEYS[key]
    if key in _BUILTIN_DETAIL:
        schema = dict(_BUILTIN_DETAIL[key])
    else:
        names = []
        for python_type in types:
            if python_type is _dt.date:
                names.append("string")  # editors see YAML dates as strings
            else:
                names.append(_PY_JSON[python_type])
        names = list(dict.fromkeys(names))
        schema = {"type": names[0] if len(names) == 1 else names}
    return {"description": description, **schema}


def front_matter_schema(config: Config, section: str, layouts: list[str]) -> dict:
    """Front matter of a page in ``section`` ("" for every page, "faq/"...)."""
    properties: dict[str, dict] = {key: builtin_key_schema(key) for key in BUILTIN_KEYS}
    properties["layout"] = {**properties["layout"], "enum": list(layouts)}
    properties["lang"] = {**properties["lang"], "enum": list(config.language_codes)}
    required = ["title"]
    rules = [r for r in config.front_matter if r.section == "" or (section and section.startswith(r.section))]
    for rule in rules:
        rule_schema = _rule_schema(rule)
        if rule.required:
            required.append(rule.key)
            rule_schema = {"allOf": [rule_schema, {"not": {"type": "null"}}]}
        else:  # an empty value (`key:`) is as good as none
            rule_schema = {"anyOf": [rule_schema, {"type": "null"}]}
        if rule.key in properties:
            properties[rule.key] = {"allOf": [properties[rule.key], rule_schema]}
        else:
            properties[rule.key] = rule_schema
    where = f"pages under content/<lang>/{section} (not its index page)" if section else "every page"
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "sitegen front matter" + (f" ({section})" if section else ""),
        "description": f"The front matter of {where}: sitegen's built-in keys and the site's `front_matter:` rules. "
                       "Other keys are allowed (templates read them as page.<key>).",
        "type": "object",
        "properties": properties,
        "required": list(dict.fromkeys(required)),
    }


def _rule_schema(rule: FieldRule) -> dict:
    schema = dict(_RULE_TYPES[rule.type]) if rule.type else {}
    if rule.allowed is not None:
        allowed = [_plain(v) for v in rule.allowed]
        if rule.type == "list":
            schema["items"] = {"enum": allowed}
        elif rule.type:
            schema["enum"] = allowed
        else:
            schema = {"anyOf": [{"enum": allowed}, {"type": "array", "items": {"enum": allowed}}]}
    return schema


def _plain(value):
    return value.isoformat() if isinstance(value, _dt.date) else value


def schema_documents(config: Config) -> dict[str, dict]:
    """File name -> JSON Schema document, for this site."""
    from ..render import page_layouts

    langs = config.language_codes
    site_root = Mapping(SITE_FIELDS, description="site.yml")
    documents = {
        SITE_SCHEMA: document("sitegen site.yml", site_root, langs,
                              "The configuration of a sitegen site.",
                              definitions=front_matter_rules_definitions(langs)),
        NAV_SCHEMA: document("sitegen navigation (data/nav.yml, data/nav.<lang>.yml)", NAV, langs,
                             "Blocks of the site's menu: a name, an optional link and a list of links."),
        NOTICES_SCHEMA: document("sitegen notices (data/notices.yml)", NOTICES, langs,
                                 "Notices shown on pages with `layout: home`, newest first as written."),
    }
    layouts = page_layouts(config.root)
    documents[FRONT_MATTER_SCHEMA] = front_matter_schema(config, "", layouts)
    for section in sorted({r.section for r in config.front_matter if r.section}):
        documents[section_schema_name(section)] = front_matter_schema(config, section, layouts)
    return documents


def section_schema_name(section: str) -> str:
    return "front-matter." + ".".join(part for part in section.split("/") if part) + ".schema.json"


def schema_bytes(document_: dict) -> bytes:
    return (json.dumps(document_, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_schemas(config: Config, out: Path) -> list[Path]:
    """Write every schema into ``out`` (created); returns the files written.
    Section schemas of sections no longer in site.yml are removed."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    documents = schema_documents(config)
    for old in out.glob("front-matter.*.schema.json"):
        if old.name not in documents:
            old.unlink()
    written = []
    for name, doc in documents.items():
        path = out / name
        data = schema_bytes(doc)
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
        written.append(path)
    return written
