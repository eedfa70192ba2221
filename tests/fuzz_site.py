"""A bounded fuzzer for `sitegen build` and `sitegen check`.

A small bilingual fixture site (pages, an FAQ, navigation and notices, UI
strings, a layout, an include, a static file) is built once; each seed then
makes one mutation of a copy of it, the kind a careless or hostile
contributor makes: bytes flipped, odd bytes inserted (NUL, ESC, U+FFFE,
bytes that are not UTF-8), files cut short, front-matter and config keys
given values of the wrong type, deep nesting (YAML, Markdown, HTML, Jinja),
odd and colliding file names.  The build runs in-process, through the CLI's
`main()` as a user runs it; what is asserted is what a user sees:

* exit status 0 or 1, never 3 (sitegen's "internal error") nor anything else;
* no Python traceback on stderr (the CLI prints one for any bug);
* after a failed build, the previous `_site/` byte for byte as it was, and no
  staging folder left beside it;
* no case runs longer than ``CASE_SECONDS`` (a hang is a failure too).

Every fourth seed also runs `sitegen check`, which renders what `build` may
stop before; every fifth mutates the same site written as Jekyll writes it
(Liquid bodies, ``compat: jekyll``).  One seed is one mutation, so a failure reproduces with
``python tests/fuzz_site.py SEED`` (it prints what was mutated and the
output).  The test (``tests/sites/test_fuzz.py``) runs the seeds in two
worker processes of this module (``--worker``) and reads one JSON line per
seed.
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
import textwrap
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from site_files import write_files  # noqa: E402

CASE_SECONDS = 20

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

# --- values and snippets the mutations draw from ------------------------------

ODD_TEXT = ["\x00", "\x01", "\x1b[31m", "\ufffe", "\uffff", "\u2028", "\r", "\r\n", "\ufeff", "\t", "\x7f",
            "\u202e", "\U0001f600", "ｱ", "\u3000", "\\", "'", '"', "`", "%", "#", "?", "{{", "}}", "{%", "%}",
            "{#", "<!--", "-->", "</script>", "<script>", "&#0;", "&amp;", "]]>", "---", "+++", ":", "- ", "*", "&a *a"]
ODD_BYTES = [b"\xff", b"\xfe\xff", b"\xc3", b"\xed\xa0\x80", b"\xe3\x81", b"\x80", b"\x00", b"\x1b"]
ODD_NAMES = ["#hash.md", "q?.md", "100%.md", "a b.md", "日本語.md", ".hidden.md", "_partial.md", "x.MD", "x.markdown",
             "x.htm", "index.html", "sitemap.xml", "robots.txt", "404.html", "feed.xml", "a" * 300 + ".md",
             "あ" * 90 + ".md", "CON.md", "x.md~", "#emacs#", "..md", "-.md", "x.md.md", "search/index.md",
             "faq/index.md", "faq/zoom.md", "faq/deep/x.md", "translation-status.json", "assets/css/site.css",
             "guide/steps/index.md", "guide/steps", "guide", "zz/ａ.md"]
ODD_URLS = ["http://[zz", "http://[::1/", "https://exa mple.org/", "/sitemap.xml", "/../../etc/passwd", "../x.md",
            "//evil.example/", "javascript:alert(1)", "mailto:", "#", "?q=1", "/a%2F..%2Fb/", "/a%00b/", "\x00",
            "https://example.org:99999/", "/" + "x" * 300 + "/", "guide/steps.md#nowhere", "/feed.xml", "data:,"]
FRONT_KEYS = ["title", "layout", "description", "lang", "permalink", "slug", "draft", "redirect_from", "redirect_to",
              "sitemap", "toc", "breadcrumb", "target_blank", "template", "translation_key", "source_hash", "updated",
              "date", "category", "order", "tags", "noindex", "image", "unknown_key"]
CONFIG_KEYS = ["title", "languages", "default_language", "base_url", "fallback", "faq", "front_matter", "params",
               "description", "markdown", "compat", "logo", "favicon", "repo_url", "edit_uri", "extra_css", "nav",
               "layouts", "defaults", "og_image", "twitter_username"]
SNIPPETS = [
    "{% if %}", "{% endif %}", "{% endraw %}", "{% raw %}", "{{ page.nope.deeper }}", "{{ site.params }}",
    "{% include \"_partials/nope.md\" %}", "{% include \"../../site.yml\" %}", "{% include page.title %}",
    "{{ 9**9**9 }}", "{{ ''.__class__ }}", "{% for x in range(10**8) %}{% endfor %}", "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "{{ data.contacts[0].mail }}", "{% filter markdown %}**x**{% endfilter %}", "{: .cls #id}", "{:toc}",
    "[x](http://[zz)", "[x](../../../etc/passwd)", "![i](nope.png)", "[x](#nowhere)", "<a href=\"http://[::1/\">x</a>",
    "<img srcset=\"a.png 1x, http://[zz 2x\">", "<div markdown=\"1\">", "</div>", "<script>", "<!--", "$$\\frac{1}{$$",
    "$\\begin{x}$", "```mermaid\ngraph\n```", "::: note\n", ":::", "> [!NOTE]\n", "[^x]", "[^x]: y", "| a |\n|---|\n",
    "<details markdown=\"1\"><summary>s</summary>", "\n\n---\n", "<h2 id=\"prep\">dup</h2>", "## 準備 {#prep}",
    "<style>@import url(http://[zz);</style>", "&#x0;", "<svg><a href=\"http://[zz\"/></svg>", "\\", "*" * 200,
    # Liquid (the Jekyll variant of the site reads these; the Jinja one fails on most, cleanly)
    "{% include ../../site.yml %}", "{% include_relative ../../../site.yml %}", "{% include nope.md %}",
    "{{ site.data | jsonify }}", "{% for p in site.pages %}{{ p.url }}{% endfor %}", "{% capture x %}",
    "{{ 'a' | markdownify }}", "{% assign x = 1 | divided_by: 0 %}", "{{ 1 | times: 1e308 }}", "{% unless %}",
    "{{ page.url | relative_url }}", "{% highlight ruby %}x{% endhighlight %}", "{{ site.time | date: '%Q' }}",
    "{% include note.md x=page.nope %}", "{% cycle %}", "{% tablerow x in (1..100000000) %}{% endtablerow %}",
]


def _deep(kind: str, n: int) -> str:
    if kind == "yaml-flow":
        return "[" * n + "]" * n
    if kind == "yaml-block":
        return "\n" + "".join("  " * i + "- \n" for i in range(n))
    if kind == "quote":
        return ">" * n + " deep\n"
    if kind == "list":
        return "".join("  " * i + "- item\n" for i in range(n))
    if kind == "div":
        return "<div markdown=\"1\">\n" * n + "x\n" + "</div>\n" * n
    if kind == "html":
        return "<span>" * n + "x" + "</span>" * n
    if kind == "if":
        return "{% if true %}" * n + "x" + "{% endif %}" * n
    if kind == "for":
        return "".join(f"{{% for a{i} in [1] %}}" for i in range(n)) + "x" + "{% endfor %}" * n
    if kind == "brackets":
        return "[" * n + "x" + "](y)" * n
    if kind == "emphasis":
        return "*" * n + "x" + "*" * n
    return "(" * n


DEEP_KINDS = ["yaml-flow", "yaml-block", "quote", "list", "div", "html", "if", "for", "brackets", "emphasis"]


def _odd_value(rnd: random.Random):
    """A value of some type, often the wrong one for the key it is given to."""
    choice = rnd.randrange(16)
    if choice == 0:
        return rnd.choice([None, True, False, 0, -1, 10 ** 400, 1.5e308 * 10, float("nan")])
    if choice == 1:
        return [rnd.choice(["a", 1, None, [], {}]) for _ in range(rnd.randrange(4))]
    if choice == 2:
        return {rnd.choice(["ja", "en", "fr", "x", "title", "parent", 1]): rnd.choice(["v", 2, None, [1]])}
    if choice == 3:
        return "2026-13-45" if rnd.random() < 0.5 else "2026-04-01"
    if choice == 4:
        return rnd.choice(ODD_URLS)
    if choice == 5:
        return "x" * rnd.choice([0, 1, 300, 5000])
    if choice == 6:
        return "".join(rnd.choice(ODD_TEXT) for _ in range(rnd.randrange(1, 6)))
    if choice == 7:
        return rnd.choice(["page", "home", "base", "404", "redirect", "faq_index", "../x", "nope", "page.html"])
    if choice == 8:
        return rnd.choice(["ja", "en", "fr", "zoom", "mail", "nope"])
    if choice == 9:
        return "RAW:" + _deep(rnd.choice(["yaml-flow", "yaml-block"]), rnd.choice([5, 120, 300]))
    if choice == 10:
        return rnd.choice(SNIPPETS)
    return rnd.choice(["ok", "テスト", "a b", "/guide/", "guide/steps.md", "../faq/index.md", 42, 3.14])


def _yaml_scalar(value) -> str:
    if isinstance(value, str) and value.startswith("RAW:"):
        return value[4:]
    if isinstance(value, float) and value != value:
        return ".nan"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return ".inf"
    return json.dumps(value, ensure_ascii=False)


# --- the mutations ------------------------------------------------------------

def _files(root: Path, suffixes=None) -> list[Path]:
    found = sorted(p for p in root.rglob("*") if p.is_file() and "_site" not in p.relative_to(root).parts)
    return [p for p in found if suffixes is None or p.suffix in suffixes]


def _set_front(path: Path, key: str, value) -> None:
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    line = f"{key}: {_yaml_scalar(value)}"
    if text.startswith("---\n"):
        text = "---\n" + line + "\n" + "\n".join(l for l in text[4:].split("\n") if not l.startswith(key + ":"))
    else:
        text = f"---\n{line}\ntitle: x\n---\n" + text
    path.write_bytes(text.encode("utf-8", "surrogateescape"))


def mutate(root: Path, rnd: random.Random) -> str:
    """Make one mutation of the site at ``root``; returns what it did."""
    kind = rnd.choice(["flip", "insert-odd", "insert-bytes", "truncate", "front-key", "config-key", "data-key",
                       "deep", "snippet", "snippet", "odd-name", "odd-name", "collide", "remove", "i18n", "format"])
    files = _files(root)
    pages = _files(root / "content", {".md", ".html"}) or [root / "content/ja/index.md"]
    yaml_files = [p for p in files if p.suffix == ".yml"] or [root / "site.yml"]
    if not files:
        (root / "site.yml").write_text("title: x\n", encoding="utf-8")
        return "every file gone: a site.yml alone"
    if kind == "format":
        path = rnd.choice(pages)
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        front, _, body = text.removeprefix("---\n").partition("\n---\n")
        pairs = [line.split(":", 1) for line in front.split("\n") if ":" in line and not line.startswith(" ")]
        if rnd.random() < 0.5:
            block = "+++\n" + "".join(f"{k.strip()} = {json.dumps(v.strip())}\n" for k, v in pairs) + "+++\n"
        else:
            block = json.dumps({k.strip(): v.strip() for k, v in pairs}, ensure_ascii=False, indent=1) + "\n"
        path.write_bytes((block + body).encode("utf-8", "surrogateescape"))
        return f"front matter of {path.relative_to(root)} as {'TOML' if block.startswith('+++') else 'JSON'}"
    if kind == "flip":
        path = rnd.choice(files)
        data = bytearray(path.read_bytes())
        for _ in range(rnd.randint(1, 4)):
            if data:
                data[rnd.randrange(len(data))] ^= 1 << rnd.randrange(8)
        path.write_bytes(bytes(data))
        return f"flip bits in {path.relative_to(root)}"
    if kind in ("insert-odd", "insert-bytes"):
        path = rnd.choice(files)
        data = path.read_bytes()
        at = rnd.randrange(len(data) + 1)
        odd = rnd.choice(ODD_BYTES) if kind == "insert-bytes" else rnd.choice(ODD_TEXT).encode("utf-8")
        path.write_bytes(data[:at] + odd + data[at:])
        return f"insert {odd!r} at byte {at} of {path.relative_to(root)}"
    if kind == "truncate":
        path = rnd.choice(files)
        data = path.read_bytes()
        at = rnd.randrange(len(data) + 1)
        path.write_bytes(data[:at])
        return f"truncate {path.relative_to(root)} to {at} bytes"
    if kind == "front-key":
        path = rnd.choice(pages)
        key, value = rnd.choice(FRONT_KEYS), _odd_value(rnd)
        _set_front(path, key, value)
        return f"front matter {key}: {_yaml_scalar(value)[:80]!r} in {path.relative_to(root)}"
    if kind == "config-key":
        path = root / "site.yml"
        key, value = rnd.choice(CONFIG_KEYS), _odd_value(rnd)
        lines = [l for l in path.read_text(encoding="utf-8").split("\n") if not l.startswith(key + ":")]
        path.write_text("\n".join(lines) + f"\n{key}: {_yaml_scalar(value)}\n", encoding="utf-8")
        return f"site.yml {key}: {_yaml_scalar(value)[:80]!r}"
    if kind == "data-key":
        path = rnd.choice([p for p in yaml_files if "data" in p.parts] or yaml_files)
        value = _odd_value(rnd)
        key = rnd.choice(["name", "url", "contents", "date", "content", "important", "mail"])
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        if rnd.random() < 0.5:
            text += f"- {key}: {_yaml_scalar(value)}\n"
        else:
            text = text.replace(f"{key}:", f"{key}: {_yaml_scalar(value)}\n  _old:", 1)
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
        return f"data {path.relative_to(root)}: {key}: {_yaml_scalar(value)[:80]!r}"
    if kind == "deep":
        deep_kind, n = rnd.choice(DEEP_KINDS), rnd.choice([25, 101, 250, 1000, 3000])
        path = rnd.choice(pages + yaml_files)
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        snippet = _deep(deep_kind, n)
        if path.suffix == ".yml":
            text += f"\ndeep: {_deep('yaml-flow', n)}\n" if deep_kind != "yaml-block" else f"\ndeep:{snippet}"
        else:
            text += "\n" + snippet + "\n"
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
        return f"deep {deep_kind} x{n} in {path.relative_to(root)}"
    if kind == "snippet":
        extra = [root / "templates/page.html", root / "content/ja/_partials/note.md", root / "content/ja/_includes/note.md"]
        path = rnd.choice(pages + [p for p in extra if p.is_file()])
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        snippet = rnd.choice(SNIPPETS)
        at = rnd.randrange(len(text) + 1)
        path.write_bytes((text[:at] + snippet + text[at:]).encode("utf-8", "surrogateescape"))
        return f"insert {snippet!r} at {at} of {path.relative_to(root)}"
    if kind == "odd-name":
        lang = rnd.choice(["ja", "en", "fr", "_x"])
        folder = rnd.choice(["", "guide/", "faq/"])
        if rnd.random() < 0.15:
            name = os.fsdecode(b"bad\xff" + rnd.choice([b".md", b".png", b""]))
        else:
            name = rnd.choice(ODD_NAMES)
        target = root / "content" / lang / (folder + name)
        body = rnd.choice([f"---\ntitle: {rnd.choice(['x', 'テスト', ''])}\ncategory: zoom\n---\nbody [x](index.md)\n",
                           "no front matter\n", "", "---\n", "\x00\x01"])
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists() and target.is_dir():
                target = target / "index.md"
            target.write_bytes(body.encode("utf-8"))
        except OSError as exc:  # a name this file system refuses: nothing to build
            return f"odd name {target.relative_to(root)!s} (refused: {exc.strerror})"
        return f"odd name {os.fsencode(target.relative_to(root))!r}"
    if kind == "collide":
        source = rnd.choice(pages)
        rel = source.relative_to(root / "content")
        target = root / "content" / rnd.choice(["ja", "en"]) / rnd.choice(
            [str(rel.relative_to(rel.parts[0])), "sitemap.xml", "guide/steps.html", "guide/steps/index.md",
             "404.md", "search.md", "old.md", "faq/index.md"])
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir() or target == source:
            return f"collide {rel} with {'a folder' if target.is_dir() else 'itself'} (nothing done)"
        shutil.copyfile(source, target)
        return f"copy {rel} to {target.relative_to(root)}"
    if kind == "remove":
        path = rnd.choice(files)
        path.unlink()
        return f"remove {path.relative_to(root)}"
    path = root / "i18n" / rnd.choice(["en.yml", "ja.yml"])
    key = rnd.choice(["search", "faq_count", "fallback_notice", "redirect_body", "lang_ja", "nope"])
    value = rnd.choice(["{count", "{cnt} x", "{language.__class__}", "{0}", "}", "{{x}}", "{language!r}", "ok",
                        "{url}", "{source_language:>10}"])
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"{key}: {json.dumps(value)}\n")
    return f"i18n {path.name}: {key}: {value!r}"


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
    if seed % 4 == 0:
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
