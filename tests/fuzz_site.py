"""A bounded fuzzer for `sitegen build` and `sitegen check`.

A small bilingual fixture site (pages, an FAQ, navigation and notices, UI
strings, a layout, an include, a static file) is built once; each seed then
makes one to three mutations of a copy of it (``tests/fuzz_mutations.py``),
the kind a careless or hostile contributor makes: bytes flipped, odd bytes
inserted (NUL, ESC, U+FFFE, bytes that are not UTF-8), files cut short,
front-matter and config keys given values of the wrong type, deep nesting
(YAML, Markdown, HTML, Jinja), odd and colliding file names.  The build runs
in-process, through the CLI's `main()` as a user runs it; what is asserted
is what a user sees:

* exit status 0 or 1, never 3 (sitegen's "internal error") nor anything else;
* no Python traceback on stderr (the CLI prints one for any bug);
* after a failed build, the previous `_site/` byte for byte as it was, and no
  staging folder left beside it;
* no case runs longer than ``CASE_SECONDS`` (a hang is a failure too).

Every fourth seed also runs `sitegen check`, which renders what `build` may
stop before; every fifth mutates the same site written as Jekyll writes it
(Liquid bodies, ``compat: jekyll``).  A seed always makes the same
mutations, so a failure reproduces with ``python tests/fuzz_site.py SEED``
(it prints what was mutated and the output).  The test
(``tests/sites/test_fuzz.py``) runs the seeds in two worker processes of
this module (``--worker``) and reads one JSON line per seed.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import shutil
import signal
import sys
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from fuzz_mutations import mutate  # noqa: E402
from site_files import write_files  # noqa: E402

CASE_SECONDS = 20
CHECK_EVERY = int(os.environ.get("SITEGEN_FUZZ_CHECK_EVERY", "4"))  # 1 to check every seed (a longer run)

SITE = {
    "site.yml": """
        title: {ja: ファズ, en: Fuzz}
        languages: [ja, en]
        default_language: ja
        base_url: https://example.org/docs/
        faq:
          categories:
            - key: zoom
              label: {ja: Zoom, en: Zoom}
            - key: mail
              label: {ja: メール, en: Mail}
        front_matter:
          faq/:
            category: {type: string, required: true}
        params:
          support: help@example.org
    """,
    "content/ja/index.md": """
        ---
        title: ホーム
        layout: home
        ---
        ようこそ。[手順](guide/steps.md)と[FAQ](faq/index.md)をどうぞ。
    """,
    "content/en/index.md": """
        ---
        title: Home
        layout: home
        ---
        Welcome. See the [steps](guide/steps.md).
    """,
    "content/ja/guide/index.md": "---\ntitle: ガイド\n---\n- [手順](steps.md)\n- [図](figure.png)\n",
    "content/ja/guide/steps.md": """
        ---
        title: 手順
        updated: 2026-04-01
        description: 最初の手順
        tags: [start, zoom]
        redirect_from: [/old-steps/]
        ---
        ## 準備 {#prep}

        {% include "_partials/note.md" %}

        1. 開く[^1]
        2. `{{ page.title }}` を確認
           > 引用 **強調**

        | a | b |
        |---|---|
        | 1 | 2 |

        <div markdown="1">
        *中* と <a href="../index.md#top">トップ</a>
        </div>

        ```python
        print("{{ not evaluated }}")
        ```

        {% if page.tags %}タグ: {{ page.tags | join(", ") }}{% endif %}

        [^1]: 注です。
    """,
    "content/en/guide/steps.md": """
        ---
        title: Steps
        ---
        ## Prepare {#prep}

        Open it. Back [home](../index.md).
    """,
    "content/ja/guide/figure.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00",
    "content/ja/_partials/note.md": "**注意**: {{ site.params.support }} まで。\n",
    "content/ja/faq/signin.md": "---\ntitle: サインインできません\ncategory: zoom\norder: 1\n---\nSSO を使います。\n",
    "content/en/faq/signin.md": "---\ntitle: I cannot sign in\ncategory: zoom\norder: 1\n---\nUse SSO.\n",
    "content/ja/faq/no-mail.md": "---\ntitle: メールが来ない\ncategory: mail\n---\n迷惑メールを確認。\n",
    "content/ja/old.html": "---\ntitle: 古いページ\n---\n<h2 id=\"x\">見出し</h2>\n<p><a href=\"guide/\">ガイド</a></p>\n",
    "data/nav.yml": """
        - name: {ja: ガイド, en: Guide}
          url: /guide/
          contents:
            - name: {ja: 手順, en: Steps}
              url: /guide/steps.md
        - name: FAQ
          url: /faq/
    """,
    "data/notices.yml": """
        - date: 2026-04-01
          content: {ja: "**メンテナンス**のお知らせ", en: "**Maintenance** notice"}
          important: true
    """,
    "data/contacts.yml": "- name: 窓口\n  mail: help@example.org\n",
    "i18n/en.yml": "search: Search the docs\nfaq_count: \"{count} questions\"\n",
    "templates/page.html": """
        {% extends "base.html" %}
        {% block content %}
        {% if page.description %}<p class="lead">{{ page.description }}</p>{% endif %}
        {{ super() }}
        {% endblock %}
    """,
}

# the same site as Jekyll writes it: Liquid bodies and Jekyll's URL rules (every fifth seed)
LIQUID_SITE = dict(SITE)
LIQUID_SITE["site.yml"] = textwrap.dedent(SITE["site.yml"]) + "templates: liquid\ncompat: jekyll\n"
LIQUID_SITE["content/ja/guide/steps.md"] = SITE["content/ja/guide/steps.md"].replace(
    '{% include "_partials/note.md" %}', "{% include note.md %}").replace('join(", ")', 'join: ", "').replace(
    "{{ not evaluated }}", "{% raw %}{{ not evaluated }}{% endraw %}")  # Liquid reads code blocks too
LIQUID_SITE["content/ja/_includes/note.md"] = SITE["content/ja/_partials/note.md"]
del LIQUID_SITE["content/ja/_partials/note.md"]

# --- running one seed ----------------------------------------------------------

def snapshot(folder: Path) -> dict[str, str]:
    result = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        result[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
    return result


def is_liquid(seed: int) -> bool:
    return seed % 5 == 3


def build_base(workdir: Path, files: dict = SITE, name: str = "base") -> Path:
    base = write_files(workdir / name, files)
    code, out, err = run_cli(["build", "--source", str(base), "--no-search"])
    if code != 0 or "warning" in err:
        raise RuntimeError(f"the fixture site does not build cleanly:\n{out}{err}")
    return base


def build_bases(workdir: Path) -> dict[bool, Path]:
    """The fixture sites, built: {False: Jinja site, True: Liquid site}."""
    return {False: build_base(workdir), True: build_base(workdir, LIQUID_SITE, "base-liquid")}


class CaseTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise CaseTimeout()


_COMPILED = None


def share_compiled_templates() -> None:
    """One Jinja bytecode cache for every build of this process: the theme's
    templates compile once, not once per seed (two thirds of a small site's
    build).  Jinja checks each template's source against its cached code, so a
    mutated template is compiled again; nothing else changes."""
    global _COMPILED
    import jinja2
    from sitegen import render

    if _COMPILED is not None:
        return
    _COMPILED = _MemoryBytecodeCache()
    init = render.Renderer.__init__

    def init_sharing(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.env.bytecode_cache = _COMPILED
    render.Renderer.__init__ = init_sharing
    assert isinstance(_COMPILED, jinja2.BytecodeCache)


def _memory_cache_class():
    import jinja2

    class MemoryBytecodeCache(jinja2.BytecodeCache):
        def __init__(self):
            self.store: dict[str, bytes] = {}

        def load_bytecode(self, bucket):
            if bucket.key in self.store:
                bucket.bytecode_from_string(self.store[bucket.key])

        def dump_bytecode(self, bucket):
            self.store[bucket.key] = bucket.bytecode_to_string()
    return MemoryBytecodeCache


def _MemoryBytecodeCache():
    return _memory_cache_class()()


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    from sitegen.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def run_seed(seed: int, base: Path, workdir: Path, base_snapshot: dict | None = None) -> dict:
    rnd = random.Random(seed)
    case_dir = workdir / f"seed-{seed}"
    shutil.rmtree(case_dir, ignore_errors=True)
    case_dir.mkdir(parents=True)
    source = case_dir / "site"
    shutil.copytree(base, source, symlinks=True)
    count = rnd.choice([1, 1, 1, 2, 2, 3])  # mistakes come alone or together
    what = "; ".join(mutate(source, rnd) for _ in range(count)) + (" (Liquid site)" if is_liquid(seed) else "")
    before = base_snapshot if base_snapshot is not None else snapshot(base / "_site")
    result = {"seed": seed, "mutation": what, "problems": []}
    commands = [["build", "--source", str(source), "--no-search", "--quiet"]]
    if seed % CHECK_EVERY == 0:
        commands.append(["check", "--source", str(source), "--quiet"])
    started = time.monotonic()
    for argv in commands:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(CASE_SECONDS)
        try:
            code, out, err = run_cli(argv)
        except CaseTimeout:
            code, out, err = None, "", ""
            result["problems"].append(f"{argv[0]}: still running after {CASE_SECONDS}s")
        except RecursionError:  # escaped even the CLI's handler
            code, out, err = None, "", ""
            result["problems"].append(f"{argv[0]}: RecursionError escaped main()")
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
        if code is None:
            continue
        text = out + err
        if "Traceback (most recent call last)" in text or "internal error" in text:
            result["problems"].append(f"{argv[0]}: a Python traceback (exit {code}):\n{text[-3000:]}")
        elif code not in (0, 1):
            result["problems"].append(f"{argv[0]}: exit status {code}:\n{text[-1500:]}")
        if argv[0] == "build":
            result["build_exit"] = code
            if code != 0:
                if not (source / "_site").is_dir() or snapshot(source / "_site") != before:
                    result["problems"].append("build failed and the previous _site/ changed")
            leftovers = sorted(p.name for p in case_dir.iterdir() if p.name != "site")
            if leftovers:
                result["problems"].append(f"left beside the site: {leftovers}")
        result.setdefault("first_error", next((l for l in err.splitlines() if ": error: " in l), "")[:200])
    result["seconds"] = round(time.monotonic() - started, 3)
    shutil.rmtree(case_dir, ignore_errors=True)
    return result


def worker(seeds: list[int], workdir: Path) -> None:
    """Run ``seeds``, one JSON line each on stdout (``{"started": seed}`` first)."""
    workdir.mkdir(parents=True, exist_ok=True)
    share_compiled_templates()
    bases = build_bases(workdir)
    snapshots = {liquid: snapshot(base / "_site") for liquid, base in bases.items()}
    for seed in seeds:
        print(json.dumps({"started": seed}), flush=True)
        liquid = is_liquid(seed)
        print(json.dumps(run_seed(seed, bases[liquid], workdir, snapshots[liquid]), ensure_ascii=True), flush=True)


def main(argv: list[str]) -> int:
    import tempfile

    if argv and argv[0] == "--worker":
        worker([int(s) for s in argv[2:]], Path(argv[1]))
        return 0
    if not argv:
        print("usage: python tests/fuzz_site.py SEED...   (or --worker WORKDIR SEED...)", file=sys.stderr)
        return 2
    share_compiled_templates()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        bases = build_bases(workdir)
        for seed in (int(s) for s in argv):
            result = run_seed(seed, bases[is_liquid(seed)], workdir)
            print(f"seed {seed}: {result['mutation']}")
            print(f"  build exit {result.get('build_exit')}; {result.get('first_error') or 'no error'}")
            for problem in result["problems"]:
                print("  PROBLEM: " + problem.replace("\n", "\n    "))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
