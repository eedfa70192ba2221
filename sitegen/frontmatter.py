"""The built-in front-matter keys: their types, and checks against the
front-matter schema a site declares in ``site.yml``.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from typing import Any

from .config import Config, FieldRule
from .errors import Diagnostic, error, suggest, warning
from .yamlfile import type_name

# key -> (accepted python types, human description)
_STR = (str,)
_BOOL = (bool,)
BUILTIN_KEYS: dict[str, tuple[tuple[type, ...], str]] = {
    "title": ((str, int, float), "a string"),
    "layout": (_STR, "a layout name such as `page`"),
    "description": (_STR, "a string"),
    "lang": (_STR, "a language code"),
    "permalink": (_STR, "a path such as `/zoom/account/`"),
    "slug": ((str, int), "a URL segment such as `account`"),
    "draft": (_BOOL, "true or false"),
    "redirect_from": ((str, list), "a path or a list of paths"),
    "redirect_to": (_STR, "a URL or path"),
    "sitemap": (_BOOL, "true or false"),
    "toc": ((bool, int), "true, false or the deepest heading level it lists (2 to 6)"),
    "breadcrumb": ((dict,), "a mapping with `title` and/or `parent`"),
    "target_blank": (_BOOL, "true or false"),
    "template": (_BOOL, "true or false"),
    "translation_key": ((str, int), "a string"),
    "source_hash": ((str, int), "the hash written by `sitegen i18n stamp`"),
    "updated": ((str, _dt.date), "a date such as 2026-04-01"),
    "date": ((str, _dt.date), "a date such as 2026-04-01"),
    "category": (_STR, "an FAQ category key"),
    "order": ((int, float), "a number"),
    "tags": ((list,), "a list of strings"),
    "noindex": (_BOOL, "true or false"),
}

_TYPE_CHECKS = {
    "string": (lambda v: isinstance(v, str), "a string"),
    "boolean": (lambda v: isinstance(v, bool), "true or false"),
    "integer": (lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number"),
    "number": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool), "a number"),
    "date": (lambda v: isinstance(v, _dt.date) or (isinstance(v, str) and _is_iso_date(v)), "a date (YYYY-MM-DD)"),
    "list": (lambda v: isinstance(v, list), "a list"),
    "mapping": (lambda v: isinstance(v, dict), "a mapping"),
}


def _is_iso_date(text: str) -> bool:
    try:
        _dt.date.fromisoformat(text[:10])
        return True
    except ValueError:
        return False


def _builtin_ok(key: str, value: Any) -> bool:
    spec = BUILTIN_KEYS.get(key)
    if spec is None:
        return True
    types = spec[0]
    if isinstance(value, bool) and bool not in types:
        return False
    return isinstance(value, types)


def check_builtin(path: str, front: dict, line_of) -> list[Diagnostic]:
    problems = []
    for key, value in front.items():
        if not _builtin_ok(key, value):
            description = BUILTIN_KEYS[key][1]
            problems.append(error(path, line_of(key),
                                  f"front matter `{key}` must be {description}, found {type_name(value)} `{_short(value)}`",
                                  rule="front-matter-type"))
    for key in ("updated", "date"):
        value = front.get(key)
        if isinstance(value, str) and not _is_iso_date(value.strip()):
            problems.append(error(path, line_of(key),
                                  f"front matter `{key}` must be {BUILTIN_KEYS[key][1]}, found `{_short(value)}`",
                                  hint=f"write `{key}: 2026-04-01` (year-month-day)", rule="front-matter-type"))
    toc = front.get("toc")
    if isinstance(toc, int) and not isinstance(toc, bool) and not 2 <= toc <= 6:
        problems.append(error(path, line_of("toc"), f"front matter `toc` must be {BUILTIN_KEYS['toc'][1]}, "
                                                    f"found `{toc}`",
                              hint="`toc: 4` lists the ##, ### and #### headings; `toc: false` hides the contents",
                              rule="front-matter-value"))
    crumb = front.get("breadcrumb")
    if isinstance(crumb, dict):
        for key, value in crumb.items():
            if key not in ("title", "parent"):
                problems.append(error(path, line_of("breadcrumb"), f"unknown key `{key}` in `breadcrumb`",
                                      hint=suggest(str(key), ["title", "parent"]) or "use `title` and/or `parent`",
                                      rule="front-matter-type"))
            elif value is not None and (not isinstance(value, (str, int, float)) or isinstance(value, bool)):
                problems.append(error(path, line_of("breadcrumb"),
                                      f"`breadcrumb.{key}` must be a string, found {type_name(value)}",
                                      rule="front-matter-type"))
    redirect_from = front.get("redirect_from")
    if isinstance(redirect_from, list) and not all(isinstance(v, str) for v in redirect_from):
        problems.append(error(path, line_of("redirect_from"), "every `redirect_from` entry must be a path string",
                              rule="front-matter-type"))
    tags = front.get("tags")
    if isinstance(tags, list) and not all(isinstance(v, (str, int)) for v in tags):
        problems.append(error(path, line_of("tags"), "every tag must be a string", rule="front-matter-type"))
    return problems


# Keys sitegen reads besides BUILTIN_KEYS (theme, navigation, Jekyll dates).
_OTHER_KNOWN = ("image", "last_modified_at", "weight")
# Keys of other generators that look like a misspelt built-in one but are not.
_NOT_TYPOS = frozenset({"images"})


def check_misspelt_keys(config: Config, path: str, written: dict, line_of) -> list[Diagnostic]:
    """A key written in the file that is not a built-in one but nearly is
    (``layuot``, ``tilte``, ``Title``, ``redirect-from``) is a warning: any
    other key is a template's ``page.<key>``, so a typo would pass silently.
    A key the site declares under ``front_matter:`` is its own."""
    declared = {rule.key for rule in config.front_matter}
    known = sorted(set(BUILTIN_KEYS) | set(_OTHER_KNOWN))
    problems = []
    for key in written:
        name = str(key)
        if name in known or name in declared or name in _NOT_TYPOS:
            continue
        match = difflib.get_close_matches(name.lower().replace("-", "_"), known, n=1, cutoff=0.8)
        if match:
            problems.append(warning(
                path, line_of(key), f"front matter `{name}` is not a key sitegen knows: is it `{match[0]}` misspelt?",
                hint=f"write `{match[0]}:`; if `{name}` is a key of your own (for templates: page.{name}), "
                     f"declare it under `front_matter:` in site.yml (`{name}: {{}}`)",
                rule="front-matter-key"))
    return problems


def toc_depth(front: dict) -> int:
    """The deepest heading level a page's table of contents lists: ``toc: 4``,
    else 3 (``##`` and ``###``)."""
    toc = front.get("toc")
    if isinstance(toc, int) and not isinstance(toc, bool) and 2 <= toc <= 6:
        return toc
    return 3


def check_schema(config: Config, section_path: str, path: str, front: dict, line_of) -> list[Diagnostic]:
    """Validate against ``front_matter:`` rules in site.yml.

    ``section_path`` is the page's path inside its language folder
    (``faq/zoom-signin.md``); a rule declared under ``faq/`` applies to it.
    """
    problems: list[Diagnostic] = []
    rules: list[FieldRule] = [r for r in config.front_matter if _in_section(section_path, r.section)]
    for rule in rules:
        present = rule.key in front and front[rule.key] is not None
        if not present:
            if rule.required:
                where = f" (required for pages under {rule.section})" if rule.section else ""
                problems.append(error(path, 1, f"front matter is missing `{rule.key}`{where}",
                                      hint=f"add `{rule.key}:` to the front matter (site.yml:{rule.line})",
                                      rule="front-matter-required"))
            continue
        value = front[rule.key]
        if not _builtin_ok(rule.key, value):
            continue  # check_builtin has reported this key once already
        if rule.type:
            check, expected = _TYPE_CHECKS[rule.type]
            if not check(value):
                problems.append(error(path, line_of(rule.key),
                                      f"front matter `{rule.key}` must be {expected}, found {type_name(value)} `{_short(value)}`",
                                      hint=f"declared in site.yml:{rule.line}", rule="front-matter-type"))
                continue
        if rule.allowed is not None:
            values = value if isinstance(value, list) else [value]
            for item in values:
                if item not in rule.allowed:
                    allowed = ", ".join(str(a) for a in rule.allowed)
                    problems.append(error(path, line_of(rule.key),
                                          f"front matter `{rule.key}` is `{item}`, expected one of: {allowed}",
                                          hint=suggest(str(item), [str(a) for a in rule.allowed]) or f"declared in site.yml:{rule.line}",
                                          rule="front-matter-value"))
    return problems


def _in_section(path: str, section: str) -> bool:
    """Rules of ``faq/`` apply to the pages inside it, not to its own
    ``faq/index.md`` (the section page, as in Hugo)."""
    if not section:
        return True
    if not path.startswith(section):
        return False
    rest = path[len(section):]
    return not (rest.startswith("index.") and "/" not in rest)


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."
