"""Reading ``site.yml``: every problem found, with its line, before one
:class:`BuildError`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import BuildError, Collector, error, suggest
from ..docsite.options import theme_options
from ..jekyll.settings import read_settings
from ..sitepaths import link_problem
from ..yamlfile import LineDict, YamlProblem, load_yaml_file, to_plain, type_name
from .base_url import base_url_problem
from .fields import _KNOWN_KEYS, _LANG_RE, LANGUAGE_ENTRY
from .model import CONFIG_FILE, FALLBACK_MODES, Config, Language
from .sections import _faq, _front_matter_schema, _markdown_options

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
