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

from .docsite.options import THEME_FIELDS, ThemeOptions, theme_options
from .errors import BuildError, Collector, Diagnostic, error, note, suggest, warning
from .jekyll.settings import FIELDS as JEKYLL_FIELDS, Settings, read_settings
from .schema.kinds import AnyMapping, Bool, Custom, Enum, Field, LanguageRef, ListOf, Mapping, OneOf, PerLanguage, Text
from .sitepaths import link_problem
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
    # where base_url came from: "site.yml" (line base_url_line), "--base-url" or "" (not set)
    base_url_origin: str = ""
    base_url_line: int | None = None
    jekyll: Settings = Settings()  # templates, compat, layouts, defaults, data_aliases (sitegen/jekyll/settings.py)
    theme: ThemeOptions = ThemeOptions()  # repo_url, edit_uri, extra_css/js, logo, favicon, og_image, twitter
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

# The keys of site.yml: one table for the validator below and for the JSON
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


def load_config(root: Path, base_url: str | None = None) -> Config:
    """Load ``<root>/site.yml``; raise :class:`BuildError` listing every problem."""
    root = Path(root).resolve()
    path = root / CONFIG_FILE
    raw: Any = None
    refused = link_problem(path, root)
    if refused is not None:
        raise BuildError([error(CONFIG_FILE, None, f"`{CONFIG_FILE}` {refused[0]}", hint=refused[1], rule="symlink")])
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
                if k not in LANGUAGE_ENTRY.fields:
                    bad("languages", f"unknown key `{k}` in a language entry", line=item.line_of(k),
                        hint=suggest(str(k), LANGUAGE_ENTRY.fields) or "a language entry is {code: ja, name: 日本語}")
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
    jekyll = read_settings(raw, codes, bad)
    theme = theme_options(raw, root, bad)
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
        base_url_origin="--base-url" if base_url_override is not None else (CONFIG_FILE if "base_url" in raw else ""),
        base_url_line=raw.line_of("base_url") if base_url_override is None and "base_url" in raw else None,
        jekyll=jekyll,
        theme=theme,
        markdown=markdown,
    )


def base_url_problem(base_url: str) -> tuple[str, str] | None:
    """(message, hint) when ``base_url`` is neither an http(s) URL nor a path
    starting with ``/``; None when it is fine."""
    hint = "write it like https://example.org/ or https://example.org/docs/ (or a path such as /docs/)"
    try:
        parts = urlsplit(base_url)
        parts.port  # noqa: B018 - a port that is no number raises here
    except ValueError as exc:  # `http://[::1/`: a host in brackets must be an IPv6 address
        return f"`base_url` `{base_url}` is not a valid URL ({exc})", hint
    if any(c.isspace() or not c.isprintable() for c in base_url):
        return f"`base_url` `{base_url}` is not a valid URL (it contains spaces or control characters)", hint
    if parts.scheme in ("http", "https") and parts.netloc and not parts.query and not parts.fragment:
        return None
    if not parts.scheme and not parts.netloc and base_url.startswith("/") and not parts.query and not parts.fragment:
        return None
    if not parts.scheme and not base_url.startswith("/") and "." in base_url.split("/")[0]:
        host = base_url.rstrip("/")
        hint = f"did you mean `https://{host}/`? a base URL needs its scheme"
    return f"`base_url` `{base_url}` is not an http(s) URL or a path starting with `/`", hint


# hosts reserved for examples (RFC 2606, RFC 6761): a base_url there is a placeholder
_PLACEHOLDER_DOMAINS = ("example.com", "example.net", "example.org")
_PLACEHOLDER_TLDS = (".example", ".invalid", ".test")
BASE_URL_RULE = "base-url"


def is_placeholder_host(host: str) -> bool:
    host = host.lower().rstrip(".").rsplit("@", 1)[-1].split(":", 1)[0]
    return host in _PLACEHOLDER_DOMAINS or host.endswith(tuple("." + d for d in _PLACEHOLDER_DOMAINS)) \
        or host.endswith(_PLACEHOLDER_TLDS)


def base_url_diagnostics(config: Config) -> list[Diagnostic]:
    """What a ``base_url`` that is not the published address breaks, for
    ``build`` and ``check`` (``serve`` previews locally and does not need it).

    * none, or a path only (``/docs/``): a **warning**: sitemap.xml and
      robots.txt carry relative URLs, which search engines ignore, and pages
      have no absolute canonical, hreflang or og:url links;
    * a placeholder on a reserved example domain (``https://example.org/``,
      as ``sitegen new`` writes it): a **note**, which ``check --strict``
      does not count: the address is filled in by the publishing workflow
      (``--base-url``) until the editor writes the real one.
    """
    parts = urlsplit(config.base_url)
    where = config.base_url_origin or CONFIG_FILE
    line = config.base_url_line if where == CONFIG_FILE else None
    fix = ("set `base_url:` in site.yml to the address the site is published at (https://<host>/<path>/), "
           "or pass --base-url when building for publication")
    if not parts.netloc:
        what = f"`base_url` is only a path (`{config.base_url}`)" if config.base_url_origin else "no `base_url`"
        return [warning(where, line,
                        f"{what}: sitemap.xml and robots.txt carry relative URLs (`<loc>{config.base_url}</loc>`), "
                        "which search engines ignore, and the canonical, hreflang and og:url links of every page "
                        "are not absolute", hint=fix, rule=BASE_URL_RULE)]
    if is_placeholder_host(parts.netloc):
        return [note(where, line,
                     f"`base_url` is the placeholder `{config.base_url}`: sitemap.xml, robots.txt and the canonical, "
                     f"hreflang and og:url links point at {parts.netloc}, not at the published site",
                     hint=fix, rule=BASE_URL_RULE)]
    return []


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
