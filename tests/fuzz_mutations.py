"""The mutations of the fuzz test (``tests/fuzz_site.py``): one call of
:func:`mutate` makes one mistake in a copy of the fixture site, drawn from a
``random.Random`` so a seed always makes the same one."""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

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
