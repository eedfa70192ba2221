"""YAML read by libyaml (the fast path of ``load_yaml``) gives exactly what
the line-keeping loader gives: the same values, types and lines, and for
bad input the same error at the same line in the same words."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from site_files import billion_laughs

from sitegen import yamlfile
from sitegen.yamlfile import LineDict, LineList, YamlProblem, load_yaml

pytestmark = pytest.mark.skipif(yamlfile._FastLoader is None, reason="PyYAML without libyaml: no fast path")

ROOT = Path(__file__).resolve().parents[2]


def shape(value):
    """A value with its types and every line it remembers, for exact comparison."""
    if isinstance(value, LineDict):
        return ("mapping", value.line, [(shape(k), value.key_lines.get(k), shape(v)) for k, v in value.items()])
    if isinstance(value, LineList):
        return ("list", value.line, list(value.item_lines), [shape(v) for v in value])
    if isinstance(value, float) and value != value:
        return ("nan",)
    return (type(value).__name__, repr(value))


def outcome(load, text: str, line_base: int = 3):
    try:
        return "value", shape(load(text, line_base))
    except YamlProblem as exc:
        return "error", exc.line, exc.message


def line_keeping(text: str, line_base: int = 0):
    return yamlfile._load_line_keeping(text, line_base)


CASES = {
    "plain": "title: はじめに\nlayout: page\norder: 3\n",
    "nested": "a:\n  b:\n    - x\n    - {c: 1, d: [2, 3]}\n  e: ~\n",
    "flow": "tags: [zoom, 'q''s', \"dq\"]\nmap: {a: 1, b: [x, y], }\n",
    "scalars": "i: 0x1F\nf: 1.5e3\ninf: -.inf\nnan: .NaN\nb: yes\nn: null\ns: '1'\nu: 1_000\no: 0o17\n",
    "block scalars": "lit: |\n  one\n   two\n\nfold: >-\n  a\n  b\n\n  c\nkeep: |+\n  x\n\n",
    "multi-line plain and quoted": "a: one\n  two\nb: 'x\n\n  y'\nc: \"e\\\n  f \\u00e9\"\n",
    "comments and markers": "---\n# c\na: 1 # trailing\n...\n",
    "dates": "d: 2026-04-01\nt: 2026-04-01 10:00:00\nz: 2026-04-01T10:00:00+09:00\n",
    "merge without alias": "a:\n  <<: {x: 1, y: 2}\n  y: 3\n",
    "complex key": "? a\n: b\n",
    "empty": "",
    "only a comment": "# nothing\n",
    "a list document": "- a\n- b\n",
    "a scalar document": "just text\n",
    "wide characters": "t: \u3000全角\u00a0x 😀\n",
    # errors: the line-keeping loader's words and lines
    "duplicate key": "title: a\nlayout: page\ntitle: b\n",
    "duplicate key in a nested mapping": "a:\n  b: 1\n  b: 2\n",
    "invalid date": "updated: 2026-13-45\n",
    "too long a number": "n: " + "9" * 5000 + "\n",
    "unclosed flow": "a: [1, 2\nb: 3\n",
    "mapping in a plain value": "a: b: c\n",
    "bad character": "a: @x\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "unknown tag": "a: !custom x\n",
    "known tag": "a: !!str 12\n",
    "tab after a value": "a:\tb\n",
    "tab before a value": "a: b\t\n",
    "tab indentation": "a:\n\t- b\n",
    "control character": "title: a\x1bb\n",
    "NUL": "a: \x00\n",
    "byte-order mark": "\ufeffa: 1\n",
    "carriage returns": "a: 1\r\nb: 2\r\n",
    "unicode line separator": "a: x\u2028y\n",
    "next line": "a: x\x85y\n",
    "lone surrogate": "a: \ud800\n",
    "directive": "%YAML 1.1\n---\na: 1\n",
    "anchor and alias": "d: &d {a: 1}\ne: *d\nf:\n  <<: *d\n  b: 2\n",
    "alias of its own anchor": "a: 1\nb: &x\n  - 1\n  - *x\n",
    "undefined alias": "a: *nope\n",
    "billion laughs": billion_laughs(),
    "nested 100 deep (flow)": "a: " + "[" * 99 + "]" * 99 + "\n",
    "nested 101 deep (flow)": "a: " + "[" * 100 + "]" * 100 + "\n",
    "nested 2,000 deep (flow)": "a: " + "[" * 2000 + "]" * 2000 + "\n",
    "nested 100 deep (block)": "".join(" " * i + f"k{i}:\n" for i in range(99)) + " " * 99 + "k: v\n",
    "nested 101 deep (block)": "".join(" " * i + f"k{i}:\n" for i in range(100)) + " " * 100 + "k: v\n",
    "many dashes, shallow": "".join(f"d{i}: 2026-04-{1 + i % 28:02d}\n" for i in range(80)),
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_the_fast_path_gives_what_the_line_keeping_loader_gives(text):
    assert outcome(load_yaml, text) == outcome(line_keeping, text)


def test_plain_front_matter_is_read_by_libyaml(monkeypatch):
    def refuse(text, line_base):
        raise AssertionError("read by the line-keeping loader")
    monkeypatch.setattr(yamlfile, "_load_line_keeping", refuse)
    for name in ("plain", "nested", "flow", "scalars", "block scalars", "dates", "wide characters"):
        assert isinstance(load_yaml(CASES[name], 2), LineDict)


@pytest.mark.parametrize("name", ["anchor and alias", "tab after a value", "control character", "known tag",
                                  "carriage returns", "directive", "unicode line separator", "byte-order mark"])
def test_what_libyaml_may_read_differently_goes_to_the_line_keeping_loader(name, monkeypatch):
    monkeypatch.setattr(yamlfile, "_load_fast", lambda text, line_base: pytest.fail("read by libyaml"))
    outcome(load_yaml, CASES[name])


@pytest.mark.parametrize(("name", "line", "words"), [
    ("duplicate key", 3 + 3, "duplicate key `title` (first written on line 4; remove one of them)"),
    ("invalid date", 1 + 3, "`2026-13-45` is not a valid date"),
    ("too long a number", 1 + 3, "a number of 5000 digits is too long; quote it to keep it as text"),
    ("tab after a value", 1 + 3, "invalid YAML"),
    ("control character", 1 + 3, "an escape character (ESC) is not allowed in YAML"),
    ("nested 101 deep (flow)", 1 + 3, "lists or mappings nested more than 100 deep"),
    ("nested 2,000 deep (flow)", 1 + 3, "lists or mappings nested more than 100 deep"),
    ("nested 101 deep (block)", 101 + 3, "lists or mappings nested more than 100 deep"),
    ("billion laughs", 6 + 3, "the aliases expand to more than 100,000 values"),
])
def test_errors_keep_their_file_line_and_words(name, line, words):
    kind, got_line, message = outcome(load_yaml, CASES[name])
    assert (kind, got_line) == ("error", line)
    assert words in message


def generated(rng: random.Random, depth: int = 0, indent: int = 0) -> str:
    """A random block mapping built from pieces of real and broken YAML."""
    scalars = ["a", "b c", "日本語", "'q'", "'it''s'", '"e \\u00e9"', "1", "-2", "0x1F", "1.5", ".inf", "~", "yes", "No",
               "2026-04-01", "2026-02-30", "2026-04-01 10:00:00", "9" * 400, "x # c", "x#y", "a: b", "[a, b]", "{a: 1}",
               "[a, [b, {c: d}]]", "[]", "{}", "''", "- x", "? x", ": x", "[a, b", "{a", "'open", "|\n  lit\n  x\n",
               ">\n  fold\n\n  p\n", "|-\n  x\n", "plain\n  more", "'multi\n  line'", "@x", "x: y: z", "<< : {m: 1}",
               "\u3000", "Q&A", "hi!", "x\t", "*x", "!!int 3"]
    keys = ["title", "a", "b", "日本", "'quoted key'", "1", "2026-04-01", "<<", "x.y", "-k", "[k]", "null"]
    lines = []
    for _ in range(rng.randint(1, 5)):
        roll = rng.random()
        if depth > 3 or roll < 0.6:
            value = " " + rng.choice(scalars).replace("\n", "\n" + " " * (indent + 2))
        elif roll < 0.8:
            value = "".join("\n" + " " * (indent + rng.choice((0, 2))) + "- " + rng.choice(scalars).split("\n")[0]
                            for _ in range(rng.randint(1, 3)))
        else:
            value = "\n" + generated(rng, depth + 1, indent + 2).rstrip("\n")
        lines.append(" " * indent + rng.choice(keys) + ":" + value)
        if rng.random() < 0.1:
            lines.append(rng.choice(["", "# comment", "  ", "---", "..."]))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", range(4))
def test_generated_documents_read_alike(seed):
    rng = random.Random(seed)
    read_fast = 0
    for _ in range(1500):
        text = generated(rng)
        assert outcome(load_yaml, text) == outcome(line_keeping, text), text
        read_fast += yamlfile._load_fast(text, 0) is not yamlfile._SLOW and not yamlfile._NOT_FAST.search(text)
    assert read_fast > 100  # the fast path was really exercised


def test_the_repositorys_yaml_and_front_matter_read_alike():
    files = [p for p in ROOT.glob("**/*.y*ml") if ".venv" not in p.parts and "node_modules" not in p.parts]
    files += sorted((ROOT / "tests" / "fixtures").rglob("*.md")) + sorted((ROOT / "content").rglob("*.md"))
    checked = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            if not text.startswith("---\n") or "\n---\n" not in text[3:]:
                continue
            text = text[4:text.index("\n---\n", 3)]
        assert outcome(load_yaml, text) == outcome(line_keeping, text), path
        checked += 1
    assert checked > 20
