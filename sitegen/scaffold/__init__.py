"""``sitegen new DIR``: a starter site that builds and passes
``sitegen check --strict`` at once.

The starter's files live in ``files/`` (package data): ``*.jinja`` files are
rendered with the chosen languages, the others copied as they are; a path
segment ``dot-x`` becomes ``.x`` (packaging tools skip dot-files).  Pages
come in Japanese and English; another language starts from the English text.
What it makes, for ``--languages ja,en``:

* ``site.yml`` (a placeholder ``base_url`` that builds note), ``requirements.txt``;
* home pages (``layout: home``) in every language, a guide section with one
  translated page and one page in the default language only (the fallback),
  one FAQ entry per language;
* ``data/nav.yml`` and ``data/notices.yml``;
* ``.github/workflows/site.yml`` (check, build, publish to GitHub Pages),
  ``.gitignore``, ``.vscode/`` wired to the JSON Schemas in ``schemas/``.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .. import __version__

FILES = Path(__file__).parent / "files"
TEXT_LANGUAGES = ("ja", "en")  # the starter's pages are written in these
_LANG_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
# folders a new site may be made in although they are not empty
_IGNORED = {".git", ".DS_Store"}

ENGLISH_NAMES = {"ja": "Japanese", "en": "English", "zh": "Chinese", "zh-hans": "Simplified Chinese",
                 "zh-hant": "Traditional Chinese", "ko": "Korean", "fr": "French", "de": "German",
                 "es": "Spanish", "it": "Italian", "pt": "Portuguese", "vi": "Vietnamese"}

# short texts of site.yml and data/, per language (other languages: English)
TEXTS = {
    "site_title": {"ja": "新しいサポートサイト", "en": "A new support site"},
    "site_description": {"ja": "sitegen で作った日本語と英語のサポートサイト",
                         "en": "A Japanese and English support site made with sitegen"},
    "faq_general": {"ja": "一般", "en": "General"},
    "home": {"ja": "ホーム", "en": "Home"},
    "guide": {"ja": "使い方ガイド", "en": "Guide"},
    "first_steps": {"ja": "はじめての編集", "en": "First steps"},
    "one_language": {"ja": "{default_ja}だけのページ", "en": "A page in {default_en} only"},
    "faq": {"ja": "よくある質問", "en": "FAQ"},
    "notice_opened": {"ja": "サイトを開設しました。[はじめての編集](/guide/first-steps.md)から始めましょう。",
                      "en": "The site is open. Start with [first steps](/guide/first-steps.md)."},
}
_JAPANESE_NAMES = {"ja": "日本語", "en": "英語", "zh": "中国語", "ko": "韓国語", "fr": "フランス語", "de": "ドイツ語",
                   "es": "スペイン語"}


class ScaffoldError(Exception):
    """A usage mistake (`sitegen new` exits 2): message and hint."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass(frozen=True)
class Created:
    root: Path
    languages: tuple[str, ...]
    files: tuple[str, ...]  # relative paths, sorted


def parse_languages(text: str) -> tuple[str, ...]:
    codes = tuple(code.strip().lower() for code in text.split(",") if code.strip())
    if not codes:
        raise ScaffoldError("--languages needs at least one language code", hint="for example --languages ja,en")
    for code in codes:
        if not _LANG_RE.match(code):
            raise ScaffoldError(f"`{code}` is not a language code",
                                hint="use codes such as ja, en, zh-hant, separated by commas: --languages ja,en")
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise ScaffoldError(f"language `{duplicates[0]}` is listed twice", hint="list each language once")
    return codes


def check_target(dest: Path) -> None:
    """``dest`` must not exist, or be an empty folder (a fresh `.git` is fine)."""
    if dest.exists() and not dest.is_dir():
        raise ScaffoldError(f"`{dest}` exists and is not a folder", hint="choose a new folder name: sitegen new mysite")
    if dest.is_dir():
        try:
            entries = sorted(p.name for p in dest.iterdir() if p.name not in _IGNORED)
        except OSError as exc:
            raise ScaffoldError(f"cannot read `{dest}`: {exc.strerror or exc}") from None
        if entries:
            shown = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
            raise ScaffoldError(f"`{dest}` is not empty ({shown}); sitegen new only writes into a new or empty folder",
                                hint="choose a new folder name (sitegen new mysite), or empty this one first")


def create_site(dest: Path, languages: tuple[str, ...] = ("ja", "en")) -> Created:
    """Write the starter site into ``dest``; raise :class:`ScaffoldError` for usage mistakes."""
    dest = Path(dest)
    check_target(dest)
    default = languages[0]
    context = _context(languages)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(FILES)), keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                             autoescape=False)
    plan: dict[str, str] = {}  # destination -> template (relative to FILES)
    for path in sorted(p for p in FILES.rglob("*") if p.is_file()):
        rel = path.relative_to(FILES).as_posix()
        if "__pycache__" in rel:
            continue
        target = "/".join("." + part[4:] if part.startswith("dot-") else part for part in rel.split("/"))
        if target.endswith(".jinja"):
            target = target[: -len(".jinja")]
        if target.startswith("content/"):
            text_lang, inner = target.split("/", 2)[1:]
            for lang in languages:
                if _text_language(lang) != text_lang:
                    continue
                if inner == "guide/one-language.md" and lang != default:
                    continue  # only in the default language: the others show its fallback
                plan[f"content/{lang}/{inner}"] = rel
        else:
            plan[target] = rel
    dest.mkdir(parents=True, exist_ok=True)
    for target, rel in sorted(plan.items()):
        out = dest / target
        out.parent.mkdir(parents=True, exist_ok=True)
        lang = target.split("/")[1] if target.startswith("content/") else default
        if rel.endswith(".jinja"):
            text = env.get_template(rel).render(**context, lang=lang)
            out.write_text(text, encoding="utf-8")
        else:
            out.write_bytes((FILES / rel).read_bytes())
    written = set(plan)
    written |= _finish(dest, languages)
    return Created(dest, languages, tuple(sorted(written)))


def _finish(dest: Path, languages: tuple[str, ...]) -> set[str]:
    """Stamp the translations (so `sitegen i18n status` starts at `current`)
    and write the editors' JSON Schemas."""
    from ..build import BuildOptions, load_site
    from ..i18n import stamp
    from ..schema.documents import write_schemas

    loaded = load_site(BuildOptions(source=dest, search=False))
    others = [dest / "content" / lang for lang in languages[1:]]
    if others:
        stamp(loaded.site, others)
    written = write_schemas(loaded.config, dest / "schemas")
    return {path.relative_to(dest).as_posix() for path in written}


def _text_language(lang: str) -> str:
    return lang if lang in TEXT_LANGUAGES else "en"


def _context(languages: tuple[str, ...]) -> dict:
    default = languages[0]
    values = {"default_ja": _JAPANESE_NAMES.get(default, default),
              "default_en": ENGLISH_NAMES.get(default, default)}

    def text(key: str, lang: str) -> str:
        return _yaml_scalar(TEXTS[key][_text_language(lang)].format(**values))

    def names(key: str) -> str:
        if len(languages) == 1:
            return text(key, languages[0])
        return "{" + ", ".join(f"{lang}: {text(key, lang)}" for lang in languages) + "}"

    return {
        "languages": languages,
        "default": default,
        "default_name": ENGLISH_NAMES.get(default, default),
        "text": text,
        "names": names,
        "version": __version__,
        "today": _dt.date.today().isoformat(),
    }


def _yaml_scalar(text: str) -> str:
    """A YAML flow scalar: quoted when plain YAML would misread it."""
    if re.search(r"[:#\[\]{},&*!|>'\"%@`]", text) or text != text.strip():
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text
