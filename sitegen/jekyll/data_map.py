"""``_data/`` -> ``data/``: names as Liquid reads them (``_data/nav/ja.yml``,
``site.data.nav.ja``, becomes ``data/nav.ja.yml``, which Liquid still reads
as ``site.data.nav.ja``), and the two files the theme reads: navigation
(``nav``) and notices (Jekyll sites often call it ``notice``, renamed to
``notices`` with a ``data_aliases`` entry so Liquid keeps its name).  A file
is only given to the theme when it fits the theme's schema; otherwise it
keeps its name and the report says why.
"""

from __future__ import annotations

import posixpath
from types import SimpleNamespace

from ..data import check_nav, check_notices
from ..yamlfile import YamlProblem, load_yaml
from .report import CHANGED, NOT_MAPPED, NOTE, ImportReport

NOTICE_NAMES = ("notice", "notices", "news", "announcements", "information")
NAV_NAMES = ("nav", "navigation")


def plan_data(files: dict[str, bytes], languages: list[str], report: ImportReport) -> tuple[dict[str, bytes], dict]:
    """``files``: path inside ``_data/`` -> bytes.  Returns (path inside
    ``data/`` -> bytes, data_aliases)."""
    config = SimpleNamespace(language_codes=tuple(languages))
    planned: dict[str, bytes] = {}
    aliases: dict[str, str] = {}
    # name (dotted, as Liquid reads it) -> [(inner path, lang or None, bytes)]
    groups: dict[str, list] = {}
    for inner in sorted(files):
        stem, ext = posixpath.splitext(inner)
        if ext not in (".yml", ".yaml", ".json"):
            report.add(NOT_MAPPED, f"_data/{inner}", "sitegen reads YAML (and JSON) data only; not imported")
            continue
        parts = stem.split("/")
        lang = None
        if len(parts) >= 2 and parts[-1] in languages:
            lang, parts = parts[-1], parts[:-1]
        groups.setdefault(".".join(parts), []).append((inner, lang, files[inner]))

    for name, members in sorted(groups.items()):
        target = name
        if name in NAV_NAMES:
            target = "nav" if _fits(members, check_nav, config, report, "navigation") else f"jekyll_{name}"
        elif name in NOTICE_NAMES:
            target = "notices" if _fits(members, check_notices, config, report, "notices") else f"jekyll_{name}"
        if target != name and (target in groups or target in aliases.values()):
            target = name  # `notice` and `notices` both there: the theme reads `notices`, the other keeps its name
        if target != name:
            aliases[name] = target
        for inner, lang, data in members:
            new = f"{target}.{lang}.yml" if lang else f"{target}.yml"
            planned[new] = data
            report.data_files += 1
            if inner != new:
                role = {"nav": " (the theme's navigation)", "notices": " (the theme's notices)"}.get(target, "")
                liquid = f"site.data.{name}" + (f".{lang}" if lang else "")
                report.add(CHANGED, f"_data/{inner}", f"-> `data/{new}`{role}; Liquid reads it as `{liquid}`")
    return planned, aliases


def _fits(members, check, config, report: ImportReport, what: str) -> bool:
    problems = []
    for inner, _lang, data in members:
        try:
            value = load_yaml(data.decode("utf-8"))
        except (YamlProblem, UnicodeDecodeError) as exc:
            at = f"line {exc.line}: " if getattr(exc, "line", None) else ""
            report.add(NOTE, f"_data/{inner}", f"cannot be read as YAML ({at}{getattr(exc, 'message', exc)})")
            return False
        problems.extend(check(f"_data/{inner}", value, config))
    if problems:
        first = problems[0]
        report.add(NOT_MAPPED, first.path, f"renamed `jekyll_<name>` (Liquid keeps its name), not used as the "
                                           f"theme's {what}: line {first.line}: {first.message}")
        return False
    return True
