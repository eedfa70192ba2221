"""The real Jekyll site under ``../shared/realsite/utelecon-jekyll/`` as test
data: its page bodies, with Liquid expanded the way Jekyll does before
kramdown sees the text.

Never copied into the repository: read from ``../shared`` at test time;
:func:`site_root` is None when it is absent (a user's clone).

Pages: every ``.md`` file outside ``_includes/`` and ``_data/`` whose name
does not start with ``_`` (those are ``include_relative`` partials), minus
pages whose body is empty (``en/online/courses.md`` is a ``redirect_to``
stub): 80 pages.  Front matter is removed with Jekyll's own pattern (a
first line ``---`` up to the next line that starts with ``---``); a file
without an opening ``---``, or whose closing ``---`` is indented
(``en/oc/url.md``), is all body, as Jekyll sees it.

Liquid: both renderers must get the same Markdown, and it should be the
Markdown Jekyll's kramdown got.  So the body is rendered once, here, with
python-liquid (the Liquid engine sitegen's Jekyll support builds on), and
that one text is given to kramdown and to sitegen alike.  Jekyll's own
tags are added as Jekyll defines them: ``{% include file k="v" k2=var %}``
reads ``_includes/file`` with the parameters as ``include.k``, and
``{% include_relative f %}`` reads a file next to the page.  ``page`` is the
front matter plus ``url``; ``site.pages`` lists every page (``url``,
``title`` and front matter), ``site.data`` the ``_data`` files.  The one
Jekyll filter the pages use, ``markdownify``, is sitegen's renderer (its
output is the same input on both sides, so it cannot favour one).
Whitespace is Liquid's own: a line holding only a tag leaves a blank line
behind, exactly as Jekyll feeds kramdown.  A page whose Liquid fails to
render (``_includes/en/systems/information_security.html`` closes
``{% unless %}`` with ``{% endif %}``, which Jekyll rejects too) is compared
on its body with the Liquid left as written, on both sides.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT.parent / "shared" / "realsite" / "utelecon-jekyll"


def site_root() -> Path | None:
    return SITE if SITE.is_dir() else None


@dataclass(frozen=True)
class Page:
    rel: str  # path inside the site, e.g. "en/oc/index.md"
    front: dict
    raw_body: str  # after front matter, Liquid as written
    body: str  # Liquid expanded (or raw_body when Liquid fails)
    liquid: str  # "none" | "expanded" | "failed: <reason>"


# Jekyll's YAML_FRONT_MATTER_REGEXP: the closing `---` (or `...`) starts its line
_JEKYLL_FRONT_MATTER = re.compile(r"\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)", re.DOTALL | re.MULTILINE)


def split_front_matter(text: str) -> tuple[dict, str]:
    match = _JEKYLL_FRONT_MATTER.match(text)
    if match is None:  # no front matter, or none Jekyll can close: the whole file is the body
        return {}, text
    try:
        front = yaml.safe_load(match.group(1).split("\n", 1)[1]) or {}
    except yaml.YAMLError:
        front = {}
    return (front if isinstance(front, dict) else {}), text[match.end():]


def page_url(rel: str) -> str:
    url = "/" + rel[: -len(".md")]
    if url.endswith("/index"):
        url = url[: -len("index")]
    return url


def page_files(root: Path) -> list[Path]:
    files = []
    for path in sorted(root.rglob("*.md")):
        rel = path.relative_to(root)
        if rel.parts[0] in ("_includes", "_data") or path.name.startswith("_"):
            continue
        files.append(path)
    return files


@functools.lru_cache(maxsize=1)
def load_pages() -> tuple[Page, ...]:
    root = site_root()
    if root is None:
        return ()
    sources = []
    for path in page_files(root):
        rel = path.relative_to(root).as_posix()
        front, body = split_front_matter(path.read_text(encoding="utf-8"))
        if body.strip():
            sources.append((rel, front, body))
    site = {
        "pages": [{**front, "url": page_url(rel), "path": rel} for rel, front, _ in sources],
        "data": _data(root),
    }
    pages = []
    for rel, front, body in sources:
        if "{%" not in body and "{{" not in body:
            pages.append(Page(rel, front, body, body, "none"))
            continue
        try:
            expanded = expand_liquid(root, rel, front, body, site)
            pages.append(Page(rel, front, body, expanded, "expanded"))
        except Exception as exc:  # noqa: BLE001 - the page's own Liquid error, reported as data
            pages.append(Page(rel, front, body, body, f"failed: {type(exc).__name__}: {exc}".split("\n")[0]))
    return tuple(pages)


def _data(root: Path) -> dict:
    data: dict = {}
    for path in sorted((root / "_data").rglob("*.yml")):
        keys = path.relative_to(root / "_data").with_suffix("").parts
        node = data
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


# -- Liquid, with Jekyll's include tags -----------------------------------------------------------

# Jekyll's include syntax: `{% include path/file.html key="v" key2='v' key3=variable %}`
_JEKYLL_INCLUDE = re.compile(r"\{%(-?)\s*(include|include_relative)\s+(\S+?)((?:\s+[\w-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'|\s*[\w.-]+))*)\s*(-?)%\}")
_PARAM = re.compile(r"([\w-]+)\s*=\s*(\"[^\"]*\"|'[^']*'|\s*[\w.-]+)")
_INCLUDE_VAR = re.compile(r"\binclude\.([\w-]+)")


def _to_standard_liquid(text: str, here: str) -> str:
    """Jekyll's includes as Liquid's own ``include`` with keyword arguments:
    ``include.key`` becomes the variable ``include__key`` in the included file."""
    def rewrite(match: re.Match) -> str:
        left, kind, name, params, right = match.groups()
        target = f"relative:{here}/{name}" if kind == "include_relative" else name
        args = "".join(f", include__{key.replace('-', '_')}: {value.strip()}"
                       for key, value in _PARAM.findall(params or ""))
        return "{%" + left + f" include {target!r}{args} " + right + "%}"
    return _INCLUDE_VAR.sub(lambda m: "include__" + m.group(1).replace("-", "_"), _JEKYLL_INCLUDE.sub(rewrite, text))


def _environment(root: Path):
    import liquid
    from liquid.loader import TemplateSource

    class JekyllLoader(liquid.BaseLoader):
        def get_source(self, env, template_name, *, context=None, **kwargs):
            if template_name.startswith("relative:"):
                rel = template_name[len("relative:"):]
                path = root / rel
            else:
                path = root / "_includes" / template_name
            if not path.is_file():
                raise liquid.exceptions.TemplateNotFoundError(template_name)
            here = path.parent.relative_to(root).as_posix()
            text = path.read_text(encoding="utf-8")
            if template_name.startswith("relative:"):
                text = split_front_matter(text)[1]
            return TemplateSource(_to_standard_liquid(text, here), str(path), None)

    env = liquid.Environment(loader=JekyllLoader())
    env.add_filter("markdownify", _markdownify)
    return env


def _markdownify(value) -> str:
    from sitegen.markdown import render_markdown

    return render_markdown(str(value), lang="ja").html


def expand_liquid(root: Path, rel: str, front: dict, body: str, site: dict) -> str:
    env = _environment(root)
    here = str(Path(rel).parent.as_posix())
    template = env.from_string(_to_standard_liquid(body, "" if here == "." else here))
    return template.render(page={**front, "url": page_url(rel)}, site=site)
