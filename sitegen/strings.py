"""UI strings: per-language bundles shipped with the theme
(``sitegen/theme/i18n/<lang>.yml``) that a site overrides key by key in
``i18n/<lang>.yml``.  A key missing in one language falls back to the default
language's string and is reported by ``sitegen i18n status``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .errors import BuildError, Diagnostic, error
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


def _read_bundle(path: Path, display: str, problems: list[Diagnostic]) -> dict:
    try:
        value = load_yaml_file(path)
    except YamlProblem as exc:
        problems.append(error(display, exc.line, exc.message, rule="yaml"))
        return {}
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


def load_strings(config: Config) -> UiStrings:
    problems: list[Diagnostic] = []
    bundles: dict[str, dict] = {}
    for code in config.language_codes:
        bundle: dict = {}
        theme_file = THEME_DIR / "i18n" / f"{code}.yml"
        if theme_file.exists():
            bundle.update(_read_bundle(theme_file, f"sitegen/theme/i18n/{code}.yml", problems))
        for suffix in (".yml", ".yaml"):
            site_file = config.root / "i18n" / f"{code}{suffix}"
            refused = link_problem(site_file, config.root) or link_problem(site_file.parent, config.root)
            if refused is not None:
                shown = f"i18n/{code}{suffix}"
                problems.append(error(shown, None, f"`{shown}` {refused[0]}", hint=refused[1], rule="symlink"))
                continue
            if site_file.exists():
                bundle.update(_read_bundle(site_file, f"i18n/{code}{suffix}", problems))
        bundles[code] = bundle
    if problems:
        raise BuildError(problems)
    return UiStrings(bundles, config.default_language)
