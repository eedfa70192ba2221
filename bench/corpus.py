"""A deterministic corpus generator for benchmarks: N Japanese pages, about
60% translated into English, a quarter of them FAQ entries, with headings,
lists, tables, code, links between pages and an include.

``cross_language_links=True`` (``bench/run.py --cross-language-links``) also
gives every Japanese page that has an English version a source link to it
(``[English version](../../en/<section>/<page>.md)``), as bilingual sites
often do.  It is off by default so that figures stay comparable with earlier
runs: the default corpus is byte for byte what it was."""

from __future__ import annotations

import random
from pathlib import Path

CATEGORIES = ["zoom", "account", "utas-lms", "network", "exams", "support-desk"]

JA_WORDS = ["アカウント", "授業", "会議", "設定", "確認", "手順", "サインイン", "録画", "メール", "フォーム",
            "学生", "教職員", "サポート", "窓口", "問い合わせ", "ネットワーク", "接続", "パスワード"]
EN_WORDS = ["account", "class", "meeting", "settings", "check", "steps", "sign-in", "recording", "email", "form",
            "student", "faculty", "support", "desk", "inquiry", "network", "connection", "password"]


def _para(rng: random.Random, words: list[str], sep: str, n: int) -> str:
    return sep.join(rng.choice(words) for _ in range(n)) + ("。" if sep == "" else ".")


def write_corpus(root: Path, pages: int, seed: int = 1, cross_language_links: bool = False) -> Path:
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    cats = "\n".join(f"    - key: {c}\n      label: {{ja: {c}, en: {c}}}" for c in CATEGORIES)
    (root / "site.yml").write_text(
        f"title: {{ja: ベンチマーク, en: Benchmark}}\nbase_url: https://example.org/\nfaq:\n  categories:\n{cats}\n",
        encoding="utf-8")
    for lang in ("ja", "en"):
        (root / f"content/{lang}/_partials").mkdir(parents=True, exist_ok=True)
        (root / f"content/{lang}/_partials/note.md").write_text("::: note\n{{ page.title }}\n:::\n", encoding="utf-8")
        (root / f"content/{lang}/index.md").write_text(f"---\ntitle: {lang} home\n---\nHome\n", encoding="utf-8")
    for i in range(pages):
        faq = i % 4 == 0
        section = "faq" if faq else f"section{i % 20}"
        name = f"page{i:05d}"
        for lang, words, sep in (("ja", JA_WORDS, ""), ("en", EN_WORDS, " ")):
            if lang == "en" and rng.random() > 0.6:
                continue
            front = f"---\ntitle: {lang} {name}\n"
            if faq:
                front += f"category: {CATEGORIES[i % len(CATEGORIES)]}\norder: {i}\n"
            front += "---\n"
            other = f"page{(i * 7 + 3) % pages:05d}"
            other_section = "faq" if ((i * 7 + 3) % pages) % 4 == 0 else f"section{((i * 7 + 3) % pages) % 20}"
            body = [
                '{% include "_partials/note.md" %}',
                "",
                f"## {_para(rng, words, sep, 3)}",
                "",
                _para(rng, words, sep, 40),
                "",
                f"- [{_para(rng, words, sep, 2)}](../{other_section}/{other}.md)",
                f"- **{_para(rng, words, sep, 2)}** {_para(rng, words, sep, 8)}",
                "",
                "| a | b |\n| --- | --- |\n| 1 | 2 |",
                "",
                "```python\nprint('hello')\n```",
                "",
                f"### {_para(rng, words, sep, 2)} {{#h-{i}}}",
                "",
                _para(rng, words, sep, 30),
            ]
            path = root / f"content/{lang}/{section}/{name}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(front + "\n".join(body) + "\n", encoding="utf-8")
            if lang == "en" and cross_language_links:
                # appended once the English version exists, so the random sequence is unchanged
                ja = root / f"content/ja/{section}/{name}.md"
                with ja.open("a", encoding="utf-8") as handle:
                    handle.write(f"\n[English version](../../en/{section}/{name}.md)\n")
    return root
