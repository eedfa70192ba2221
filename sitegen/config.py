"""Read and validate ``site.yml`` into a frozen :class:`Config`.

Every key has a schema entry; an unknown key or a wrong type is an error that
names the key, its line and what to write instead.  ``site.yml`` is optional:
a folder with only ``content/`` builds with the defaults.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import BuildError, Collector, error, suggest
from .yamlfile import LineDict, YamlProblem, load_yaml_file, to_plain, type_name

CONFIG_FILE = "site.yml"

LANGUAGE_NAMES = {
    "ja": "日本語",
    "en": "English",
    "zh": "中文",
    "zh-hans": "简体中文",
    "zh-hant": "繁體中文",
    "ko": "한국어",
    "fr": "Français",
    "de": "Deutsch",
    "es": "Español",
    "it": "Italiano",
    "pt": "Português",
    "vi": "Tiếng Việt",
}

FALLBACK_MODES = ("content", "redirect", "none")
_LANG_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # native name, shown in the switcher
    prefix: str  # "" for the default language, "/en" for the others

    @property
    def home_url(self) -> str:
        return self.prefix + "/"


@dataclass(frozen=True)
class FaqCategory:
    key: str
    labels: dict  # language code -> label

    def label(self, lang: str, default_lang: str) -> str:
        return self.labels.get(lang) or self.labels.get(default_lang) or self.key


@dataclass(frozen=True)
class FieldRule:
    """One key of the front-matter schema declared in ``site.yml``."""

    key: str
    type: str | None
    required: bool
    allowed: tuple | None
    section: str  # "" for every page, "faq/" for pages under content/<lang>/faq/
    line: int


@dataclass(frozen=True)
class MarkdownOptions:
    """``markdown:`` in site.yml; the defaults are kramdown's (Jekyll's) behaviour."""

    linkify: bool = False  # bare URLs and e-mail addresses become links
    typographer: bool = True  # "quotes" -> “quotes”, -- -> –, ... -> …

    def as_kwargs(self) -> dict:
        return {"linkify": self.linkify, "typographer": self.typographer}


@dataclass(frozen=True)
class Config:
    root: Path
    title: dict  # language code -> title
    description: dict
    languages: tuple[Language, ...]
    default_language: str
    base_url: str  # always ends with "/"
    params: dict
    fallback: str
    faq_categories: tuple[FaqCategory, ...] = ()
    front_matter: tuple[FieldRule, ...] = ()
    config_file: Path | None = None
    markdown: MarkdownOptions = MarkdownOptions()

    @property
    def language_codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    @property
    def base_path(self) -> str:
        """The path part of base_url without its trailing slash ("" or "/docs")."""
        return urlsplit(self.base_url).path.rstrip("/")

    def language(self, code: str) -> Language:
        for lang in self.languages:
            if lang.code == code:
                return lang
        raise KeyError(code)

    def title_for(self, lang: str) -> str:
        return self.title.get(lang) or self.title.get(self.default_language) or ""

    @property
    def content_dir(self) -> Path:
        return self.root / "content"


# ---------------------------------------------------------------------------

_KNOWN_KEYS = (
    "title", "description", "languages", "default_language", "base_url",
    "params", "fallback", "faq", "front_matter", "markdown",
)
_FIELD_TYPES = ("string", "boolean", "integer", "number", "date", "list", "mapping")


def load_config(root: Path, base_url: str | None = None) -> Config:
    """Load ``<root>/site.yml``; raise :class:`BuildError` listing every problem."""
    root = Path(root).resolve()
    path = root / CONFIG_FILE
    raw: Any = None
    if path.exists():
        try:
            raw = load_yaml_file(path)
        except YamlProblem as exc:
            hint = "fix the YAML syntax; strings with `:` or `#` need quotes" if exc.message.startswith("invalid YAML") \
                else "site.yml must be a UTF-8 text file (or absent: the defaults are used)"
            raise BuildError([error(CONFIG_FILE, exc.line, exc.message, hint=hint, rule="config")])
    if raw is None:
        raw = LineDict()
        raw.line, raw.key_lines = 1, {}
    problems = Collector()
    if not isinstance(raw, dict):
        raise BuildError([error(CONFIG_FILE, 1, f"site.yml must be a mapping of keys, found {type_name(raw)}")])
    return _build_config(root, raw, problems, base_url, path if path.exists() else None)


def _build_config(root: Path, raw: LineDict, problems: Collector,
                  base_url_override: str | None, config_file: Path | None) -> Config:
    def bad(key, message, hint=None, line=None):
        problems.add(error(CONFIG_FILE, line or raw.line_of(key), message, hint=hint, rule="config"))

    for key in raw:
        if key not in _KNOWN_KEYS:
            hint = suggest(str(key), _KNOWN_KEYS) or \
                "free values for templates go under `params:`"
            bad(key, f"unknown key `{key}` in site.yml", hint)

    # languages ------------------------------------------------------------
    codes: list[str] = []
    names: dict[str, str] = {}
    langs_raw = raw.get("languages", ["ja", "en"])
    if not isinstance(langs_raw, list) or not langs_raw:
        bad("languages", f"`languages` must be a non-empty list such as [ja, en], found {type_name(langs_raw)}")
        langs_raw = ["ja", "en"]
    for index, item in enumerate(langs_raw):
        line = langs_raw.line_of(index) if hasattr(langs_raw, "line_of") else raw.line_of("languages")
        if isinstance(item, dict):
            code, name = item.get("code"), item.get("name")
            for k in item:
                if k not in ("code", "name"):
                    bad("languages", f"unknown key `{k}` in a language entry", line=item.line_of(k),
                        hint=suggest(str(k), ["code", "name"]) or "a language entry is {code: ja, name: 日本語}")
            if name is not None and not isinstance(name, str):
                bad("languages", f"the `name` of language `{code}` must be a string, found {type_name(name)}",
                    line=item.line_of("name"))
                name = None
        else:
            code, name = item, None
        if not isinstance(code, str) or not _LANG_RE.match(code):
            bad("languages", f"`{code}` is not a language code (use codes such as `ja`, `en`, `zh-hant`)", line=line)
            continue
        if code in codes:
            bad("languages", f"language `{code}` is listed twice", line=line)
            continue
        codes.append(code)
        names[code] = str(name) if name else LANGUAGE_NAMES.get(code, code)
    if not codes:
        codes, names = ["ja", "en"], {"ja": "日本語", "en": "English"}

    default = raw.get("default_language", codes[0] if "languages" in raw else "ja")
    if default not in codes:
        bad("default_language", f"default_language `{default}` is not one of the languages {codes}",
            hint=f"write `default_language: {codes[0]}` or add `{default}` to `languages`")
        default = codes[0]
    languages = tuple(
        Language(code, names[code], "" if code == default else f"/{code}")
        for code in [default] + [c for c in codes if c != default]
    )
    # keep the editor's order for the switcher, default first is only for prefixes
    languages = tuple(sorted(languages, key=lambda lang: codes.index(lang.code)))

    title = _per_language(raw, "title", codes, bad, default="sitegen site")
    description = _per_language(raw, "description", codes, bad, default="")

    # base_url ---------------------------------------------------------------
    base_url = base_url_override if base_url_override is not None else raw.get("base_url", "/")
    if not isinstance(base_url, str):
        bad("base_url", f"`base_url` must be a string such as https://example.org/docs/, found {type_name(base_url)}")
        base_url = "/"
    problem = base_url_problem(base_url) if isinstance(base_url, str) else None
    if problem is not None:
        message, hint = problem
        if base_url_override is not None:  # checked by the CLI already; API callers get it here
            problems.add(error("--base-url", None, message, hint=hint, rule="config"))
        else:
            bad("base_url", message, hint)
        base_url = "/"
    if not base_url.endswith("/"):
        base_url += "/"

    params = raw.get("params", {})
    if not isinstance(params, dict):
        bad("params", f"`params` must be a mapping, found {type_name(params)}")
        params = {}

    fallback = raw.get("fallback", "content")
    if fallback not in FALLBACK_MODES:
        bad("fallback", f"`fallback` must be one of {', '.join(FALLBACK_MODES)}, found `{fallback}`",
            hint=suggest(str(fallback), FALLBACK_MODES))
        fallback = "content"

    faq_categories = _faq(raw, codes, bad, problems)
    front_matter = _front_matter_schema(raw, problems)
    markdown = _markdown_options(raw, bad)

    problems.raise_if_errors()
    return Config(
        root=root,
        title=title,
        description=description,
        languages=languages,
        default_language=default,
        base_url=base_url,
        params=to_plain(params),
        fallback=fallback,
        faq_categories=faq_categories,
        front_matter=front_matter,
        config_file=config_file,
        markdown=markdown,
    )


def base_url_problem(base_url: str) -> tuple[str, str] | None:
    """(message, hint) when ``base_url`` is neither an http(s) URL nor a path
    starting with ``/``; None when it is fine."""
    parts = urlsplit(base_url)
    hint = "write it like https://example.org/ or https://example.org/docs/ (or a path such as /docs/)"
    if parts.scheme in ("http", "https") and parts.netloc and not parts.query and not parts.fragment:
        return None
    if not parts.scheme and not parts.netloc and base_url.startswith("/") and not parts.query and not parts.fragment:
        return None
    if not parts.scheme and not base_url.startswith("/") and "." in base_url.split("/")[0]:
        host = base_url.rstrip("/")
        hint = f"did you mean `https://{host}/`? a base URL needs its scheme"
    return f"`base_url` `{base_url}` is not an http(s) URL or a path starting with `/`", hint


def _per_language(raw, key, codes, bad, default) -> dict:
    value = raw.get(key)
    if value is None:
        return {code: default for code in codes} if default else {}
    if isinstance(value, str):
        return {code: value for code in codes}
    if isinstance(value, dict):
        result = {}
        for lang, text in value.items():
            if lang not in codes:
                bad(key, f"`{key}` has an entry for `{lang}`, which is not in `languages`",
                    line=value.line_of(lang), hint=suggest(str(lang), codes))
            elif not isinstance(text, str):
                bad(key, f"`{key}.{lang}` must be a string, found {type_name(text)}", line=value.line_of(lang))
            else:
                result[lang] = text
        return result
    bad(key, f"`{key}` must be a string or a mapping per language ({', '.join(codes)}), found {type_name(value)}")
    return {}


def _faq(raw, codes, bad, problems) -> tuple[FaqCategory, ...]:
    faq = raw.get("faq")
    if faq is None:
        return ()
    if not isinstance(faq, dict):
        bad("faq", f"`faq` must be a mapping with `categories`, found {type_name(faq)}")
        return ()
    for key in faq:
        if key != "categories":
            bad("faq", f"unknown key `faq.{key}`", line=faq.line_of(key), hint=suggest(str(key), ["categories"]))
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
            if k not in ("key", "label"):
                bad("faq", f"unknown key `{k}` in an FAQ category", line=item.line_of(k) if hasattr(item, "line_of") else line,
                    hint=suggest(str(k), ["key", "label"]))
        key = item["key"]
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
            if isinstance(spec, str):
                spec = {"type": spec}
            if not isinstance(spec, dict):
                problems.add(error(CONFIG_FILE, line, f"rule for `{key}` must be a type name or a mapping", rule="config"))
                continue
            for k in spec:
                if k not in ("type", "required", "allowed"):
                    problems.add(error(CONFIG_FILE, spec.line_of(k), f"unknown rule `{k}` for front matter key `{key}`",
                                       hint=suggest(str(k), ["type", "required", "allowed"]), rule="config"))
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
