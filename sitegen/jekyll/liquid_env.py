"""Liquid page bodies (``templates: liquid``): python-liquid with Jekyll's
tags and filters, run before Markdown as Jekyll does.

A body sees ``page`` (its front matter, ``url``, ``path``, ``name``, ``dir``,
``lang``), ``site`` (``pages``, ``data``, ``title``, ``url``, ``baseurl``,
``lang``, the ``params`` of site.yml also as ``site.<key>``) and ``jekyll``.

Lookups are nil-tolerant as in Jekyll (``{{ page.subtitle }}`` on a page
without one prints nothing), but printing a name that nothing in the site
ever defines (no front matter, assign, capture, include parameter or data
key) is a warning at its ``path:line``, and so is an unknown filter.

The sandbox: templates get plain data only (dicts, lists, strings, numbers,
dates) and python-liquid reads values by item lookup, never by attribute;
includes are read only from the site's ``_includes/`` folders and the page's
own folder (see :meth:`BodyEnvironment.load_include`); loops, output size and
include depth are bounded.
"""

from __future__ import annotations

import contextvars
import functools
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from liquid import BoundTemplate, Environment, RenderContext, Undefined
from liquid.exceptions import LiquidError, LiquidSyntaxError, TemplateNotFoundError

from ..errors import suggest
from ..sitepaths import may_read
from .liquid_errors import explain
from .liquid_filters import make_filters
from .liquid_limits import LIMITS, bounded_filters
from .liquid_lookups import shape_mismatch, written_path
from .liquid_tags import INCLUDE_CHAIN, IncludeRelativeTag, IncludeTag
from .site_index import INCLUDES

# Jekyll's checks on include names: no "..", "./" or "//"; a plain set of characters
_INVALID_SEQUENCES = re.compile(r"[./]{2,}")
_VALID_NAME = re.compile(r"^[\w/.\-()+~#@]+$")
_UNDEFINED_NAME = re.compile(r"^'?(.*?)'? is undefined$")


@dataclass
class _RenderState:
    known_names: frozenset
    page_dir: str = ""  # the page's folder inside content/<lang>/, for include_relative
    printed_undefined: list = field(default_factory=list)  # (where, name)
    looped_undefined: list = field(default_factory=list)  # (where, name): a `for` over nothing
    roots: dict = field(default_factory=dict)  # page and site, to explain a lookup on a list
    unknown_filters: list = field(default_factory=list)  # (where, name)


_STATE: contextvars.ContextVar[_RenderState | None] = contextvars.ContextVar("sitegen_liquid_state", default=None)


class SiteUndefined(Undefined):
    """Prints as nothing, as in Jekyll, and remembers where it was printed."""

    __slots__ = ()

    def __str__(self) -> str:
        state = _STATE.get()
        if state is not None and self.token is not None:
            state.printed_undefined.append((self.token, self.hint or self.name))
        return ""

    def items(self):  # what `{% for %}` asks a mapping for
        state = _STATE.get()
        if state is not None and self.token is not None:
            state.looped_undefined.append((self.token, self.hint or self.name))
        return super().items()


class _Context(RenderContext):
    def filter(self, name, token):  # noqa: A003 - python-liquid's name
        if name not in self.env.filters:
            state = _STATE.get()
            if state is not None and token is not None:
                state.unknown_filters.append((token, name))
            return lambda value, *args, **kwargs: value
        return super().filter(name, token)


class _Template(BoundTemplate):
    context_class = _Context


class BodyEnvironment(Environment):
    """One per (site, language): the include folders and the page's language
    decide what ``include`` finds and what ``markdownify`` produces."""

    template_class = _Template
    # python-liquid's resource limits (sitegen.jekyll.liquid_limits)
    loop_iteration_limit = LIMITS["loop_iteration_limit"]
    output_stream_limit = LIMITS["output_stream_limit"]
    context_depth_limit = LIMITS["context_depth_limit"]  # include depth: an include loop stops here
    local_namespace_limit = LIMITS["local_namespace_limit"]

    def __init__(self, content_dir: Path, lang: str, default_lang: str, base_url: str, site_root: Path):
        super().__init__(undefined=SiteUndefined, strict_filters=True)
        self.site_root = site_root
        self.content_dir = content_dir
        self.lang_dir = content_dir / lang
        roots = [content_dir / lang / INCLUDES]
        if lang != default_lang:
            roots.append(content_dir / default_lang / INCLUDES)
        self.include_roots = tuple(roots)
        self._cache: dict[Path, tuple] = {}
        self._names: dict[int, tuple[str, int, str]] = {}  # id(source text) -> (display, line offset, text)
        self.add_tag(IncludeTag)
        self.add_tag(IncludeRelativeTag)
        for name, func in make_filters(lang, base_url).items():
            self.add_filter(name, func)
        bounded_filters(self.filters)

    # -- where things are -----------------------------------------------------------
    def register(self, text: str, display: str, offset: int) -> None:
        self._names[id(text)] = (display, offset, text)

    def unregister(self, text: str) -> None:
        self._names.pop(id(text), None)

    def where(self, token) -> tuple[str | None, int | None]:
        """(file as the editor knows it, file line) of a token."""
        if token is None or token.start_index < 0:
            return None, None
        known = self._names.get(id(token.source))
        if known is None or known[2] is not token.source:
            return None, None
        display, offset, text = known
        return display, text.count("\n", 0, token.start_index) + 1 + offset

    def display(self, path: Path) -> str:
        try:
            return path.relative_to(self.site_root).as_posix()
        except ValueError:
            return path.as_posix()

    # -- the sandbox ------------------------------------------------------------------
    def load_include(self, name: str, relative: bool, token) -> BoundTemplate:
        tag = "include_relative" if relative else "include"
        name = (name or "").strip()
        if not name or name.startswith(("/", "\\")) or "\\" in name or "\0" in name \
                or _INVALID_SEQUENCES.search(name) or not _VALID_NAME.match(name):
            raise TemplateNotFoundError(
                f"`{tag} {name}`: the file name may not be absolute or contain `..`, `./` or `//`; "
                f"write it from the {'page' if relative else '_includes'} folder, such as "
                f"{'_part.md' if relative else 'procedures/x.html'}", token=token)
        if relative:
            state = _STATE.get()
            page_dir = state.page_dir if state is not None else ""
            roots = (self.lang_dir / page_dir if page_dir else self.lang_dir,)
            boundary = self.lang_dir
        else:
            roots = self.include_roots
            boundary = None
        for root in roots:
            path = _inside(root, name, boundary or root)
            if path is not None and may_read(path, self.site_root):  # not through a linked folder either
                return self._template(path)
        where = " or ".join(self.display(r) + "/" for r in roots)
        raise TemplateNotFoundError(f"`{tag} {name}`: no such file in {where}", token=token)

    def _template(self, path: Path) -> BoundTemplate:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = self._cache.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        display = self.display(path)
        try:
            text = path.read_text(encoding="utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
        except UnicodeDecodeError as exc:
            raise LiquidError(f"`{display}` is not UTF-8 text (byte {exc.start})", token=None,
                              template_name=display) from None
        if cached is not None:
            self.unregister(cached[2])
        self.register(text, display, 0)
        try:
            template = self.from_string(text, name=display, path=display)
        except LiquidError as err:
            err.template_name = display
            raise
        self._cache[path] = (stamp, template, text)
        return template


def _inside(root: Path, name: str, boundary: Path) -> Path | None:
    """``root/name`` when it is a regular file inside ``boundary`` reached
    without any symbolic link; None otherwise."""
    path = root
    try:
        for part in name.split("/"):
            if part in ("", "."):
                continue
            path = path / part
            if path.is_symlink():
                return None
        if not path.is_file() or not path.resolve().is_relative_to(boundary.resolve()):
            return None
    except OSError:
        return None
    return path


@functools.lru_cache(maxsize=16)
def environment(content_dir: Path, lang: str, default_lang: str, base_url: str, site_root: Path) -> BodyEnvironment:
    return BodyEnvironment(content_dir, lang, default_lang, base_url, site_root)


@dataclass(frozen=True)
class BodyProblem:
    level: str  # "error" | "warning"
    path: str | None  # None: the page itself
    line: int | None
    message: str
    hint: str | None = None


def render_body(config, index, source, body: str, body_line: int, page: dict) -> tuple[str, list[BodyProblem]]:
    """Render a page body with Liquid. Returns the text and its problems; on an
    error the text is the body unchanged and the first problem is the error."""
    env = environment(config.content_dir, source.lang, config.default_language, config.base_url, config.root)
    display = source.display
    state = _RenderState(index.known_names if index is not None else frozenset(), posixpath.dirname(source.rel))
    token = _STATE.set(state)
    env.register(body, display, body_line)
    try:
        template = env.from_string(body, name=display, path=display)
        site = site_object(config, index, source.lang)
        state.roots = {"page": page, "site": site}
        text = template.render(page=page, site=site, jekyll={"environment": "production"})
        return text, _warnings(env, state, display)
    except LiquidError as err:
        return body, [_error(env, err, display)]
    except RecursionError:
        return body, [BodyProblem("error", None, None, "include loop: an include leads back to itself without end",
                                  "an include must not include itself, directly or through other includes")]
    finally:
        env.unregister(body)
        _STATE.reset(token)


def site_object(config, index, lang: str) -> dict:
    from urllib.parse import urlsplit

    parts = urlsplit(config.base_url)
    site = dict(config.params)
    site.update({
        "pages": list(index.pages) if index is not None else [],
        "data": index.data if index is not None else {},
        "title": config.title_for(lang),
        "description": config.description.get(lang) or config.description.get(config.default_language, ""),
        "url": f"{parts.scheme}://{parts.netloc}" if parts.scheme else "",
        "baseurl": parts.path.rstrip("/"),
        "lang": lang,
        "languages": list(config.language_codes),
        "default_language": config.default_language,
        "params": config.params,
    })
    return site


def _error(env: BodyEnvironment, err: LiquidError, page_display: str) -> BodyProblem:
    path, line = env.where(err.token)
    if path is None and err.template_name:
        path = str(err.template_name)
    text, offset = _source_of(env, err.token, path)
    explained = explain(err, text, env.tags, env.filters, offset)
    if explained.line is not None:
        line = explained.line + offset
    chain = [(p, ln) for p, ln in getattr(err, INCLUDE_CHAIN, []) if p]
    if chain and chain[0] == (path, line):
        chain = chain[1:]  # an include tag that failed itself: the error is already at its line
    kind = "Liquid syntax error" if isinstance(err, LiquidSyntaxError) else "Liquid error"
    text = f"{kind}: {explained.message}"
    if chain:
        text += "; included from " + ", included from ".join(
            f"{p}:{ln}" + (f" ({n} times)" if n > 1 else "") for (p, ln), n in _runs(chain))
    if path == page_display:
        path = None
    return BodyProblem("error", path, line, text, explained.hint)


def _runs(chain: list) -> list:
    """``[(item, how many times in a row)]``: an include loop's chain names its file once."""
    runs: list = []
    for item in chain:
        if runs and runs[-1][0] == item:
            runs[-1][1] += 1
        else:
            runs.append([item, 1])
    return runs


def _source_of(env: BodyEnvironment, token, display: str | None) -> tuple[str | None, int]:
    """The text of the template an error is in, and its line offset in its file."""
    source = getattr(token, "source", None)
    if source:
        known = env._names.get(id(source))
        if known is not None and known[2] is source:
            return known[2], known[1]
    for shown, offset, text in env._names.values():
        if shown == display:
            return text, offset
    return None, 0


def _warnings(env: BodyEnvironment, state: _RenderState, page_display: str) -> list[BodyProblem]:
    problems: dict[tuple, BodyProblem] = {}
    explained: set[int] = set()  # tokens whose lookup met a list or a text: one warning says why
    for kind, uses in (("print", state.printed_undefined), ("loop", state.looped_undefined)):
        for token, hint in uses:
            path = written_path(token, hint)
            reason = shape_mismatch(path, state.roots) if path else None
            if reason is None:
                continue
            explained.add(id(token))
            where, line = env.where(token)
            shown = f"{{{{ {path} }}}}" if kind == "print" else f"{{% for … in {path} %}}"
            problems.setdefault((where, line, path), BodyProblem(
                "warning", None if where == page_display else where, line,
                f"`{shown}` {'prints' if kind == 'print' else 'shows'} nothing: {reason}",
                "Jekyll shows nothing here too: the page expects data of another shape; "
                "read the data as it is (`for item in ...` over the list), or change the data file"))
    for token, hint in state.printed_undefined:
        match = _UNDEFINED_NAME.match(hint or "")
        name = match.group(1) if match else str(hint)
        last = re.split(r"[.\[\]'\"]+", name.strip(".[]'\""))[-1] if name else name
        if last in state.known_names or name in state.known_names or id(token) in explained:
            continue  # defined somewhere in the site: nil here, as in Jekyll
        path, line = env.where(token)
        key = (path, line, name)
        problems.setdefault(key, BodyProblem(
            "warning", None if path == page_display else path, line,
            f"`{{{{ {name} }}}}` prints nothing: `{last}` is defined nowhere in the site",
            ((suggest(last, state.known_names) or "check the name for a typo") + "; define it with "
             "`assign`/`capture`, an include parameter or front matter")))
    for token, name in state.unknown_filters:
        path, line = env.where(token)
        problems.setdefault((path, line, "|" + name), BodyProblem(
            "warning", None if path == page_display else path, line,
            f"unknown Liquid filter `{name}`: the value is printed unfiltered",
            suggest(name, env.filters) or "check the filter name (Jekyll's and Liquid's standard filters are available)"))
    return list(problems.values())
