"""Jinja2 inside page bodies, run before Markdown.

Editors reuse procedure snippets with ``{% include "_partials/x.md" %}``
(resolved in the page's own language folder first, then the default
language's), pass variables Jekyll-style (``{% include "x.md" part="a" %}``,
readable as ``part`` or ``include.part``), test ``page.<key>``, loop over
``data`` and render Markdown inside raw HTML with ``{% filter markdown %}``.

Code is never evaluated: fenced code blocks, indented code and inline code
spans are wrapped in ``{% raw %}`` before Jinja sees the text, and so are
kramdown ids such as ``{#install}`` (Jinja would read ``{#`` as a comment).
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt

from .sandbox import TemplateSandbox
from .sitepaths import check_read

_TAG_MARKERS = ("{{", "{%", "{#")
_TAG_ENDS = ("}}", "%}", "#}")  # a tag may run over lines: its end too must be seen outside code

# `{% include path key=value ... %}` -> `{% with ... %}{% include "path" %}{% endwith %}`
_INCLUDE_RE = re.compile(
    r"\{%(-?)\s*include\s+(?P<path>\"[^\"]+\"|'[^']+'|[^\s%]+)(?P<args>(?:\s+[A-Za-z_][\w]*\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s%]+))*)\s*(-?)%\}"
)
_ARG_RE = re.compile(r"([A-Za-z_]\w*)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s%]+)")
_IAL_ID_RE = re.compile(r"\{#[^\s#}][^}\n]*?\}")
_INLINE_CODE_RE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")



# block tags that nest (`set` only as `{% set x %}...{% endset %}`)
_OPENERS = {"if", "for", "macro", "call", "filter", "block", "with", "autoescape", "trans", "set"}
MAX_FOR_DEPTH = 20  # Python's "too many statically nested blocks"
MAX_TAG_DEPTH = 90  # Python's 100 levels of indentation, less what Jinja's code adds around a template


def limit_nesting(env: jinja2.Environment) -> jinja2.Environment:
    """Make a template whose tags nest deeper than Python can compile (2,000
    nested ``{% if %}``, 21 nested ``{% for %}``) a :class:`jinja2.TemplateSyntaxError`
    at the line where the nesting goes too deep, instead of an IndentationError,
    a SyntaxError about generated code or a RecursionError."""
    compile_template = env.compile

    def compile_checked(source, name=None, filename=None, raw=False, defer_init=False):
        try:
            return compile_template(source, name, filename, raw, defer_init)
        except jinja2.TemplateSyntaxError:
            raise
        except (SyntaxError, RecursionError, MemoryError):
            if not isinstance(source, str):
                raise
            line, message = _too_deep(env, source)
            raise jinja2.TemplateSyntaxError(message, line, name, filename) from None

    env.compile = compile_checked
    return env


def _too_deep(env: jinja2.Environment, source: str) -> tuple[int, str]:
    """(line, message) of where ``source``'s block tags first nest too deeply."""
    stack: list[str] = []
    deepest, deepest_line = 0, 1
    tokens = [token for token in env.lex(source) if token[1] != "whitespace"]
    for index, (line, kind, value) in enumerate(tokens):
        if kind != "block_begin" or index + 1 >= len(tokens) or tokens[index + 1][1] != "name":
            continue
        tag = tokens[index + 1][2]
        if tag.startswith("end"):
            if stack:
                stack.pop()
            continue
        if tag not in _OPENERS:
            continue
        if tag == "set" and any(t[1:] == ("operator", "=") for t in _until_block_end(tokens, index + 2)):
            continue
        stack.append(tag)
        if tag == "for" and stack.count("for") > MAX_FOR_DEPTH:
            return line, (f"`{{% for %}}` loops nested more than {MAX_FOR_DEPTH} deep: Jinja cannot compile this "
                          "template; nest them less deeply (a macro or an include can hold the inner loops)")
        if len(stack) > MAX_TAG_DEPTH:
            return line, (f"template tags nested more than {MAX_TAG_DEPTH} deep: Jinja cannot compile this "
                          "template; nest them less deeply")
        if len(stack) > deepest:
            deepest, deepest_line = len(stack), line
    return deepest_line, f"template tags nested {deepest} deep: Jinja cannot compile this template; nest them less deeply"


def _until_block_end(tokens, start: int):
    for token in tokens[start:]:
        if token[1] == "block_end":
            return
        yield token


def needs_templating(text: str) -> bool:
    """Whether Jinja would see a tag in ``text`` (kramdown ids such as
    ``{#install}`` included: :func:`protect` wraps them)."""
    return any(marker in text for marker in _TAG_MARKERS)


def is_template(text: str) -> bool:
    """Whether a page body needs the Jinja step at all: it has ``{{`` or
    ``{%``, or a ``{#`` that is not a kramdown id.  A body whose only
    markers are kramdown ids renders to itself (:func:`protect` wraps each
    in ``{% raw %}``), so it skips the protect step and the compile."""
    if "{{" in text or "{%" in text:
        return True
    marks = text.count("{#")
    if not marks:
        return False
    ids = sum(1 for match in _IAL_ID_RE.finditer(text) if not match.group(0).endswith("#}"))
    return ids != marks


# a line holding nothing but block tags such as `{% if %}`, `{% endfor %}`, `{% set x = 1 %}`
# (each tag is an atomic group: a tag ends at its first `%}`, so there is nothing to
# backtrack into, and a long line of tags and text fails in linear time)
_TAG_ONLY_LINE = re.compile(r"^[ \t]*((?:(?>\{%-?\s*(?!include\b|extends\b|import\b|from\b|raw\b|endraw\b)[a-z]\w*"
                            r"(?:[^%]|%(?!\}))*?-?%\})[ \t]*)+)$")


def from_body(env: jinja2.Environment, body: str) -> jinja2.Template:
    """The template of a page body (see :func:`protect`).  A syntax error is
    reported from the body as written, tag-only lines included, so its line is
    the one the editor sees (Jinja places "unexpected end of template" at the
    start of the last piece of text)."""
    try:
        return env.from_string(protect(body))
    except jinja2.TemplateSyntaxError:
        env.from_string(protect(body, tag_lines=False))
        raise


# what a protected body holds when it only includes partials: raw blocks (code
# and kramdown ids, see protect), `{% include "name" %}` without parameters
# or whitespace control, and text; anything else starting a tag stops it
_PLAIN_PIECE = re.compile(r"\{% raw %\}(.*?)(\{%[-+]?\s*endraw\s*[-+]?%\})"
                          r"|\{% include (?:\"([^\"\\]+)\"|'([^'\\]+)') %\}|\{[{%#]", re.DOTALL)


def render_plain(env: jinja2.Environment, body: str, variables: dict) -> str | None:
    """A page body's text as :func:`from_body`'s template renders it, without
    compiling the body, when its only tags are plain includes (and the raw
    blocks :func:`protect` adds); None otherwise, or when anything goes wrong
    (the template then renders the body and reports the problem at its line).

    The text is Jinja's own output: each included template renders in the
    body's context, and the whole is joined by the environment's ``concat``
    (one output bound and range budget), exactly as the compiled body does."""
    text = protect(body)
    if "\r" in text:  # Jinja turns a lone carriage return into a newline
        return None
    pieces: list = []
    last = 0
    for match in _PLAIN_PIECE.finditer(text):
        raw, end, name = match.group(1), match.group(2), match.group(3) or match.group(4)
        if raw is not None and end != "{% endraw %}" or raw is None and name is None:
            return None  # another tag, a comment or an expression
        pieces.append(text[last:match.start()])
        pieces.append(raw if raw is not None else _Include(name))
        last = match.end()
    pieces.append(text[last:])
    context = dict(env.globals, **variables)  # what the body's context gives an include (Context.get_all)

    def chunks():
        for piece in pieces:
            if isinstance(piece, str):
                yield piece
            else:
                template = env.get_template(piece.name, None)
                yield from template.root_render_func(template.new_context(context, True, {}))
    try:
        return env.concat(chunks())
    except Exception:  # noqa: BLE001 - the compiled body reports it, with the file and line
        return None


class _Include:
    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


def protect(text: str, tag_lines: bool = True) -> str:
    """Wrap code and kramdown ids in ``{% raw %}`` and rewrite Jekyll-style includes.

    A line holding nothing but block tags (``{% if %}``, ``{% else %}``,
    ``{% endif %}``, ``{% for %}``, ``{% set %}``…; not ``{% include %}``)
    leaves nothing behind in the output: its indentation is dropped and its
    newline goes inside a Jinja comment (``{% if x %}{#⏎#}``), so no blank line
    ends an HTML block, a list or a paragraph of the Markdown read after it
    (what ``trim_blocks``/``lstrip_blocks`` do, but only on such lines: a tag at
    the end of a line of text keeps its newline), while Jinja still counts the
    line, so template errors name the right source line."""
    if not needs_templating(text):
        return text
    lines = text.split("\n")
    code_lines: set[int] = set()
    fences: list[tuple[int, int]] = []
    for token in _code_tokens(text) if _tags_may_be_in_code(lines) else ():
        if token.type in ("fence", "code_block") and token.map:
            start, end = token.map
            fences.append((start, end))
            code_lines.update(range(start, end))
    for index in code_lines:
        if index < len(lines):
            lines[index] = _keep_endraw(lines[index])
    for start, end in fences:
        lines[start] = "{% raw %}" + lines[start]
        last = min(end, len(lines)) - 1
        lines[last] = lines[last] + "{% endraw %}"
    for index, line in enumerate(lines):
        if index in code_lines:
            continue
        lines[index] = _protect_line(line)
    tag_only = {index: match.group(1).rstrip(" \t") for index, line in enumerate(lines[:-1])
                if tag_lines and index not in code_lines and (match := _TAG_ONLY_LINE.match(line))}
    for index, tags in tag_only.items():
        lines[index] = tags + "{#"
    for index in tag_only:
        lines[index + 1] = "#}" + lines[index + 1]
    return "\n".join(lines)


def _protect_line(line: str) -> str:
    """A line outside code blocks: its inline code spans wrapped in ``{% raw %}``
    as they are, kramdown ids and includes of the text between them protected
    and rewritten (a kramdown id inside a code span is code, not an id: wrapping
    it again would nest one raw block in another)."""
    out, last = [], 0
    for match in _INLINE_CODE_RE.finditer(line):
        out.append(_protect_text(line[last:match.start()]))
        out.append("{% raw %}" + _keep_endraw(match.group(0)) + "{% endraw %}")
        last = match.end()
    out.append(_protect_text(line[last:]))
    return "".join(out)


def _protect_text(text: str) -> str:
    return _INCLUDE_RE.sub(_rewrite_include, _protect_ial_ids(text)) if text else text


def _tags_may_be_in_code(lines: list[str]) -> bool:
    """False when no line holding ``{{``, ``{%``, ``{#`` (or a tag's end) can be
    code: each starts at its first column with neither space, tab nor ``>``
    (so it is in no indented code block, not even in a list item or a quote)
    and comes before the first fence.  Kramdown ids (``## T {#id}``) do not
    count: inside code or out, they come out as written.  Then wrapping code
    in ``{% raw %}`` changes nothing Jinja outputs, and the block parse that
    finds the code is not needed."""
    fenced = False
    for line in lines:
        if not fenced and ("```" in line or "~~~" in line):
            fenced = True
        if ("{" in line or "}" in line) and _holds_tag(line) and (fenced or line[:1] in (" ", "\t", ">")):
            return True
    return False


def _holds_tag(line: str) -> bool:
    """Whether a line holds a template tag, or a piece of one, besides kramdown
    ids (outside inline code, whose protection is another)."""
    if "{#" in line and "`" not in line:
        line = _IAL_ID_RE.sub(lambda m: m.group(0) if m.group(0).endswith("#}") else "", line)
    return any(marker in line for marker in _TAG_MARKERS + _TAG_ENDS)


@functools.lru_cache(maxsize=1)
def _block_parser():
    """CommonMark's block rules with sitegen's lists and HTML blocks (kramdown's), enough
    to tell code blocks apart; built once."""
    from .markdown.html_blocks import html_blocks_plugin
    from .markdown.html_markdown import html_markdown_plugin
    from .markdown.lists import lists_plugin

    from .markdown.nesting import MAX_NESTING

    return MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}).use(lists_plugin) \
        .use(html_blocks_plugin).use(html_markdown_plugin)


def _code_tokens(text: str):
    """The code blocks of ``text`` as sitegen's Markdown sees them (an indented
    line inside a raw HTML block is not code); block rules only, no inline parse."""
    md = _block_parser()
    tokens: list = []
    md.block.parse(text, md, {}, tokens)
    return tokens


_ENDRAW_RE = re.compile(r"\{%-?\s*endraw\s*-?%\}")


def _keep_endraw(code: str) -> str:
    """Code about templates may show ``{% endraw %}`` itself: inside the ``{% raw %}``
    that protects the code it would end the raw block early, so each one leaves
    the raw block and is printed as a string (no line added)."""
    return _ENDRAW_RE.sub(lambda m: "{% endraw %}{{ " + repr(m.group(0)) + " }}{% raw %}", code)


def _protect_ial_ids(line: str) -> str:
    def repl(match: re.Match) -> str:
        text = match.group(0)
        if text.endswith("#}"):
            return text  # a real Jinja comment written without spaces
        return "{% raw %}" + text + "{% endraw %}"
    return _IAL_ID_RE.sub(repl, line)


def _rewrite_include(match: re.Match) -> str:
    path = match.group("path")
    if path[0] not in "\"'":
        path = f'"{path}"'
    args = _ARG_RE.findall(match.group("args") or "")
    if not args:
        return "{%" + match.group(1) + " include " + path + " " + match.group(4) + "%}"
    assigns = ", ".join(f"{name}={value}" for name, value in args)
    mapping = ", ".join(f"{name!r}: {value}" for name, value in args)
    return "{% with " + assigns + ", include={" + mapping + "} %}{% include " + path + " %}{% endwith %}"


class IncludeReadError(jinja2.TemplateError):
    """An included file exists but cannot be read as UTF-8 text."""

    def __init__(self, name: str, path: Path, line: int | None, reason: str):
        super().__init__(f"cannot include `{name}`: {reason}")
        self.name, self.path, self.line, self.reason = name, path, line, reason


def escapes_content(name: str) -> bool:
    """True for include names that would leave content/<lang>/ (``../site.yml``)."""
    return ".." in name.replace("\\", "/").split("/")


class _ContentLoader(jinja2.BaseLoader):
    """Finds includes in content/<lang>/ first, then content/<default>/."""

    def __init__(self, roots: tuple[Path, ...], site_root: Path):
        self.roots = roots
        self.site_root = site_root

    def get_source(self, environment, template):
        name = template.lstrip("/")
        if escapes_content(name):
            raise jinja2.TemplateNotFound(template)
        for root in self.roots:
            path = root / name
            try:
                if os.path.lexists(path):  # a link that leaves the site is never opened
                    check_read(path, self.site_root, path.relative_to(self.site_root).as_posix())
                found = path.is_file()
            except OSError:  # a name longer than the file system takes (ENAMETOOLONG): no such include
                found = False
            if found:
                try:
                    source = path.read_text(encoding="utf-8").removeprefix("\ufeff")  # editors' BOMs
                except UnicodeDecodeError as exc:
                    line = path.read_bytes()[: exc.start].count(b"\n") + 1
                    raise IncludeReadError(template, path, line, "the file is not UTF-8 text") from None
                except OSError as exc:
                    raise IncludeReadError(template, path, None, f"cannot read it ({exc.strerror or exc})") from None
                mtime = path.stat().st_mtime
                return protect(source), str(path), lambda p=path, m=mtime: p.exists() and p.stat().st_mtime == m
        raise jinja2.TemplateNotFound(template)


class ContentUndefined(jinja2.StrictUndefined):
    """Printing or iterating an undefined value is an error (a typo such as
    ``{{ site.parms.x }}`` must not vanish silently), but ``{% if page.x %}``
    and ``is defined`` work on keys that are absent."""

    def __bool__(self) -> bool:
        return False

    def __eq__(self, other) -> bool:
        return isinstance(other, jinja2.Undefined)

    def __ne__(self, other) -> bool:
        return not self.__eq__(other)

    __hash__ = object.__hash__


def include_roots(content_dir: Path, lang: str, default_lang: str) -> tuple[Path, ...]:
    """Where a body's includes are looked up: its own language folder, then
    the default language's."""
    content_dir = Path(content_dir)
    return (content_dir / lang,) if lang == default_lang else (content_dir / lang, content_dir / default_lang)


@functools.lru_cache(maxsize=16)
def content_environment(content_dir: Path, lang: str, default_lang: str, base_url: str = "",
                        markdown_options=None) -> jinja2.Environment:
    """The Jinja environment of page bodies (see :func:`protect` for the lines
    holding only template tags)."""
    env = TemplateSandbox(
        loader=_ContentLoader(include_roots(content_dir, lang, default_lang), Path(content_dir).parent),
        autoescape=False,
        undefined=ContentUndefined,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.loopcontrols"],
    )
    limit_nesting(env)
    options = markdown_options.as_kwargs() if markdown_options is not None else {}
    env.filters["markdown"] = functools.partial(_markdown_filter, lang=lang, base_url=base_url, options=options)
    return env


def _markdown_filter(text, lang: str, base_url: str = "", options: dict | None = None) -> str:
    from .markdown import render_markdown  # the Markdown stage imports this module's users

    return render_markdown(str(text), lang=lang, base_url=base_url, **(options or {})).html


def template_error_location(exc: BaseException, body_name: str = "<template>") -> tuple[str | None, int | None]:
    """The (template file, line) a Jinja error happened at, if known.

    Syntax errors carry ``.filename``/``.lineno``; runtime errors carry the
    template frames in their traceback (Jinja rewrites those to template
    lines).  ``None`` as file means the page body itself.
    """
    if isinstance(exc, jinja2.TemplateSyntaxError):
        filename = exc.filename if exc.filename and exc.filename != body_name else None
        return filename, exc.lineno
    if isinstance(exc, IncludeReadError):
        return str(exc.path), exc.line
    tb = exc.__traceback__
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename == body_name:
            found = (None, tb.tb_lineno)
        elif filename.endswith((".md", ".html", ".markdown", ".htm")) and Path(filename).exists():
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
