"""UI strings: per-language bundles shipped with the theme
(``sitegen/theme/i18n/<lang>.yml``) that a site overrides key by key in
``i18n/<lang>.yml``.  A key missing in one language falls back to the default
language's string and is reported by ``sitegen i18n status``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from string import Formatter

from .config import Config
from .errors import BuildError, Diagnostic, error, suggest
from .sitepaths import link_problem
from .yamlfile import YamlProblem, load_yaml_file, type_name

THEME_DIR = Path(__file__).parent / "theme"


@dataclass(frozen=True)
class UiStrings:
    bundles: dict  # lang -> {key: str}, as written (before fallback)
    default_language: str

    def get(self, lang: str, key: str, **values) -> str:
        text = self.bundles.get(lang, {}).get(key)
        if text is None:
            text = self.bundles.get(self.default_language, {}).get(key)
        if text is None:
            for bundle in self.bundles.values():
                if key in bundle:
                    text = bundle[key]
                    break
        if text is None:
            return key
        if values:
            try:
                return text.format(**values)
            except (KeyError, IndexError, ValueError):
                return text
        return text

    def missing(self) -> dict[str, list[str]]:
        """lang -> keys present in some language but missing in this one."""
        every = set()
        for bundle in self.bundles.values():
            every |= set(bundle)
        return {lang: sorted(every - set(bundle)) for lang, bundle in sorted(self.bundles.items())}


def _read_bundle(path: Path, display: str, problems: list[Diagnostic], read: list | None = None) -> dict:
    """The strings of one file (``read`` gets the loaded mapping, with its lines)."""
    try:
        value = load_yaml_file(path)
    except YamlProblem as exc:
        problems.append(error(display, exc.line, exc.message, rule="yaml"))
        return {}
    if read is not None:
        read.append(value)
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(error(display, 1, f"a UI string bundle must map keys to strings, found {type_name(value)}",
                              rule="i18n"))
        return {}
    bundle = {}
    for key, text in value.items():
        if not isinstance(text, (str, int, float)) or isinstance(text, bool):
            problems.append(error(display, value.line_of(key), f"UI string `{key}` must be a string, found {type_name(text)}",
                                  rule="i18n"))
            continue
        bundle[str(key)] = str(text)
    return bundle


class PlaceholderError(ValueError):
    """A placeholder that is more than a name (``{language.__class__}``, ``{0}``, ``{count:d}``)."""


def placeholders(text: str) -> list[str]:
    """The ``{name}`` placeholders of a UI string; ValueError when it is no valid
    format string, or a placeholder is more than a plain name."""
    names = []
    for _, field, spec, conversion in Formatter().parse(text):
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            shown = "{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise PlaceholderError(f"`{shown}` is not a placeholder (write a name alone, such as `{{language}}`)")
        names.append(field)
    return names


def _check_placeholders(display: str, value, bundle: dict, theme: dict, problems: list[Diagnostic]) -> None:
    """A site's UI strings are format strings: each one must parse, and use only
    the placeholders the theme's version of the string is given (any language's)."""
    for key, text in bundle.items():
        line = value.line_of(key) if hasattr(value, "line_of") else None
        try:
            used = placeholders(text)
        except ValueError as exc:
            known = theme.get(key)
            hint = ("write `{{` and `}}` for a brace shown as text" if not isinstance(exc, PlaceholderError) else
                    f"this string's placeholders: {_listed(known)}" if known is not None else
                    "write placeholders as `{name}`")
            problems.append(error(display, line, f"UI string `{key}` is not a valid text with placeholders: {exc}",
                                  hint=hint, rule="i18n"))
            continue
        known = theme.get(key)
        unknown = [name for name in used if known is not None and name not in known]
        if unknown:
            problems.append(error(display, line, f"UI string `{key}` uses `{{{unknown[0]}}}`, which sitegen does "
                                                 f"not fill in for this string (placeholders: {_listed(known)})",
                                  hint=suggest(unknown[0], known) or "use one of the placeholders listed, or none",
                                  rule="i18n"))


def _listed(names) -> str:
    return ", ".join(f"{{{name}}}" for name in sorted(names)) or "none"


@functools.lru_cache(maxsize=1)
def _theme_placeholders() -> dict[str, frozenset[str]]:
    """key -> the placeholders the theme's strings of that key use, in any
    language (the theme ships with sitegen: read once per process)."""
    found: dict[str, set[str]] = {}
    for path in sorted((THEME_DIR / "i18n").glob("*.yml")):
        for key, text in (load_yaml_file(path) or {}).items():
            found.setdefault(str(key), set()).update(placeholders(str(text)))
    return {key: frozenset(names) for key, names in found.items()}


@functools.lru_cache(maxsize=None)
def _theme_bundle(code: str) -> dict:
    """The theme's strings of a language (shipped with sitegen: read once per process)."""
    theme_file = THEME_DIR / "i18n" / f"{code}.yml"
    if not theme_file.exists():
        return {}
    problems: list[Diagnostic] = []
    bundle = _read_bundle(theme_file, f"sitegen/theme/i18n/{code}.yml", problems)
    if problems:  # pragma: no cover - sitegen's own files
        raise BuildError(problems)
    return bundle


def load_strings(config: Config) -> UiStrings:
    problems: list[Diagnostic] = []
    bundles: dict[str, dict] = {}
    theme = _theme_placeholders()
    for code in config.language_codes:
        bundle: dict = {}
        bundle.update(_theme_bundle(code))  # update() copies: the cached bundle is never changed
        for suffix in (".yml", ".yaml"):
            site_file = config.root / "i18n" / f"{code}{suffix}"
            refused = link_problem(site_file, config.root) or link_problem(site_file.parent, config.root)
            if refused is not None:
                shown = f"i18n/{code}{suffix}"
                problems.append(error(shown, None, f"`{shown}` {refused[0]}", hint=refused[1], rule="symlink"))
                continue
            if site_file.exists():
                own: list = []
                site_bundle = _read_bundle(site_file, f"i18n/{code}{suffix}", problems, own)
                if own:
                    _check_placeholders(f"i18n/{code}{suffix}", own[0], site_bundle, theme, problems)
                bundle.update(site_bundle)
        bundles[code] = bundle
    if problems:
        raise BuildError(problems)
    return UiStrings(bundles, config.default_language)
