"""Turn a :class:`SourceFile` into a :class:`Page`.

Front matter (with line numbers for errors), the body templated with Jinja2
and rendered from Markdown, headings, ids and outgoing links.  Pure: the same
file and context give the same ``Page``; pages are independent of each other,
so they can be parsed in parallel processes.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import html
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from . import content_templates, controls, faq
from . import jekyll
from .sitepaths import RefusedFile
from .config import Config
from .discover import SourceFile
from .errors import Diagnostic, error, warning
from .frontmatter import check_builtin, check_misspelt_keys, check_schema
from .jekyll import frontmatter as jekyll_front
from .links.scan import headings as scan_headings, is_valid_url, scan as scan_links
from .links.urlpath import decode_path, encode_path, normalize_path
from .markdown import Heading, LinkRef, render_markdown
from .matter import parse_front_matter, problem_hint
from .page import Page
from .sandbox import SANDBOX_HINT, SecurityError
from .yamlfile import YamlProblem, to_plain

HTML_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True)
class ParseResult:
    page: Page | None
    diagnostics: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class ParseContext:
    """What a page body's templates may see besides the page itself."""

    config: Config
    data: dict = field(default_factory=dict)  # data files, by language: {lang: {...}}
    site_index: Any = None  # Liquid sites: every page's front matter, first (jekyll/site_index.py)


# `title: Mail` on the first line of a file without `---` lines
_LOOKS_LIKE_FRONT_MATTER = re.compile(r"\A\ufeff?[A-Za-z_][\w-]*:[ \t]")

def body_hash(body: str) -> str:
    """Short hash of a body, normalised for whitespace, for ``source_hash``."""
    normalised = "\n".join(" ".join(line.split()) for line in body.strip().splitlines())
    normalised = re.sub(r"\n{2,}", "\n\n", normalised)
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:12]


def url_path(source: SourceFile, front: dict) -> str:
    """The URL path of a page inside its language (Hugo-like pretty URLs),
    percent-encoded where a file name holds ``#``, ``?``, ``%``... (a
    ``permalink`` is a URL path as written: its escapes are kept)."""
    permalink = front.get("permalink")
    if isinstance(permalink, str) and permalink.strip():
        path = "/" + permalink.strip().lstrip("/")
        if not (path.endswith("/") or path.endswith(HTML_SUFFIXES) or posixpath.splitext(path)[1]):
            path += "/"
        return normalize_path(path)
    stem = source.stem_path
    directory, name = posixpath.split(stem)
    slug = front.get("slug")
    if slug is not None and str(slug).strip() and name != "index":
        name = str(slug).strip().strip("/")
    if name == "index":
        return "/" + (encode_path(directory) + "/" if directory else "")
    return "/" + encode_path(posixpath.join(directory, name)) + "/"


MAX_SEGMENT_BYTES = 255  # a file name on Linux, macOS and Windows file systems (NAME_MAX)


def _shown(value: str) -> str:
    """A front-matter value as a message quotes it: long ones cut short."""
    return value if len(value) <= 80 else f"{value[:60]}… ({len(value)} characters)"


def check_url_keys(path: str, front: dict, line_of) -> list[Diagnostic]:
    """``permalink``, ``slug`` and ``redirect_from`` must stay inside the site:
    no ``..`` segments, no scheme or query; a slug is one URL segment."""
    problems = []

    def bad_path(value: str) -> str | None:
        decoded = decode_path(value)
        if decoded != value:  # written with %XX escapes: what they stand for must pass too
            if decoded.count("/") != value.count("/") or "\\" in decoded:
                return "must not contain an encoded `/` or `\\` (`%2F`, `%5C`)"
            value = decoded
        if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c in "\ufffe\uffff" for c in value):
            return "must not contain control characters (such as NUL, written `\\0` in YAML)"
        if "://" in value or value.startswith("//"):
            return "must be a path inside the site, not a URL"
        if any(c in value for c in "?#\\") or any(c.isspace() for c in value.strip()):
            return "must be a plain path (no `?`, `#`, `\\` or spaces)"
        if any(part in ("..", ".") for part in value.strip().split("/")):
            return "must not contain `.` or `..` segments"
        longest = max((len(part.encode("utf-8")) for part in value.strip().split("/")), default=0)
        if longest > MAX_SEGMENT_BYTES:
            return (f"has a segment of {longest} bytes: each becomes a folder or file name of the output, "
                    f"at most {MAX_SEGMENT_BYTES} bytes (UTF-8: a Japanese character takes 3)")
        return None

    permalink = front.get("permalink")
    if isinstance(permalink, str) and permalink.strip():
        reason = bad_path(permalink)
        if reason:
            problems.append(error(path, line_of("permalink"), f"`permalink: {_shown(permalink)}` {reason}",
                                  hint="write the page's URL path such as `/zoom/account/`; "
                                       "use `redirect_to` to send readers elsewhere", rule="front-matter-value"))
    slug = front.get("slug")
    if isinstance(slug, (str, int)) and not isinstance(slug, bool) and str(slug).strip():
        text = str(slug).strip()
        reason = bad_path(text)
        if reason is not None and reason.startswith("has a segment of"):
            problems.append(error(path, line_of("slug"), f"`slug: {_shown(text)}` is {len(text.encode())} bytes long: "
                                                         f"it becomes a folder name of the output, at most "
                                                         f"{MAX_SEGMENT_BYTES} bytes (UTF-8: a Japanese character "
                                                         "takes 3)", hint="choose a shorter slug",
                                  rule="front-matter-value"))
        elif "/" in text.strip("/") or text.strip("/") in (".", "..") or reason:
            problems.append(error(path, line_of("slug"), f"`slug: {_shown(text)}` must be one URL segment such as "
                                                         "`account`",
                                  hint="use `permalink: /folder/name/` to move a page to another folder",
                                  rule="front-matter-value"))
    for key in ("redirect_to", "image"):
        value = front.get(key)
        if isinstance(value, str) and (not is_valid_url(value.strip()) or not value.isprintable()):
            problems.append(error(path, line_of(key), f"`{key}: {value}` is not a valid URL",
                                  hint="fix the URL (a host in brackets must be an IPv6 address; no control "
                                       "characters)", rule="front-matter-value"))
    olds = front.get("redirect_from")
    for old in [olds] if isinstance(olds, str) else (olds if isinstance(olds, list) else []):
        if isinstance(old, str):
            reason = bad_path(old)
            if reason or not old.strip():
                problems.append(error(path, line_of("redirect_from"),
                                      f"`redirect_from` entry `{_shown(old)}` {reason or 'is empty'}",
                                      hint="list old URL paths of this page, such as `/old/name/`",
                                      rule="front-matter-value"))
    return problems


def translation_key(source: SourceFile, front: dict) -> str:
    key = front.get("translation_key")
    if key is not None and str(key).strip():
        return "key:" + str(key).strip()
    return source.stem_path


def parse_page(source: SourceFile, ctx: ParseContext) -> ParseResult:
    path = source.display
    problems: list[Diagnostic] = []
    try:
        text = source.path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = source.path.read_bytes()[: exc.start].count(b"\n") + 1
        return ParseResult(None, (error(path, line, "the file is not UTF-8 text", hint="save it as UTF-8", rule="encoding"),))
    except OSError as exc:
        return ParseResult(None, (error(path, None, f"cannot read the file: {exc.strerror or exc}",
                                        hint="check that the file exists and is readable", rule="encoding"),))
    text = text.replace("\r\n", "\n")
    try:
        fm = parse_front_matter(text)
    except YamlProblem as exc:
        if not jekyll_front.unclosed_front_matter(ctx.config, text):
            return ParseResult(None, (error(path, exc.line, f"front matter: {exc.message}",
                                            hint=problem_hint(exc), rule="yaml"),))
        fm, problem = jekyll_front.whole_file(path, text)
        problems.append(problem)
    front = jekyll_front.with_defaults(ctx.config, source, to_plain(fm.data))
    front_lines = dict(fm.data.key_lines)

    def line_of(key):
        return front_lines.get(key, 1)

    problems.extend(check_builtin(path, front, line_of))
    problems.extend(check_misspelt_keys(ctx.config, path, fm.data, line_of))
    problems.extend(check_schema(ctx.config, source.rel, path, front, line_of))
    problems.extend(check_url_keys(path, front, line_of))
    lang = front.get("lang")
    if lang is not None and lang != source.lang:
        problems.append(error(path, line_of("lang"),
                              f"front matter says `lang: {lang}` but the file is in content/{source.lang}/",
                              hint=f"move the file to content/{lang}/ or remove the `lang` line", rule="lang-mismatch"))
    title = front.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        if jekyll.is_compat(ctx.config):  # Jekyll builds it; a redirect stub needs no title at all
            title, problem = jekyll_front.missing_title(ctx.config, source, front, fm.body, line_of("title"))
            problems.extend([problem] if problem else [])
        else:
            # site.yml's `title: {required: true}` says the same: one finding
            problems = [d for d in problems if not (d.rule == "front-matter-required" and "`title`" in d.message)]
            hint = "add `title: ...` to the front matter"
            if not fm.has_front_matter and _LOOKS_LIKE_FRONT_MATTER.match(fm.body):
                hint = ("the file starts with `key: value` lines but has no front matter: put a line `---` "
                        "before them and another after them")
            problems.append(error(path, line_of("title") if "title" in front else 1,
                                  "the page has no `title`", hint=hint, rule="empty-title"))
            title = ""
    if any(d.level == "error" for d in problems):
        return ParseResult(None, tuple(problems))
    front, title, body = _without_controls(path, front, title, fm.body, fm.body_line, line_of, problems)
    url_front = jekyll_front.url_front(ctx.config, source, front)
    use_templates = front.get("template", True) is not False
    if use_templates and jekyll.uses_liquid(ctx.config):
        if "{{" in body or "{%" in body:
            body, liquid_problems = _render_liquid(source, body, fm.body_line, front, url_front, ctx)
            problems.extend(liquid_problems)
            if any(d.level == "error" for d in liquid_problems):
                return ParseResult(None, tuple(problems))
    elif use_templates and content_templates.is_template(body):
        body, template_problem = _render_body_template(source, body, fm.body_line, _TemplatePage(source, front), ctx)
        if template_problem is not None:
            return ParseResult(None, tuple(problems) + (template_problem,))

    if source.rel.lower().endswith(HTML_SUFFIXES):
        body_html = body
        headings, links, ids, urls = scan_html(body, fm.body_line)
    else:
        rendered = render_markdown(body, lang=source.lang,
                                   target_blank=front.get("target_blank", True) is not False,
                                   line_offset=fm.body_line, base_url=ctx.config.base_url,
                                   **ctx.config.markdown.as_kwargs())
        body_html = rendered.html
        headings, links, ids, urls = rendered.headings, rendered.links, rendered.ids, rendered.urls
        problems.extend((error if w.level == "error" else warning)(path, w.line, w.message, rule="markdown")
                        for w in rendered.warnings)

    problems.extend(invalid_url_problems(path, links))
    page = Page(
        source=source,
        lang=source.lang,
        key=translation_key(source, front),
        path=url_path(source, url_front),
        front=front,
        front_lines=front_lines,
        title=str(title),
        layout=_layout(ctx.config, str(front.get("layout") or faq.default_layout(source) or "page")),
        html=body_html,
        headings=tuple(headings),
        links=tuple(links),
        ids=tuple(ids),
        body_hash=body_hash(fm.body),
        body_line=fm.body_line,
        urls=tuple(urls),
    )
    return ParseResult(page, tuple(problems))


def _without_controls(path: str, front: dict, title, body: str, body_line: int, line_of,
                      problems: list[Diagnostic]) -> tuple[dict, Any, str]:
    """Front matter values and the body without control characters (a YAML
    escape such as ``"\\a"``, a paste), a warning at each place (see :mod:`sitegen.controls`)."""
    front, found = controls.strip_values(front)
    for key, chars in found:
        problems.append(warning(path, line_of(key), f"`{key}` holds the control character {controls.describe(chars)}; "
                                "it is left out", hint=controls.HINT, rule="control-character"))
    if isinstance(title, str):
        title = controls.CONTROL_RE.sub("", title)
    body, line, chars = controls.strip_text(body)
    if line is not None:
        problems.append(warning(path, body_line + line, f"the text holds the control character "
                                f"{controls.describe(chars)}; it is left out", hint=controls.HINT,
                                rule="control-character"))
    return front, title, body


def invalid_url_problems(path: str, links) -> list[Diagnostic]:
    """Links urllib cannot split (``http://[zz``, ``http://[::1/``): no URL at
    all, an error in ``build`` as in ``check`` (whose finding this is, word for word)."""
    problems = []
    for link in links:
        if not is_valid_url(link.href.strip()):
            problems.append(error(path, link.line, f"not a valid URL: `{link.href.strip()}`",
                                  hint="fix the URL (a host in brackets must be an IPv6 address)", rule="broken-link"))
    return problems


def _layout(config: Config, layout: str) -> str:
    """``layouts:`` aliases in site.yml (``default: page``)."""
    return dict(config.jekyll.layouts).get(layout, layout)


def _render_liquid(source: SourceFile, body: str, body_line: int, front: dict, url_front: dict,
                   ctx: ParseContext) -> tuple[str, list[Diagnostic]]:
    from .jekyll.liquid_env import render_body
    from .jekyll.site_index import page_object

    config = ctx.config
    url = config.language(source.lang).prefix + url_path(source, url_front)
    text, found = render_body(config, ctx.site_index, source, body, body_line, page_object(config, source, front, url))
    make = {"error": error, "warning": warning}
    return text, [make[p.level](p.path or source.display, p.line, p.message, hint=p.hint, rule="template")
                  for p in found]


class _TemplatePage(dict):
    """``page`` as body templates see it: front matter plus slug/lang/url."""

    def __init__(self, source: SourceFile, front: dict):
        super().__init__(front)
        self.setdefault("slug", str(front.get("slug") or posixpath.basename(source.stem_path)))
        self.setdefault("lang", source.lang)
        self["url"] = url_path(source, front)
        self["path"] = source.rel


def _render_body_template(source: SourceFile, body: str, body_line: int, page: dict,
                          ctx: ParseContext) -> tuple[str, Diagnostic | None]:
    config = ctx.config
    env = content_templates.content_environment(config.content_dir, source.lang, config.default_language,
                                                config.base_url, config.markdown)
    path = source.display
    variables = {"page": page, "site": _TemplateSite(config, source.lang), "data": ctx.data.get(source.lang, {}),
                 "lang": source.lang}
    rendered = content_templates.render_plain(env, body, variables)  # a body that only includes partials
    if rendered is not None:
        return rendered, None
    try:
        template = content_templates.from_body(env, body)
        rendered = template.render(**variables)
        return rendered, None
    except Exception as exc:  # a template error is an editor mistake, not a crash
        file, line = content_templates.template_error_location(exc)
        message, hint = _template_problem(exc, source, config)
        return body, error(_rel(config, file) or path, _line(line, file, body_line), message, hint=hint,
                           rule="template")


# `{{A1}}` in prose (a spreadsheet cell) is read as a template: say how to keep it as text
_AS_TEXT_HINT = ("if the braces are meant as text (such as a spreadsheet cell `{{A1}}`), wrap them in "
                 "`{% raw %}...{% endraw %}`, or write `template: false` in the front matter to turn templating "
                 "off for this page")


def _template_problem(exc: Exception, source: SourceFile, config: Config) -> tuple[str, str | None]:
    """What went wrong in a page body's template, and what to do about it."""
    if isinstance(exc, SecurityError):
        return f"template error: {exc}", getattr(exc, "hint", SANDBOX_HINT)  # a TemplateLimitError has its own
    if isinstance(exc, RefusedFile):
        return f"cannot include it: {exc}", exc.hint
    if isinstance(exc, content_templates.IncludeReadError):
        return f"cannot include `{exc.name}`: {exc.reason}", "save the included file as UTF-8 text"
    if isinstance(exc, jinja2.TemplateNotFound):
        folders = f"content/{source.lang}/" + (
            f" then content/{config.default_language}/" if source.lang != config.default_language else "")
        if content_templates.escapes_content(exc.name):
            return (f"include not found: `{exc.name}` (includes cannot leave the content folder)",
                    f"write the path from content/<lang>/, such as `_partials/x.md`; includes are looked up in {folders}")
        return f"include not found: `{exc.name}`", f"includes are looked up in {folders}"
    if isinstance(exc, RecursionError):
        return ("include loop: this include (or macro) leads back to itself without end",
                "a partial must not include itself, directly or through other partials")
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return (f"template syntax error: {exc.message}",
                "check the `{% ... %}` tags; " + _AS_TEXT_HINT)
    if isinstance(exc, jinja2.UndefinedError):
        return (f"template error: {exc.message}",
                "check the variable name (front-matter keys are `page.<key>`, site.yml params are "
                "`site.params.<key>`); " + _AS_TEXT_HINT)
    return f"template error: {exc}", None


class _TemplateSite:
    """``site`` as body templates see it."""

    def __init__(self, config: Config, lang: str):
        self.title = config.title_for(lang)
        self.params = config.params
        self.base_url = config.base_url
        self.languages = config.languages
        self.default_language = config.default_language
        self.lang = lang


def _rel(config: Config, file: str | None) -> str | None:
    if not file:
        return None
    try:
        return Path(file).relative_to(config.root).as_posix()
    except ValueError:
        return file


def _line(line: int | None, file: str | None, body_line: int) -> int | None:
    if line is None:
        return None
    return line if file else line + body_line


def scan_html(body: str, line_offset: int) -> tuple[list[Heading], list[LinkRef], list[str], list]:
    """Headings, links, ids and URL attributes of an HTML body (for ``.html``
    pages), from one parse (:mod:`sitegen.links.scan`): a link in a comment or
    a script is none."""
    found = scan_links(body)
    links = []
    for attribute in found.urls:
        if attribute.start < 0:
            continue
        kind = "image" if attribute.is_image else "file" if attribute.loads_resource else "html"
        links.extend(LinkRef(url, attribute.line + line_offset, kind) for url in attribute.urls)
    headings = []
    for element in scan_headings(found):
        text = " ".join(element.text.split())
        ident = element.attrs.get("id")
        headings.append(Heading(int(element.tag[1]), str(ident) if ident else "", text, html.escape(text),
                                element.source_line + line_offset))
    return headings, links, [ident for ident, _, _ in found.ids], found.urls


def as_date_text(value: Any) -> str | None:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, str) and value.strip():
        return value.strip()[:10]
    return None
