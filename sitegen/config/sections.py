"""The ``site.yml`` keys with a structure of their own: ``faq:``,
``front_matter:`` and ``markdown:``."""

from __future__ import annotations

import re

from ..errors import Collector, error, suggest
from ..yamlfile import LineDict, type_name
from .fields import _FIELD_TYPES, FAQ, FAQ_CATEGORY, FIELD_RULE
from .model import CONFIG_FILE, FaqCategory, FieldRule, MarkdownOptions


def _faq(raw, codes, bad, problems) -> tuple[FaqCategory, ...]:
    faq = raw.get("faq")
    if faq is None:
        return ()
    if not isinstance(faq, dict):
        bad("faq", f"`faq` must be a mapping with `categories`, found {type_name(faq)}")
        return ()
    for key in faq:
        if key not in FAQ.fields:
            bad("faq", f"unknown key `faq.{key}`", line=faq.line_of(key), hint=suggest(str(key), FAQ.fields))
    cats = faq.get("categories", [])
    if not isinstance(cats, list):
        bad("faq", f"`faq.categories` must be a list, found {type_name(cats)}", line=faq.line_of("categories"))
        return ()
    result: list[FaqCategory] = []
    seen: set[str] = set()
    for index, item in enumerate(cats):
        line = cats.line_of(index)
        if isinstance(item, str):
            item = {"key": item}
        if not isinstance(item, dict) or not isinstance(item.get("key"), str):
            bad("faq", "each FAQ category needs a `key` (and a `label` per language)", line=line)
            continue
        for k in item:
            if k not in FAQ_CATEGORY.fields:
                bad("faq", f"unknown key `{k}` in an FAQ category", line=item.line_of(k) if hasattr(item, "line_of") else line,
                    hint=suggest(str(k), FAQ_CATEGORY.fields))
        key = item["key"]
        if not re.fullmatch(r"[\w-]+", key):  # part of URLs (/faq/<key>/), ids and CSS selectors
            bad("faq", f"FAQ category key `{key}` may only have letters, digits, `-` and `_`",
                line=item.line_of("key") if hasattr(item, "line_of") else line,
                hint="the key is part of the category's URL; put the text readers see in `label`")
            continue
        if len(key.encode("utf-8")) > 100:  # a folder name of the output, with room to spare
            bad("faq", f"FAQ category key `{key[:40]}…` is {len(key.encode('utf-8'))} bytes long, more than 100",
                line=item.line_of("key") if hasattr(item, "line_of") else line,
                hint="the key is part of the category's URL; use a short one and put the text in `label`")
            continue
        if key in seen:
            bad("faq", f"FAQ category `{key}` is declared twice", line=line)
            continue
        seen.add(key)
        label = item.get("label", key)
        if isinstance(label, str):
            labels = {code: label for code in codes}
        elif isinstance(label, dict):
            labels = {}
            for k, v in label.items():
                if k not in codes:
                    bad("faq", f"label of FAQ category `{key}` has an entry for `{k}`, which is not in `languages`",
                        line=label.line_of(k), hint=suggest(str(k), codes) or f"languages: {', '.join(codes)}")
                elif not isinstance(v, (str, int, float)) or isinstance(v, bool):
                    bad("faq", f"label `{k}` of FAQ category `{key}` must be a string, found {type_name(v)}",
                        line=label.line_of(k))
                else:
                    labels[str(k)] = str(v)
        else:
            bad("faq", f"`label` of FAQ category `{key}` must be a string or a mapping per language", line=line)
            labels = {}
        result.append(FaqCategory(key, labels))
    return tuple(result)


def _front_matter_schema(raw, problems: Collector) -> tuple[FieldRule, ...]:
    schema = raw.get("front_matter")
    if schema is None:
        return ()
    if not isinstance(schema, dict):
        problems.add(error(CONFIG_FILE, raw.line_of("front_matter"),
                           f"`front_matter` must be a mapping of key: rule, found {type_name(schema)}", rule="config"))
        return ()
    rules: list[FieldRule] = []

    def read(section: str, mapping: dict) -> None:
        for key, spec in mapping.items():
            line = mapping.line_of(key)
            if isinstance(key, str) and key.endswith("/"):
                if not isinstance(spec, dict):
                    problems.add(error(CONFIG_FILE, line, f"section `{key}` must map keys to rules", rule="config"))
                    continue
                read(section + key, spec)
                continue
            if isinstance(spec, str):  # `key: string`, the type alone: its line is the key's
                shorthand = LineDict({"type": spec})
                shorthand.line, shorthand.key_lines = line, {"type": line}
                spec = shorthand
            if not isinstance(spec, dict):
                problems.add(error(CONFIG_FILE, line, f"rule for `{key}` must be a type name or a mapping", rule="config"))
                continue
            for k in spec:
                if k not in FIELD_RULE.fields:
                    problems.add(error(CONFIG_FILE, spec.line_of(k), f"unknown rule `{k}` for front matter key `{key}`",
                                       hint=suggest(str(k), FIELD_RULE.fields), rule="config"))
            ftype = spec.get("type")
            if ftype is not None and ftype not in _FIELD_TYPES:
                problems.add(error(CONFIG_FILE, spec.line_of("type"), f"unknown type `{ftype}` for `{key}`",
                                   hint=f"use one of {', '.join(_FIELD_TYPES)}", rule="config"))
                ftype = None
            required = spec.get("required", False)
            if not isinstance(required, bool):
                problems.add(error(CONFIG_FILE, spec.line_of("required"),
                                   f"`required` for `{key}` must be true or false, found {type_name(required)}",
                                   rule="config"))
                required = False
            allowed = spec.get("allowed")
            if allowed is not None and not isinstance(allowed, list):
                problems.add(error(CONFIG_FILE, spec.line_of("allowed"), f"`allowed` for `{key}` must be a list", rule="config"))
                allowed = None
            rules.append(FieldRule(str(key), ftype, required,
                                   tuple(allowed) if allowed is not None else None, section, line))

    read("", schema)
    return tuple(rules)


def _markdown_options(raw, bad) -> MarkdownOptions:
    """``markdown: {linkify: false, typographer: true}``: switches of the one Markdown dialect."""
    value = raw.get("markdown")
    if value is None:
        return MarkdownOptions()
    names = ("linkify", "typographer")
    if not isinstance(value, dict):
        bad("markdown", f"`markdown` must be a mapping such as {{linkify: false, typographer: true}}, "
                        f"found {type_name(value)}")
        return MarkdownOptions()
    options = {}
    for key, flag in value.items():
        line = value.line_of(key)
        if key not in names:
            bad("markdown", f"unknown key `markdown.{key}`", line=line,
                hint=suggest(str(key), names) or f"the Markdown options are {', '.join(names)}")
        elif not isinstance(flag, bool):
            bad("markdown", f"`markdown.{key}` must be true or false, found {type_name(flag)}", line=line)
        else:
            options[key] = flag
    return MarkdownOptions(**options)
