"""``sitegen import jekyll SRC DEST``: a Jekyll site becomes a sitegen site
that builds as it is.

* pages (``.md``/``.markdown``/``.html`` with front matter) go to
  ``content/<lang>/`` with their bytes unchanged: the language comes from the
  folder (``en/...``), else the site's default language; files without front
  matter go to the same place and stay static files (``compat: jekyll``);
* ``_includes/`` goes to ``content/<default>/_includes/`` (where Liquid's
  ``include`` looks), ``_``-partials stay next to their pages
  (``include_relative``);
* ``_data/`` goes to ``data/`` (see :mod:`data_map`), ``_config.yml`` to
  ``site.yml`` (see :mod:`config_map`), other files next to their pages, so
  every URL keeps answering;
* layouts, Sass, plugins and Jekyll's own files are not copied, and the
  report (``DEST/IMPORT-REPORT.md``) says so, with every other change.

Never writes outside DEST, refuses a DEST that is not empty, and never
follows a symbolic link (symbolic links in SRC are reported and skipped).
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..config import LANGUAGE_NAMES
from ..errors import suggest
from ..matter import split_front_matter
from ..yamlfile import YamlProblem, load_yaml, to_plain
from .config_map import LANG_CODE, map_config, theme_layout
from .css_classes import STYLESHEET, classes_in, stylesheet, unstyled
from .data_map import plan_data
from .frontmatter import has_front_matter
from .report import CHANGED, NOT_MAPPED, NOTE, SKIPPED, ImportReport

PAGE_SUFFIXES = (".md", ".markdown", ".html", ".htm")
REPORT_FILE = "IMPORT-REPORT.md"
THEME_TEMPLATES = Path(__file__).resolve().parents[1] / "theme" / "templates"

# Jekyll's own files and folders: never content (Jekyll's default `exclude`, and its build output)
JEKYLL_OWN = ("Gemfile", "Gemfile.lock", "gemfiles", "node_modules", "vendor", "_site", ".jekyll-cache",
              ".jekyll-metadata", ".sass-cache", ".bundle", "package.json", "package-lock.json", "yarn.lock")
_KANA = re.compile(r"[\u3040-\u30ff]")


class ImportProblem(Exception):
    """A usage problem: the command cannot start (exit status 2)."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass(frozen=True)
class _File:
    rel: str  # POSIX path inside SRC
    path: Path


def import_site(src: Path, dest: Path) -> ImportReport:
    src, dest = Path(src), Path(dest)
    _check_folders(src, dest)
    try:
        return _import(src, dest)
    except OSError as exc:
        where = f" `{exc.filename}`" if isinstance(exc.filename, str) else ""
        raise ImportProblem(f"cannot read or write{where}: {exc.strerror or exc}",
                            "check the permissions of the Jekyll site and of DEST's folder") from None


def _import(src: Path, dest: Path) -> ImportReport:
    src = src.resolve()
    report = ImportReport(str(src), str(dest))
    raw_config = _read_config(src, report)
    files = _walk(src, dest.resolve() if dest.exists() else dest.absolute(), raw_config, report)

    languages, default = _languages(files, raw_config, report)
    site = map_config(raw_config, languages, default, report)
    site_yml: dict = {}
    site_yml["title"] = site.pop("title", None) or _home_title(files, default) or src.name
    if not raw_config.get("title"):
        report.add(NOTE, "", f"site title `{site_yml['title']}` (no title in _config.yml): set `title` in site.yml")
    if "description" in site:
        site_yml["description"] = site.pop("description")
    site_yml["languages"] = languages
    site_yml["default_language"] = default
    if "base_url" in site:
        site_yml["base_url"] = site.pop("base_url")
    site_yml["templates"] = "liquid"
    site_yml["compat"] = "jekyll"

    plan: dict[str, Path | bytes] = {}  # DEST-relative path -> source file or bytes
    data_files: dict[str, bytes] = {}
    layouts_used: dict[str, list[str]] = {}
    for file in files:
        _place(file, languages, default, plan, data_files, layouts_used, report)
    data_plan, aliases = plan_data(data_files, languages, report)
    for rel, data in data_plan.items():
        plan["data/" + rel] = data

    theme = {p.stem for p in THEME_TEMPLATES.glob("*.html") if not p.stem.startswith("_") and p.stem != "base"}
    for entry in site.get("defaults", []):
        layout = entry.get("values", {}).get("layout")
        if isinstance(layout, str):
            layouts_used.setdefault(layout, []).append("_config.yml defaults")
    layouts = {}
    for name in sorted(layouts_used):
        target = theme_layout(name, theme)
        if target != name:
            layouts[name] = target
        used = layouts_used[name]
        report.add(NOT_MAPPED, f"_layouts/{name}.html",
                   f"Jekyll layout `{name}` (used by {len(used)} page{'s' if len(used) != 1 else ''}) falls back "
                   f"to the theme's `{target}` layout (site.yml `layouts`); copy what it showed into "
                   f"templates/{target}.html if the theme's is not enough")
    if layouts:
        site_yml["layouts"] = layouts
    if "defaults" in site:
        site_yml["defaults"] = site.pop("defaults")
    if aliases:
        site_yml["data_aliases"] = aliases
    if "params" in site:
        site_yml["params"] = site.pop("params")
    classes = unstyled({f.rel: classes_in(_text(f.path)) for f in files
                        if f.rel.lower().endswith(PAGE_SUFFIXES) and not f.rel.startswith(("_layouts/", "_data/"))})
    if classes:
        plan["assets/" + STYLESHEET] = stylesheet(classes).encode("utf-8")
        site_yml["extra_css"] = [STYLESHEET]
        names = ", ".join(f"`{name}`" for name in list(classes)[:6]) + (", …" if len(classes) > 6 else "")
        report.add(NOTE, "", f"{len(classes)} CSS class{'es' if len(classes) != 1 else ''} the pages use "
                             f"({names}) have no style in the sitegen theme: `assets/{STYLESHEET}` (in site.yml "
                             "`extra_css`) has a rule for each, with the files that use it; fill them in from the "
                             "old site's Sass")

    plan["site.yml"] = _site_yml_text(site_yml).encode("utf-8")
    # everything is written into a sibling folder first, then moved into place:
    # a failed import leaves no half-written DEST behind
    dest = dest.absolute()
    dest.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{dest.name}.import-", dir=dest.parent))
    umask = os.umask(0)
    os.umask(umask)
    stage.chmod(0o777 & ~umask)  # a folder like any other, not mkdtemp's private one
    try:
        _write(stage, plan, report)
        (stage / REPORT_FILE).write_text(report.markdown(), encoding="utf-8")
        if dest.exists():
            dest.rmdir()  # checked empty at the start
        stage.rename(dest)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return report


# -- checks -------------------------------------------------------------------------

def _check_folders(src: Path, dest: Path) -> None:
    if not src.is_dir():
        raise ImportProblem(f"`{src}` is not a folder", "pass the Jekyll site's folder (the one with _config.yml)")
    if dest.is_symlink():
        raise ImportProblem(f"`{dest}` is a symbolic link", "choose a new folder for the sitegen site")
    if dest.exists():
        if not dest.is_dir():
            raise ImportProblem(f"`{dest}` exists and is not a folder", "choose a new folder for the sitegen site")
        if any(dest.iterdir()):
            raise ImportProblem(f"`{dest}` is not empty: the import writes a whole new site",
                                "choose a new or empty folder, such as ../mysite-sitegen")
    real_src, real_dest = src.resolve(), (dest.resolve() if dest.exists() else dest.absolute())
    if real_dest == real_src or real_src in real_dest.parents or real_dest in real_src.parents:
        raise ImportProblem(f"`{dest}` is inside the Jekyll site or contains it",
                            "write the sitegen site to a folder beside the Jekyll site")


def _read_config(src: Path, report: ImportReport) -> dict:
    for name in ("_config.yml", "_config.yaml"):
        path = src / name
        if path.is_file() and not path.is_symlink():
            try:
                value = load_yaml(path.read_text(encoding="utf-8"))
            except (YamlProblem, UnicodeDecodeError) as exc:
                raise ImportProblem(f"{name}: {getattr(exc, 'message', exc)}", "fix _config.yml first") from None
            if value is None:
                return {}
            if not isinstance(value, dict):
                raise ImportProblem(f"{name} is not a mapping of settings", "fix _config.yml first")
            return to_plain(value)
    report.add(NOTE, "", "no `_config.yml`: languages come from the folders (`en/` ...); check site.yml")
    return {}


# -- walking SRC --------------------------------------------------------------------------

def _walk(src: Path, dest: Path, raw_config: dict, report: ImportReport) -> list[_File]:
    excludes = [str(p) for p in raw_config.get("exclude") or []]
    includes = [str(p) for p in raw_config.get("include") or []]
    found = []
    for dirpath, dirnames, filenames in os.walk(src, followlinks=False):
        base = Path(dirpath)
        rel_dir = base.relative_to(src).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        keep = []
        for name in sorted(dirnames):
            rel = rel_dir + name
            path = base / name
            if path.is_symlink():
                report.add(SKIPPED, rel + "/", "a symbolic link: never followed")
            elif path.resolve() == dest or _excluded(rel, name, excludes, includes):
                if not name.startswith("."):
                    report.add(SKIPPED, rel + "/", "excluded (Jekyll's own folder or `exclude` in _config.yml)")
            else:
                keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            rel = rel_dir + name
            path = base / name
            if path.is_symlink():
                report.add(SKIPPED, rel, "a symbolic link: never followed")
            elif not path.is_file():
                report.add(SKIPPED, rel, "not a regular file")
            elif rel in ("_config.yml", "_config.yaml"):
                continue
            elif _excluded(rel, name, excludes, includes):
                if not name.startswith("."):
                    report.add(SKIPPED, rel, "excluded (Jekyll's own file or `exclude` in _config.yml)")
            else:
                found.append(_File(rel, path))
    return found


def _excluded(rel: str, name: str, excludes: list[str], includes: list[str]) -> bool:
    if any(fnmatch.fnmatch(rel, p.strip("/")) or fnmatch.fnmatch(name, p.strip("/")) for p in includes):
        return False
    if name.startswith(".") or name.endswith("~") or name.startswith("#") or rel.split("/")[0] in JEKYLL_OWN \
            or name in JEKYLL_OWN:
        return True
    return any(fnmatch.fnmatch(rel, p.strip("/")) or rel.startswith(p.strip("/") + "/") for p in excludes)


# -- languages ----------------------------------------------------------------------------

def _languages(files: list[_File], raw: dict, report: ImportReport) -> tuple[list[str], str]:
    """Languages from _config.yml (``lang``/``default_lang``/``languages``, or
    ``lang`` in ``defaults`` per path), else from top-level folders named
    like a language that hold pages; the default language lives at the root."""
    declared = [str(x) for x in raw.get("languages") or [] if isinstance(x, str) and LANG_CODE.match(x)]
    default = raw.get("default_lang") or raw.get("default_language") or raw.get("lang")
    for item in raw.get("defaults") or []:
        if isinstance(item, dict):
            lang = (item.get("values") or {}).get("lang")
            path = str((item.get("scope") or {}).get("path") or "").strip("/")
            if isinstance(lang, str) and LANG_CODE.match(lang):
                if not path and not default:
                    default = lang
                elif path and path.split("/")[0] == lang and lang not in declared:
                    declared.append(lang)
    folders = sorted({f.rel.split("/")[0] for f in files if "/" in f.rel and f.rel.lower().endswith(PAGE_SUFFIXES)
                      and f.rel.split("/")[0] in LANGUAGE_NAMES})
    if not default:
        root_pages = [f for f in files if "/" not in f.rel or f.rel.split("/")[0] not in folders]
        text = "".join(f.path.read_text(encoding="utf-8", errors="replace")[:2000]
                       for f in root_pages if f.rel.lower().endswith(PAGE_SUFFIXES))
        default = "ja" if _KANA.search(text) else ("en" if "en" not in folders else "ja")
        report.add(NOTE, "", f"default language `{default}` (pages at the root are "
                             f"{'Japanese' if default == 'ja' else 'not Japanese'}); change `default_language` "
                             "in site.yml if that is wrong")
    languages = [default] + [code for code in declared + folders if code != default]
    languages = list(dict.fromkeys(languages))
    report.add(CHANGED, "", f"languages {', '.join(languages)}: pages at the root -> content/{default}/"
               + "".join(f", {code}/ -> content/{code}/" for code in languages[1:]))
    return languages, str(default)


def _home_title(files: list[_File], default: str) -> str | None:
    for file in files:
        if file.rel in ("index.md", "index.html", "index.markdown"):
            front = _front(file.path.read_text(encoding="utf-8", errors="replace"))
            if isinstance(front.get("title"), str):
                return front["title"]
    return None


def _front(text: str) -> dict:
    try:
        yaml_text, _body, _line = split_front_matter(text.replace("\r\n", "\n"))
    except YamlProblem:
        return {}
    if not yaml_text:
        return {}
    try:
        value = load_yaml(yaml_text)
    except YamlProblem:
        return {}
    return to_plain(value) if isinstance(value, dict) else {}


# -- placing each file --------------------------------------------------------------------

def _place(file: _File, languages: list[str], default: str, plan: dict, data_files: dict,
           layouts_used: dict, report: ImportReport) -> None:
    rel = file.rel
    first = rel.split("/")[0]
    if first == "_includes":
        plan[f"content/{default}/{rel}"] = file.path
        report.includes += 1
        return
    if first == "_data":
        data_files[rel[len("_data/"):]] = file.path.read_bytes()
        return
    if first == "_layouts":
        return  # reported with the pages that use them
    if first == "_sass" or rel.endswith((".scss", ".sass")) and has_front_matter(_head(file.path)):
        report.add(NOT_MAPPED, rel, "Sass is not compiled: the theme's CSS applies (put plain CSS in assets/ "
                                    "and templates/ to use your own)")
        return
    if first == "_plugins":
        report.add(NOT_MAPPED, rel, "Jekyll plugin (Ruby): not run by sitegen")
        return
    if first.startswith("_") and "/" in rel:
        report.add(NOT_MAPPED, first + "/", f"Jekyll folder `{first}/` (posts, drafts or a collection) "
                                            "is not imported")
        return
    lang, inner = (first, rel[len(first) + 1:]) if first in languages and first != default and "/" in rel \
        else (default, rel)
    target = f"content/{lang}/{inner}"
    plan[target] = file.path
    is_partial = any(part.startswith("_") for part in inner.split("/"))
    lower = rel.lower()
    if is_partial:
        report.partials += 1
    elif lower.endswith(PAGE_SUFFIXES):
        _page(file, lang, inner, layouts_used, report)
    elif has_front_matter(_head(file.path)):
        report.add(NOT_MAPPED, rel, "a file of another type with front matter (Jekyll ran Liquid over it): "
                                    "copied as it is; sitegen writes sitemap.xml, robots.txt and feeds itself")
        report.static_files += 1
    else:
        report.static_files += 1


def _page(file: _File, lang: str, inner: str, layouts_used: dict, report: ImportReport) -> None:
    rel = file.rel
    try:
        text = file.path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        report.add(NOTE, rel, "not UTF-8 text: copied; sitegen will report it")
        report.static_files += 1
        return
    if not has_front_matter(text):
        report.add(NOTE, rel, "no front matter: published as a static file, as Jekyll does "
                              "(add a `---` front matter block to make it a page)")
        report.static_files += 1
        return
    report.pages[lang] = report.pages.get(lang, 0) + 1
    try:
        yaml_text, body, _line = split_front_matter(text)
        front = to_plain(load_yaml(yaml_text, line_base=1)) if yaml_text and yaml_text.strip() else {}
    except YamlProblem as exc:
        if "no closing" in exc.message:
            report.add(NOTE, rel, "front matter without a closing `---` at the start of a line: built with the "
                                  "whole file as its body, as Jekyll does; fix the `---` line")
        else:
            report.add(NOTE, rel, f"front matter line {exc.line}: {exc.message}: the build will stop on it")
        return
    if not isinstance(front, dict):
        return
    _language_note(rel, lang, body, report)
    if not (isinstance(front.get("title"), str) and front["title"].strip()) and not front.get("redirect_to"):
        typo = next((k for k in front if isinstance(k, str) and k != "title"
                     and (k.lower() == "title" or suggest(k, ["title"]))), None)
        report.add(NOTE, rel, "no `title`: the page shows its first heading"
                   + (f" (`{typo}:` looks like a misspelt `title:`)" if typo else ""))
    if front.get("redirect_to"):
        report.add(CHANGED, rel, f"a `redirect_to` stub: a redirect page to `{front['redirect_to']}`")
    layout = front.get("layout")
    if isinstance(layout, str):
        layouts_used.setdefault(layout, []).append(rel)
    if front.get("slug") is not None and not inner.rsplit("/", 1)[-1].startswith("index."):
        report.add(CHANGED, rel, f"`slug: {front['slug']}` does not move the page (as in Jekyll); "
                                 "Liquid still reads `page.slug`")
    redirects = front.get("redirect_from")
    if redirects:
        report.add(CHANGED, rel, "`redirect_from` paths are site-absolute, as jekyll-redirect-from reads them")
    permalink = front.get("permalink")
    if isinstance(permalink, str) and ":" in permalink:
        report.add(NOTE, rel, f"`permalink: {permalink}` uses placeholders, which sitegen does not expand")
    questions = _faq_questions(file.path) if inner in ("faq/index.md", "faq/index.markdown") else 0
    if questions >= 3:
        report.add(NOTE, rel, f"a one-page FAQ ({questions} questions): it stays a page with "
                              f"its table of contents; `sitegen faq split content/{lang}/{inner}` turns it into "
                              "FAQ entries for the FAQ index")


_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]")
_NOT_PROSE = re.compile(r"```.*?```|\{%.*?%\}|\{\{.*?\}\}|<[^>]*>|\]\([^)]*\)|https?://\S+", re.S)


def _language_note(rel: str, lang: str, body: str, report: ImportReport) -> None:
    """A page in English among the Japanese pages (or the other way round) is
    published as the folder's language: `<html lang>`, the voice of a screen
    reader, the search index's language.  Say so; the page is not moved."""
    prose = _NOT_PROSE.sub(" ", body)
    latin = len(re.findall(r"[A-Za-z]", prose))
    japanese = len(_JAPANESE.findall(prose))
    if lang == "ja" and japanese == 0 and latin >= 200:
        report.add(NOTE, rel, "the text is in English but the page is published as Japanese (`<html lang=\"ja\">`, "
                              "the Japanese search index): if it is the English page, move it to `en/`")
    elif lang == "en" and japanese > latin and japanese >= 100:
        report.add(NOTE, rel, "the text is in Japanese but the page is published as English (`<html lang=\"en\">`, "
                              "the English search index): if it is the Japanese page, move it out of `en/`")


def _faq_questions(path: Path) -> int:
    from .faq_split import read_page

    try:
        return sum(len(c.questions) for c in read_page("", path).categories)
    except (YamlProblem, UnicodeDecodeError):
        return 0


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _head(path: Path) -> str:
    with open(path, "rb") as handle:
        return handle.read(64).decode("utf-8", "replace")


# -- writing DEST --------------------------------------------------------------------------

def _write(dest: Path, plan: dict, report: ImportReport) -> None:
    root = dest.resolve()
    for rel in sorted(plan):
        target = (root / rel)
        parts = rel.split("/")
        if any(part in ("", ".", "..") for part in parts) or rel.startswith("/"):
            raise ImportProblem(f"refusing to write `{rel}` (not a plain path inside DEST)")
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.parent.resolve().is_relative_to(root) or target.is_symlink():
            raise ImportProblem(f"refusing to write `{rel}`: it would leave DEST")
        value = plan[rel]
        if isinstance(value, bytes):
            target.write_bytes(value)
        else:
            shutil.copyfile(value, target, follow_symlinks=False)


def _site_yml_text(site: dict) -> str:
    header = ("# Written by `sitegen import jekyll`; see IMPORT-REPORT.md and the README's\n"
              "# \"Moving from Jekyll\". `templates: liquid` keeps the pages' Liquid working;\n"
              "# `compat: jekyll` keeps Jekyll's URLs, redirects and front-matter rules.\n")
    return header + yaml.safe_dump(site, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
