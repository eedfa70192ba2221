"""The CSS classes a Jekyll site's pages use that the sitegen theme does not
style.

Jekyll pages carry the site's own classes (``<div class="box--important">``,
``![](x.png){:.medium}``, ``<ul class="procedure">``) whose look lived in the
site's Sass, which the import does not compile.  Left alone, those elements
come out unstyled and nobody is told.  :func:`stylesheet` writes a starting
stylesheet for them (``assets/css/imported.css``, wired in through
``extra_css``): one rule per class with the files that use it, a plain
visible look for the names that say what they are (a ``box``, an ``alert``,
``center``), an empty rule to fill in for the others.  The editors own the
file from then on.
"""

from __future__ import annotations

import re
from pathlib import Path

THEME_CSS = Path(__file__).resolve().parents[1] / "theme" / "assets" / "css"
STYLESHEET = "css/imported.css"  # inside assets/

_CLASS_ATTR = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
_IAL = re.compile(r"\{:?\s*((?:[.#][\w-]+\s*|[\w-]+=(?:\"[^\"]*\"|'[^']*')\s*)+)\}")
_IAL_CLASS = re.compile(r"(?<![\w-])\.([A-Za-z_][\w-]*)")
_SELECTOR_CLASS = re.compile(r"\.([A-Za-z_][\w-]*)")
_LIQUID = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
_NAME = re.compile(r"^[A-Za-z_][\w-]*$")
# classes Markdown or a highlighter writes by themselves: nothing for editors to style
_GENERATED = re.compile(r"^(language-.*|highlighter-rouge|highlight|footnotes?|footnote-.*|task-list.*|reversefootnote)$")


def theme_classes() -> frozenset[str]:
    names: set[str] = set()
    for css in sorted(THEME_CSS.glob("*.css")):
        text = re.sub(r"/\*.*?\*/", "", css.read_text(encoding="utf-8"), flags=re.S)
        for block in re.findall(r"([^{}]+)\{", text):
            names.update(_SELECTOR_CLASS.findall(block))
    return frozenset(names)


def classes_in(text: str) -> set[str]:
    """Class names written in a page or include: ``class="a b"`` and
    kramdown's ``{: .a}``, outside fenced code, Liquid left out."""
    text = _FENCE.sub("", text)
    found: set[str] = set()
    for match in _CLASS_ATTR.finditer(text):
        value = _LIQUID.sub(" ", next(group for group in match.groups() if group is not None))
        found.update(name for name in value.split() if _NAME.match(name))
    for match in _IAL.finditer(text):
        found.update(_IAL_CLASS.findall(match.group(1)))
    return found


def unstyled(uses: dict[str, set[str]]) -> dict[str, list[str]]:
    """``uses``: file -> classes; returns class -> files, for the classes
    neither the theme nor Markdown itself gives a look."""
    theme = theme_classes()
    result: dict[str, set[str]] = {}
    for path, names in uses.items():
        for name in names:
            if name not in theme and not _GENERATED.match(name):
                result.setdefault(name, set()).add(path)
    return {name: sorted(files) for name, files in sorted(result.items())}


def _declarations(name: str) -> str:
    words = set(re.split(r"[-_]+", name.lower()))
    rules = []
    if words & {"box", "card", "panel", "callout"}:
        rules += ["display: block", "border: 2px solid var(--border)", "border-radius: var(--radius)",
                  "padding: .5rem .9rem", "margin: 1rem 0"]
    if words & {"alert", "danger", "warning", "caution", "error"}:
        rules += ["color: var(--danger)", "border-color: var(--danger)"] if rules else ["color: var(--danger)"]
    if "important" in words:
        rules += ["font-weight: 700"]
    if "center" in words or "centre" in words:
        rules += ["text-align: center"]
    return "; ".join(dict.fromkeys(rules))


def stylesheet(classes: dict[str, list[str]]) -> str:
    lines = [
        "/* The CSS classes this site's pages use that the sitegen theme does not style,",
        "   written by `sitegen import jekyll` (listed in site.yml under extra_css).",
        "   Jekyll styled them in the old site's Sass, which is not imported: copy the",
        "   rules you need from it here. Names that say what they are (box, alert,",
        "   important, center) start with a plain look in the theme's colours; the",
        "   others are empty rules to fill in. */",
        "",
    ]
    for name, files in classes.items():
        shown = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
        declarations = _declarations(name)
        lines.append(f"/* {shown} */")
        lines.append(f".{name} {{ {declarations}; }}" if declarations else f".{name} {{ }}")
    return "\n".join(lines) + "\n"
