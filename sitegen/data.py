"""``data/*.yml``: data files for templates, per language, with schemas.

* ``data/<name>.yml`` is ``data.<name>`` in every language;
  ``data/<name>.<lang>.yml`` or ``data/<lang>/<name>.yml`` is the variant for
  one language.  A language without its own variant falls back to the default
  language's, then to the plain file; mappings merge key by key.
* Inside one item, a mapping keyed only by language codes
  (``content: {ja: …, en: …}``) yields the reader's language, falling back to
  the default language item by item.
* ``nav`` and ``notices`` have schemas; a wrong key or type is an error with
  its line.
"""

from __future__ import annotations

from typing import Any

from .config import Config
from .errors import BuildError, Diagnostic, error, suggest
from .schema.kinds import Bool, Date, Field, ListOf, Mapping, PerLanguage, Text
from .sitepaths import link_problem
from .yamlfile import LineDict, LineList, YamlProblem, load_yaml_file, to_plain, type_name

DATA_DIR = "data"
DATA_SUFFIXES = (".yml", ".yaml")


DATA_YAML_HINT = ("fix the YAML: indent with spaces, the same number for the keys of one entry; quote values "
                  "containing `: ` or starting with `{`, `[`, `*`, `&` (README: \"Navigation and notices\" has examples)")

def load_data(config: Config) -> dict[str, dict[str, Any]]:
    """Return ``{lang: {name: value}}``, already localised for each language."""
    base = config.root / DATA_DIR
    problems: list[Diagnostic] = []
    refused = link_problem(base, config.root)
    if refused is not None:
        raise BuildError([error(DATA_DIR, None, f"`{DATA_DIR}` {refused[0]}", hint=refused[1], rule="symlink")])
    if not base.is_dir():
        return {code: {} for code in config.language_codes}
    plain: dict[str, Any] = {}
    per_lang: dict[str, dict[str, Any]] = {code: {} for code in config.language_codes}
    found = []
    for path in sorted(base.rglob("*")):
        refused = link_problem(path, config.root) if path.is_symlink() else None
        if refused is not None:
            rel = path.relative_to(config.root).as_posix()
            problems.append(error(rel, None, f"`{rel}` {refused[0]}", hint=refused[1], rule="symlink"))
        elif path.is_file() and path.suffix in DATA_SUFFIXES:
            found.append(path)
    for path in found:
        rel = path.relative_to(config.root).as_posix()
        inner = path.relative_to(base)
        stem = path.name[: -len(path.suffix)]
        lang = None
        if len(inner.parts) == 2 and inner.parts[0] in config.language_codes:
            lang, name = inner.parts[0], stem
        elif len(inner.parts) == 1:
            name, _, maybe_lang = stem.rpartition(".")
            if name and maybe_lang in config.language_codes:
                lang = maybe_lang
            else:
                name = stem
        else:
            problems.append(error(rel, None, "data files go directly in data/ or in data/<lang>/",
                                  hint="move it to data/ (or data/<lang>/ for one language)", rule="data"))
            continue
        try:
            value = load_yaml_file(path)
        except YamlProblem as exc:
            problems.append(error(rel, exc.line, exc.message, rule="yaml",
                                  hint=DATA_YAML_HINT if exc.message.startswith("invalid YAML") else None))
            continue
        schema = SCHEMAS.get(name)
        if schema is not None:
            problems.extend(schema(rel, value, config))
        if name == "nav":
            _mark_nav_origins(rel, value)
        if lang is None:
            plain[name] = value
        else:
            per_lang[lang][name] = value
    if problems:
        raise BuildError(problems)

    result: dict[str, dict[str, Any]] = {}
    default = config.default_language
    for code in config.language_codes:
        names = sorted(set(plain) | set(per_lang[code]) | set(per_lang[default]))
        merged: dict[str, Any] = {}
        for name in names:
            layers = [plain.get(name), per_lang[default].get(name)]
            if code != default:
                layers.append(per_lang[code].get(name))
            value = None
            for layer in layers:
                if layer is None:
                    continue
                value = _merge(value, layer)
            merged[name] = localize(to_plain(value), code, default, config.language_codes)
        result[code] = merged
    return result


NAV_ORIGIN = "_origin"  # (data file, line of `url`) on each nav entry with a url: where a broken one was written


def _mark_nav_origins(rel: str, value: Any) -> None:
    blocks = value if isinstance(value, list) else []
    entries = [b for b in blocks if isinstance(b, dict)]
    entries += [e for b in entries if isinstance(b.get("contents"), list) for e in b["contents"] if isinstance(e, dict)]
    for entry in entries:
        if "url" in entry:
            entry[NAV_ORIGIN] = (rel, _line(entry, "url"))


def nav_origin(entry: dict) -> tuple[str | None, int | None]:
    """The data file and line a nav entry was written at (see NAV_ORIGIN)."""
    return entry.get(NAV_ORIGIN) or (None, None)


def _merge(lower: Any, upper: Any) -> Any:
    if isinstance(lower, dict) and isinstance(upper, dict):
        out = dict(lower)
        for key, value in upper.items():
            out[key] = _merge(lower.get(key), value)
        return out
    return upper


def localize(value: Any, lang: str, default: str, codes: tuple[str, ...]) -> Any:
    """Pick the reader's language from mappings keyed only by language codes."""
    if isinstance(value, dict):
        if value and all(key in codes for key in value):
            if lang in value and value[lang] not in (None, ""):
                return localize(value[lang], lang, default, codes)
            if default in value:
                return localize(value[default], lang, default, codes)
            first = next(code for code in codes if code in value)
            return localize(value[first], lang, default, codes)
        return {key: localize(item, lang, default, codes) for key, item in value.items()}
    if isinstance(value, list):
        return [localize(item, lang, default, codes) for item in value]
    return value


# --- schemas ---------------------------------------------------------------

def _line(container, key) -> int | None:
    if isinstance(container, LineDict):
        return container.line_of(key)
    if isinstance(container, LineList):
        return container.line_of(key)
    return getattr(container, "line", None)


def _check_mapping(rel: str, item: Any, fields: dict[str, Field], where: str, line: int | None) -> list[Diagnostic]:
    """``item`` against a table of :class:`Field` (see NAV_BLOCK, NOTICE)."""
    problems: list[Diagnostic] = []
    if not isinstance(item, dict):
        return [error(rel, line, f"{where} must be a mapping, found {type_name(item)}", rule="data-schema")]
    for key in item:
        if key not in fields:
            problems.append(error(rel, _line(item, key), f"unknown key `{key}` in {where}",
                                  hint=suggest(str(key), fields) or f"allowed keys: {', '.join(fields)}",
                                  rule="data-schema"))
    for key, spec in fields.items():
        if key not in item:
            if spec.required:
                problems.append(error(rel, getattr(item, "line", line), f"{where} is missing `{key}`",
                                      hint=f"add `{key}:` ({spec.description})", rule="data-schema"))
            continue
        if not spec.kind.check(item[key]):
            problems.append(error(rel, _line(item, key),
                                  f"`{key}` in {where} must be {spec.description}, found {type_name(item[key])}",
                                  rule="data-schema"))
    return problems


# The keys of data/nav*.yml and data/notices*.yml: one table for the validator
# below and for the JSON Schemas of `sitegen schema` (sitegen/schema/).
_NAME = PerLanguage(Text(), "a non-empty string", site_languages=False)
NAV_LINK = Mapping({
    "name": Field(_NAME, True, "the text of the link"),
    "url": Field(Text(description="a URL or path such as /zoom/account/"), True,
                 "a page's URL path (/zoom/account/), its Markdown file (/zoom/account.md) or a full URL"),
}, description="a mapping with `name` and `url`")
NAV_BLOCK = Mapping({
    "name": Field(_NAME, True, "the block's heading"),
    "url": Field(Text(description="a URL or path"), False, "where the heading links to (optional)"),
    "contents": Field(ListOf(NAV_LINK, description="a list of {name, url}"), False, "the block's links"),
}, description="a navigation block")
NAV = ListOf(NAV_BLOCK, description="a list of blocks")
NOTICE = Mapping({
    "date": Field(Date(), True, "the day of the notice (YYYY-MM-DD)"),
    "content": Field(PerLanguage(Text(), "a string or a mapping per language (ja: …, en: …)"), True,
                     "the text (inline Markdown), one string or one per language"),
    "important": Field(Bool(), False, "highlighted"),
    "outdated": Field(Bool(), False, "shown greyed out"),
}, description="a notice")
NOTICES = ListOf(NOTICE, description="a list of notices")


def check_nav(rel: str, value: Any, config: Config) -> list[Diagnostic]:
    if value is None:
        return []
    if not isinstance(value, list):
        return [error(rel, getattr(value, "line", 1), f"navigation must be a list of blocks, found {type_name(value)}",
                      hint="write `- name: ...` blocks with `contents:` lists", rule="data-schema")]
    problems: list[Diagnostic] = []
    for index, block in enumerate(value):
        where = f"navigation block {index + 1}"
        problems.extend(_check_mapping(rel, block, NAV_BLOCK.fields, where, value.line_of(index)))
        contents = block.get("contents") if isinstance(block, dict) else None
        if isinstance(contents, list):
            for sub_index, entry in enumerate(contents):
                problems.extend(_check_mapping(rel, entry, NAV_LINK.fields, f"entry {sub_index + 1} of {where}",
                                               contents.line_of(sub_index)))
    return problems


def check_notices(rel: str, value: Any, config: Config) -> list[Diagnostic]:
    if value is None:
        return []
    if not isinstance(value, list):
        return [error(rel, getattr(value, "line", 1), f"notices must be a list, found {type_name(value)}",
                      rule="data-schema")]
    problems: list[Diagnostic] = []
    for index, item in enumerate(value):
        problems.extend(_check_mapping(rel, item, NOTICE.fields, f"notice {index + 1}", value.line_of(index)))
        content = item.get("content") if isinstance(item, dict) else None
        if isinstance(content, dict):
            for lang in content:
                if lang not in config.language_codes:
                    problems.append(error(rel, _line(content, lang),
                                          f"notice {index + 1} has content for `{lang}`, which is not a site language",
                                          hint=suggest(str(lang), config.language_codes), rule="data-schema"))
    return problems


SCHEMAS = {"nav": check_nav, "notices": check_notices}
