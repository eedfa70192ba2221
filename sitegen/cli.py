"""Command line: argument parsing and exit codes only.

Exit status: 0 success, 1 the site has errors, 2 usage error.  User mistakes
print ``path:line:col: level: message`` and a hint, never a traceback
(``--debug`` shows one).
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from pathlib import Path

from . import __version__
from .errors import BuildError, Diagnostic

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
_STARTED = time.perf_counter()  # a no-op build --incremental reports its time from here


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors exit 2 with a short message
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a whole number")
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sitegen", description="Build bilingual static sites from Markdown.")
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def common(p):
        p.add_argument("--source", type=Path, default=Path("."), metavar="DIR",
                       help="the site folder (default: the current folder)")
        p.add_argument("--debug", action="store_true", help="show Python tracebacks")
        verbosity = p.add_mutually_exclusive_group()
        verbosity.add_argument("--quiet", "-q", action="store_true", help="print errors only")
        verbosity.add_argument("--verbose", "-v", action="store_true", help="print every page written")

    b = sub.add_parser("build", help="build the site into a folder")
    common(b)
    b.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: <source>/_site)")
    b.add_argument("--base-url", metavar="URL", help="override site.yml base_url (e.g. https://example.org/docs/)")
    b.add_argument("--jobs", "-j", type=_positive_int, metavar="N", help="parallel workers (default: CPU count)")
    b.add_argument("--drafts", action="store_true", help="include pages with `draft: true`")
    b.add_argument("--no-search", action="store_true", help="skip the search index (quick local builds)")
    b.add_argument("--incremental", action="store_true",
                   help="reuse unchanged pages from <source>/.sitegen-cache/ (same output, faster rebuilds)")
    b.add_argument("--keep-going", "-k", action="store_true",
                   help="build every page that can be built, list the others (exit status 1); for migrations")

    sv = sub.add_parser("serve", help="preview the site with live reload, rebuilding on every change")
    common(sv)
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    sv.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    sv.add_argument("--drafts", action="store_true", help="include pages with `draft: true`")
    sv.add_argument("--open", action="store_true", help="open the site in a web browser")
    sv.add_argument("--search", action="store_true",
                    help="also build the Pagefind search index (slow; writes <source>/_site)")

    ck = sub.add_parser("check", help="check links, anchors, files, ids, front matter and translations (writes nothing)")
    common(ck)
    ck.add_argument("--format", choices=("text", "json", "github"), default="text",
                    help="findings as text lines, one JSON document, or GitHub workflow commands (annotations)")
    ck.add_argument("--fail-on", choices=("error", "warning"), default="error",
                    help="exit 1 on errors (default) or also on warnings (stale translations, ...)")
    ck.add_argument("--strict", action="store_true",
                    help="warnings count as errors (reported as errors; implies --fail-on warning)")
    ck.add_argument("--summary", type=Path, metavar="FILE",
                    help="append a Markdown summary to FILE (default with --format github: $GITHUB_STEP_SUMMARY)")
    ck.add_argument("--changed-since", metavar="REF",
                    help="only findings about files changed since the git revision REF, and pages linking to them")
    ck.add_argument("--external", action="store_true",
                    help="also fetch external links (HEAD requests; needs network)")
    ck.add_argument("--base-url", metavar="URL", help="override site.yml base_url")
    ck.add_argument("--drafts", action="store_true", help="include pages with `draft: true`")

    imp = sub.add_parser("import", help="move a site from another generator (Jekyll) into a new sitegen site")
    imp_sub = imp.add_subparsers(dest="import_command", metavar="KIND", parser_class=_Parser)
    ij = imp_sub.add_parser("jekyll", help="import a Jekyll site: pages, includes, data, _config.yml; writes a report")
    ij.add_argument("src", type=Path, metavar="SRC", help="the Jekyll site's folder")
    ij.add_argument("dest", type=Path, metavar="DEST", help="a new (or empty) folder for the sitegen site")
    ij.add_argument("--debug", action="store_true", help="show Python tracebacks")

    fq = sub.add_parser("faq", help="FAQ tools")
    fq_sub = fq.add_subparsers(dest="faq_command", metavar="ACTION", parser_class=_Parser)
    split = fq_sub.add_parser("split", help="turn a one-page FAQ (## category / ### Q. question) into FAQ entry files")
    common(split)
    split.add_argument("page", type=Path, metavar="PAGE", help="the FAQ page, e.g. content/ja/faq/index.md")

    i18n = sub.add_parser("i18n", help="translation status and stamps")
    i18n_sub = i18n.add_subparsers(dest="i18n_command", metavar="ACTION", parser_class=_Parser)
    status = i18n_sub.add_parser("status", help="report translated, stale, missing and orphan pages")
    common(status)
    status.add_argument("--format", choices=("text", "json"), default="text")
    status.add_argument("--fail-on", choices=("stale", "missing"),
                        help="exit 1 when a translation is stale or orphaned (stale), or also missing (missing)")
    stamp = i18n_sub.add_parser("stamp", help="record in a translation which version of its source it matches")
    common(stamp)
    stamp.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="translation files or folders")

    nw = sub.add_parser("new", help="create a starter site in a new folder (pages in two languages, FAQ, "
                                    "navigation, notices, a GitHub Pages workflow)")
    nw.add_argument("dir", type=Path, metavar="DIR", help="the folder to create (new, or empty)")
    nw.add_argument("--languages", default="ja,en", metavar="CODES",
                    help="the site's languages, the default one first (default: ja,en)")
    nw.add_argument("--debug", action="store_true", help="show Python tracebacks")

    sc = sub.add_parser("schema", help="write JSON Schemas of site.yml, front matter and the nav/notices data "
                                       "for editors")
    common(sc)
    sc.add_argument("--out", type=Path, metavar="DIR", help="folder for the schemas (default: <source>/schemas)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    if args.command == "i18n" and args.i18n_command is None:
        parser.parse_args(["i18n", "--help"])  # help on stdout, then a usage error
        return EXIT_USAGE
    for command, sub_command in (("import", "import_command"), ("faq", "faq_command")):
        if args.command == command and getattr(args, sub_command) is None:
            parser.parse_args([command, "--help"])
            return EXIT_USAGE
    handler = {"build": cmd_build, "check": cmd_check, "i18n": cmd_i18n, "serve": cmd_serve,
               "new": cmd_new, "schema": cmd_schema, "import": cmd_import, "faq": cmd_faq}[args.command]
    try:
        return handler(args)
    except BuildError as exc:
        _print_diagnostics(exc.diagnostics)
        errors = sum(1 for d in exc.diagnostics if d.level == "error")
        print(f"sitegen: {args.command} failed: {errors} error{'s' if errors != 1 else ''}; nothing was written",
              file=sys.stderr)
        return EXIT_ERRORS
    except KeyboardInterrupt as exc:
        if args.command == "serve":  # Ctrl-C is how serve ends (see sitegen.serve.serve)
            print("sitegen: stopped", file=sys.stderr)
            return EXIT_OK
        print("sitegen: interrupted", file=sys.stderr)
        return 128 + getattr(exc, "signum", 2)  # 130 for Ctrl-C, 143 for SIGTERM (sitegen.write.Interrupted)
    except Exception:
        if getattr(args, "debug", False):
            raise
        import traceback
        traceback.print_exc()
        print("sitegen: internal error (a bug in sitegen, not in your site); please report it with the traceback above",
              file=sys.stderr)
        return 3


def _print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        print(d.format(), file=sys.stderr)


def _usage_error(message: str, hint: str | None = None) -> SystemExit:
    print(f"sitegen: error: {message}", file=sys.stderr)
    if hint:
        print(f"    hint: {hint}", file=sys.stderr)
    return SystemExit(EXIT_USAGE)


def _check_source(args) -> None:
    source = Path(args.source)
    if source.exists() and not source.is_dir():
        raise _usage_error(f"--source `{source}` is not a folder",
                           hint="pass the site folder (the one with site.yml and content/), not a file in it")
    if not source.is_dir():
        raise _usage_error(f"source folder `{source}` does not exist")
    base_url = getattr(args, "base_url", None)
    if base_url is not None:
        from .config import base_url_problem

        problem = base_url_problem(base_url)
        if problem is not None:
            raise _usage_error(f"--base-url {problem[0].removeprefix('`base_url` ')}", hint=problem[1])


def _unchanged_incremental(args) -> int | None:
    """``build --incremental`` when nothing changed since the last clean one:
    its summary again, from the manifest (sitegen.serve.manifest), without
    loading the cache or the renderer; None when a build is needed."""
    from .serve import manifest

    source = Path(args.source)
    out = Path(args.out) if args.out is not None else source / "_site"
    answer = manifest.unchanged(source, out, args.base_url, args.drafts, not args.no_search)
    if answer is None:
        return None
    if not args.quiet:
        _print_diagnostics(answer["warnings"])
        print(f"sitegen: built {answer['pages']} pages into {answer['out']} in "
              f"{time.perf_counter() - _STARTED:.2f}s" + _counts(answer["warnings"]))
    return EXIT_OK


def cmd_build(args) -> int:
    _check_source(args)
    if args.incremental and not args.keep_going and not args.verbose:
        done = _unchanged_incremental(args)
        if done is not None:
            return done
    from .build import BuildOptions, build
    from .write import unsafe_output_reason

    if args.keep_going and args.incremental:
        raise _usage_error("--keep-going and --incremental cannot be used together",
                           hint="--keep-going is for a one-off build of a site that still has errors")
    options = BuildOptions(source=args.source, out=args.out, base_url=args.base_url, drafts=args.drafts,
                           jobs=args.jobs, search=not args.no_search, keep_going=args.keep_going)
    reason = unsafe_output_reason(options.source, options.out_dir)
    if reason is not None:
        raise _usage_error(f"--out `{options.out_dir}` {reason}",
                           hint="choose another output folder, such as <source>/_site (the default)")
    if args.incremental:
        from .incremental import build_incremental

        result = build_incremental(options)
    else:
        result = build(options)
    for note in getattr(result, "notes", ()):  # build --incremental: about its cache
        print(f"sitegen: note: {note}", file=sys.stderr)
    errors = getattr(result, "errors", [])
    if errors:  # --keep-going: every error, whatever --quiet says
        _print_diagnostics(sorted(errors + ([] if args.quiet else result.warnings),
                                  key=lambda d: (d.path, d.line or 0, d.col or 0, d.message)))
    elif not args.quiet:
        _print_diagnostics(result.warnings)
    if not args.quiet:
        if args.verbose:
            for name in sorted(result.files):
                print(f"  wrote {name}")
        print(f"sitegen: built {result.page_count} pages into {result.out} in {result.seconds:.2f}s"
              + _counts(result.warnings))
    if errors:
        failed = getattr(result, "failed", [])
        print(f"sitegen: {len(errors)} error{'s' if len(errors) != 1 else ''}; "
              f"{len(failed)} page{'s' if len(failed) != 1 else ''} not built:", file=sys.stderr)
        for path, line in failed:
            print(f"  {path}{f':{line}' if line else ''}", file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_OK


def _counts(diagnostics: list[Diagnostic]) -> str:
    """`` (1 warning, 1 note)`` for the build's summary line ("" when clean);
    many warnings of several kinds are counted per rule, the largest first
    (`` (355 warnings: 197 missing-file, 153 broken-link, 5 other)``), so a
    migration sees at once what most of them are."""
    parts = []
    for level in ("warning", "note"):
        found = [d for d in diagnostics if d.level == level]
        if not found:
            continue
        part = f"{len(found)} {level}{'s' if len(found) != 1 else ''}"
        rules: dict[str, int] = {}
        for d in found:
            rules[d.rule or "other"] = rules.get(d.rule or "other", 0) + 1
        if len(found) >= 10 and len(rules) > 1:
            ranked = sorted(rules.items(), key=lambda item: (-item[1], item[0]))
            shown = [f"{n} {rule}" for rule, n in ranked[:2]]
            rest = sum(n for _, n in ranked[2:])
            part += ": " + ", ".join(shown + ([f"{rest} other"] if rest else []))
        parts.append(part)
    joiner = "; " if any(":" in part for part in parts) else ", "
    return f" ({joiner.join(parts)})" if parts else ""


def cmd_check(args) -> int:
    from .check import check_site

    _check_source(args)
    changed = None
    if args.changed_since is not None:
        from .publish.changes import ChangesError, changed_files

        try:
            changed = changed_files(args.source, args.changed_since)
        except ChangesError as exc:
            raise _usage_error(exc.message, hint=exc.hint)
    report = check_site(args.source, base_url=args.base_url, strict=args.strict, external=args.external,
                        drafts=args.drafts)
    report.fail_on_warnings = args.fail_on == "warning"
    if changed is not None:
        from .publish.changes import limit_to_changes

        report = limit_to_changes(report, changed, args.changed_since)
    if args.format == "json":
        sys.stdout.write(report.json_text())
    elif args.format == "github":
        from .publish.github import repository_prefix, workflow_commands

        sys.stdout.write(workflow_commands(report, repository_prefix(args.source)))
        if not args.quiet:
            for note in report.scope_notes:
                print(f"sitegen check: {note}")
            print(report.summary_line())
    else:
        for note in report.scope_notes:
            print(f"sitegen check: {note}", file=sys.stderr)
        sys.stdout.write(report.format_text(summary_line=not args.quiet))
    summary = args.summary
    if summary is None and args.format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        summary = Path(os.environ["GITHUB_STEP_SUMMARY"])
    if summary is not None:
        from .publish.github import step_summary, write_summary

        try:
            write_summary(step_summary(report, args.source), summary)
        except OSError as exc:
            print(f"sitegen: error: cannot write the summary to {summary}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_ERRORS
    return report.exit_code


def cmd_serve(args) -> int:
    from .build import BuildOptions
    from .serve import serve

    _check_source(args)
    if not 0 <= args.port <= 65535:
        print("sitegen: error: --port must be between 0 and 65535", file=sys.stderr)
        return EXIT_USAGE
    options = BuildOptions(source=args.source, drafts=args.drafts, search=args.search)
    return serve(options, host=args.host, port=args.port, open_browser=args.open)


def cmd_new(args) -> int:
    from .scaffold import ScaffoldError, create_site, parse_languages

    try:
        created = create_site(args.dir, parse_languages(args.languages))
    except ScaffoldError as exc:
        raise _usage_error(exc.message, exc.hint)
    except OSError as exc:
        print(f"sitegen: error: cannot write the new site: {exc.strerror or exc}"
              + (f" ({exc.filename})" if exc.filename else ""), file=sys.stderr)
        print("    hint: choose a folder you can write to", file=sys.stderr)
        return EXIT_ERRORS
    where = args.dir.as_posix()
    print(f"sitegen: created a site in {where}/ ({', '.join(created.languages)}; {len(created.files)} files)")
    print("next:")
    if Path(args.dir).resolve() != Path.cwd().resolve():  # `sitegen new .` is there already
        print(f"  cd {shlex.quote(where)}")
    print("  sitegen serve            # preview at http://127.0.0.1:8000/, reloads on every save")
    print("  sitegen check --strict   # before you push: links, anchors, front matter, translations")
    print("  git init && git add . && git commit -m 'New site'   # then push to GitHub (see README.md)")
    return EXIT_OK


def cmd_schema(args) -> int:
    from .config import load_config
    from .schema.documents import write_schemas

    _check_source(args)
    out = args.out if args.out is not None else Path(args.source) / "schemas"
    if out.exists() and not out.is_dir():
        raise _usage_error(f"--out `{out}` is not a folder")
    try:
        written = write_schemas(load_config(Path(args.source)), out)
    except OSError as exc:
        print(f"sitegen: error: cannot write the schemas: {exc.strerror or exc}"
              + (f" ({exc.filename})" if exc.filename else ""), file=sys.stderr)
        return EXIT_ERRORS
    if not args.quiet:
        for path in written:
            print(f"  wrote {path.as_posix()}")
        print(f"sitegen: {len(written)} JSON Schemas in {out.as_posix()}/ "
              "(VS Code: \"yaml.schemas\" in .vscode/settings.json; run again after changing site.yml)")
    return EXIT_OK


def cmd_import(args) -> int:
    from .jekyll.importer import ImportProblem, import_site

    try:
        report = import_site(args.src, args.dest)
    except ImportProblem as exc:
        raise _usage_error(exc.message, exc.hint)
    print(report.summary())
    return EXIT_OK


def cmd_faq(args) -> int:
    from .jekyll.faq_split import SplitProblem, split_faq

    _check_source(args)
    try:
        result = split_faq(Path(args.source), Path(args.page))
    except SplitProblem as exc:
        raise _usage_error(exc.message, exc.hint)
    print(result.summary())
    return EXIT_OK


def cmd_i18n(args) -> int:
    from .build import BuildOptions, load_site
    from .i18n import format_text, report_json_bytes, stamp, stamp_problems, translation_report

    _check_source(args)
    # a page that cannot be built (a broken template, bad front matter) is left
    # out and named, so one editor's mistake does not hide every translation's status
    loaded = load_site(BuildOptions(source=args.source, search=False, keep_going=True))
    site = loaded.site
    if loaded.failed:
        print(f"sitegen: {len(loaded.failed)} page(s) with errors are left out (`sitegen build` shows the errors):",
              file=sys.stderr)
        for path, line in loaded.failed:
            print(f"  {path}:{line}" if line else f"  {path}", file=sys.stderr)
    if args.i18n_command == "stamp":
        problems = stamp_problems(site, args.paths)
        if problems:  # the paths named on the command line are wrong: a usage error
            _print_diagnostics(problems)
            return EXIT_USAGE
        changed = stamp(site, args.paths)
        for page, value in changed:
            print(f"stamped {page.source.display} (source_hash: {value})")
        if not changed and not args.quiet:
            print("sitegen: nothing to stamp: every translation under the given paths is current")
        return EXIT_OK
    report = translation_report(site)
    if args.format == "json":
        sys.stdout.write(report_json_bytes(report, site).decode("utf-8"))
    else:
        sys.stdout.write(format_text(report))
    failing = report.failing(args.fail_on)
    if failing:
        if args.format == "text":
            print(f"sitegen: {len(failing)} translation(s) fail --fail-on {args.fail_on}", file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_OK
