"""Deterministic corpora for benchmarks.

:func:`write_corpus` (the default of ``bench/run.py``) writes a bilingual
support site that looks like a real one: N Japanese pages of 600 to 1,200
words, about 70% of them translated into English (so about 30% of the
English site is fallback pages), a quarter of them FAQ entries in six
categories.  Bodies have headings (some with kramdown ids), paragraphs with
bold, inline code and links, bullet lists (some nested), numbered steps,
a table, a fenced code block, links to other pages as source links
(``../section3/page00012.md``), links from a Japanese page to its English
version (``../../en/section3/page00012.md``) and back, external links, and
in one page in eight a ``::: note`` admonition or an include of a partial
(``{% include "_partials/note.md" %}``).  The site has a navigation per
language (``data/nav.<lang>.yml``) and notices, as a real site has.

:func:`write_legacy_corpus` is the small corpus earlier figures were
measured on (about 100 words a page, every page with an include).
"""

from __future__ import annotations

import random
from pathlib import Path

CATEGORIES = ["zoom", "account", "utas-lms", "network", "exams", "support-desk"]
SECTIONS = 20

JA_WORDS = ["アカウント", "授業", "会議", "設定", "確認", "手順", "サインイン", "録画", "メール", "フォーム",
            "学生", "教職員", "サポート", "窓口", "問い合わせ", "ネットワーク", "接続", "パスワード",
            "大学", "利用", "方法", "画面", "表示", "選択", "ボタン", "クリック", "入力", "登録", "申請",
            "期限", "資料", "共有", "参加", "招待", "主催者", "ブラウザ", "アプリ", "端末", "更新", "注意"]
EN_WORDS = ["account", "class", "meeting", "settings", "check", "steps", "sign-in", "recording", "email", "form",
            "student", "faculty", "support", "desk", "inquiry", "network", "connection", "password",
            "the", "a", "to", "of", "and", "your", "in", "on", "for", "with", "is", "can", "you", "this",
            "university", "use", "screen", "select", "button", "click", "enter", "register", "apply", "deadline"]
JA_PARTICLES = ["を", "に", "は", "が", "で", "の", "と", "から", "まで", "へ"]
LANGS = {"ja": (JA_WORDS, ""), "en": (EN_WORDS, " ")}
CODE = {
    "bash": "$ sudo apt install zoom\n$ zoom --version\n5.17.11",
    "python": "import requests\n\nresponse = requests.get(\"https://example.org/api/status\")\nprint(response.json())",
    "text": "ssid: UTokyo-WiFi\nsecurity: WPA2-Enterprise\neap: PEAP\nphase2: MSCHAPv2",
}


class _Writer:
    """Sentences and blocks in one language; counts the words written."""

    def __init__(self, rng: random.Random, lang: str):
        self.rng = rng
        self.lang = lang
        self.words, self.sep = LANGS[lang]
        self.count = 0

    def phrase(self, n: int) -> str:
        self.count += n
        picks = [self.rng.choice(self.words) for _ in range(n)]
        if self.lang == "ja":
            return "".join(w + (self.rng.choice(JA_PARTICLES) if i % 2 else "") for i, w in enumerate(picks))
        return " ".join(picks)

    def sentence(self, n: int) -> str:
        text = self.phrase(n)
        return text + "。" if self.lang == "ja" else text[:1].upper() + text[1:] + "."

    def paragraph(self, links: list[str]) -> str:
        parts = []
        for _ in range(self.rng.randint(2, 5)):
            sentence = self.sentence(self.rng.randint(8, 18))
            roll = self.rng.random()
            if roll < 0.2 and links:
                sentence = f"[{self.phrase(2)}]({self.rng.choice(links)}){self.sep}" + sentence
            elif roll < 0.35:
                sentence = f"**{self.phrase(2)}**{self.sep}" + sentence
            elif roll < 0.45:
                sentence = f"`{self.rng.choice(['Ctrl+C', 'zoom.us', 'UTokyo-WiFi', 'settings.json'])}`{self.sep}" \
                           + sentence
            elif roll < 0.5:
                sentence += f"{self.sep}[{self.phrase(1)}](https://www.example.com/{self.rng.randint(1, 99)}/)"
            parts.append(sentence)
        return self.sep.join(parts)

    def bullets(self, links: list[str]) -> str:
        lines = []
        for _ in range(self.rng.randint(3, 6)):
            item = self.sentence(self.rng.randint(4, 10))
            if links and self.rng.random() < 0.3:
                item = f"[{self.phrase(2)}]({self.rng.choice(links)}): " + item
            lines.append("- " + item)
            if self.rng.random() < 0.25:
                lines.extend("  - " + self.sentence(self.rng.randint(3, 7)) for _ in range(2))
        return "\n".join(lines)

    def steps(self) -> str:
        return "\n".join(f"{i}. " + self.sentence(self.rng.randint(5, 12)) for i in range(1, self.rng.randint(4, 7)))

    def table(self) -> str:
        rows = [f"| {self.phrase(1)} | {self.phrase(2)} | {self.phrase(3)} |" for _ in range(self.rng.randint(3, 6))]
        return "\n".join([f"| {self.phrase(1)} | {self.phrase(1)} | {self.phrase(1)} |", "| --- | --- | --- |", *rows])

    def code(self) -> str:
        lang = self.rng.choice(sorted(CODE))
        return f"```{lang}\n{CODE[lang]}\n```"


def _page_body(rng: random.Random, lang: str, index: int, links: list[str], counterpart: str | None,
               target_words: int) -> str:
    w = _Writer(rng, lang)
    blocks: list[str] = []
    if index % 8 == 3:
        blocks.append('{% include "_partials/note.md" %}')
    if counterpart:
        blocks.append(f"[{'English version' if lang == 'ja' else '日本語版'}]({counterpart})")
    blocks.append(w.paragraph(links))
    section = 0
    while w.count < target_words:
        section += 1
        heading = w.phrase(rng.randint(2, 4))
        blocks.append(f"## {heading}" + (f" {{#s{section}}}" if section % 2 else ""))
        blocks.append(w.paragraph(links))
        kinds = ["bullets", "steps", "para", "table", "code", "sub"]
        for kind in rng.sample(kinds, 3):
            if kind == "bullets":
                blocks.append(w.bullets(links))
            elif kind == "steps":
                blocks.append(w.steps())
            elif kind == "para":
                blocks.append(w.paragraph(links))
            elif kind == "table":
                blocks.append(w.table())
            elif kind == "code":
                blocks.append(w.code())
            else:
                blocks.append(f"### {w.phrase(2)}")
                blocks.append(w.paragraph(links))
        if index % 8 == 5 and section == 2:
            blocks.append(f"::: note\n{w.sentence(10)}\n:::")
    return "\n\n".join(blocks) + "\n"


def _where(i: int) -> tuple[str, str]:
    return ("faq" if i % 4 == 0 else f"section{i % SECTIONS}"), f"page{i:05d}"


def write_corpus(root: Path, pages: int, seed: int = 1, translated: float = 0.7) -> Path:
    """A bilingual support site of ``pages`` Japanese pages (see the module)."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    cats = "\n".join(f"    - key: {c}\n      label: {{ja: {c}, en: {c}}}" for c in CATEGORIES)
    (root / "site.yml").write_text(
        f"title: {{ja: ベンチマーク, en: Benchmark}}\nbase_url: https://example.org/\nfaq:\n  categories:\n{cats}\n",
        encoding="utf-8")
    english = {i for i in range(pages) if rng.random() < translated}
    (root / "data").mkdir(exist_ok=True)
    for lang in ("ja", "en"):
        content = root / "content" / lang
        (content / "_partials").mkdir(parents=True, exist_ok=True)
        (content / "_partials/note.md").write_text("::: note\n{{ page.title }}\n:::\n", encoding="utf-8")
        (content / "index.md").write_text(f"---\ntitle: {lang} home\nlayout: home\n---\nHome\n", encoding="utf-8")
        (content / "faq").mkdir(exist_ok=True)
        (content / "faq/index.md").write_text(f"---\ntitle: FAQ ({lang})\n---\n", encoding="utf-8")
        prefix = "" if lang == "ja" else "/en"
        nav = ["- name: " + ("ホーム" if lang == "ja" else "Home"), f"  url: {prefix}/"]
        for s in range(SECTIONS):
            entries = [f"    - name: page {i}\n      url: {prefix}/section{s}/page{i:05d}/"
                       for i in range(s, min(pages, s + 5 * SECTIONS), SECTIONS) if i % 4]
            nav += [f"- name: section {s}", f"  url: {prefix}/section{s}/"]
            nav += ["  contents:", *entries] if entries else []
        nav += ["- name: FAQ", f"  url: {prefix}/faq/"]
        (root / f"data/nav.{lang}.yml").write_text("\n".join(nav) + "\n", encoding="utf-8")
        for s in range(SECTIONS):
            (content / f"section{s}").mkdir(exist_ok=True)
            (content / f"section{s}/index.md").write_text(f"---\ntitle: section {s} ({lang})\n---\n",
                                                          encoding="utf-8")
    (root / "data/notices.yml").write_text(
        "- date: 2026-04-01\n  important: true\n  content:\n    ja: 新年度の[サポート窓口](/faq/)を開設しました。\n"
        "    en: The new [support desk](/en/faq/) is open.\n"
        "- date: 2026-03-25\n  content: Zoom の案内を更新しました。\n", encoding="utf-8")
    for i in range(pages):
        section, name = _where(i)
        targets = [_where((i * 7 + 3 + k * 13) % pages) for k in range(4)]
        for lang in ("ja", "en"):
            if lang == "en" and i not in english:
                continue
            links = [f"../{s}/{n}.md" if s != section else f"{n}.md" for s, n in targets]
            if lang == "en":  # an English page links only pages that exist in English, or the Japanese original
                links = [link if (i * 7 + 3 + k * 13) % pages in english else f"../../ja/{s}/{n}.md"
                         for k, (link, (s, n)) in enumerate(zip(links, targets))]
            counterpart = None
            if i in english:
                counterpart = f"../../{'en' if lang == 'ja' else 'ja'}/{section}/{name}.md"
            front = f"---\ntitle: {lang} {name} {_Writer(rng, lang).phrase(3)}\n"
            if section == "faq":
                front += f"category: {CATEGORIES[i % len(CATEGORIES)]}\norder: {i}\n"
            else:
                front += f"description: {_Writer(rng, lang).phrase(6)}\n"
            front += "---\n"
            body = _page_body(rng, lang, i, links, counterpart, rng.randint(600, 1200))
            path = root / f"content/{lang}/{section}/{name}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(front + body, encoding="utf-8")
    return root


def write_legacy_corpus(root: Path, pages: int, seed: int = 1) -> Path:
    """The small corpus of earlier figures: N Japanese pages of about 100
    words, 60% translated, every page with an include."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    cats = "\n".join(f"    - key: {c}\n      label: {{ja: {c}, en: {c}}}" for c in CATEGORIES)
    (root / "site.yml").write_text(
        f"title: {{ja: ベンチマーク, en: Benchmark}}\nbase_url: https://example.org/\nfaq:\n  categories:\n{cats}\n",
        encoding="utf-8")
    words_of = {"ja": (JA_WORDS[:18], ""), "en": (EN_WORDS[:18], " ")}

    def para(words, sep, n):
        return sep.join(rng.choice(words) for _ in range(n)) + ("。" if sep == "" else ".")

    for lang in ("ja", "en"):
        (root / f"content/{lang}/_partials").mkdir(parents=True, exist_ok=True)
        (root / f"content/{lang}/_partials/note.md").write_text("::: note\n{{ page.title }}\n:::\n", encoding="utf-8")
        (root / f"content/{lang}/index.md").write_text(f"---\ntitle: {lang} home\n---\nHome\n", encoding="utf-8")
    for i in range(pages):
        faq = i % 4 == 0
        section = "faq" if faq else f"section{i % 20}"
        name = f"page{i:05d}"
        for lang in ("ja", "en"):
            words, sep = words_of[lang]
            if lang == "en" and rng.random() > 0.6:
                continue
            front = f"---\ntitle: {lang} {name}\n"
            if faq:
                front += f"category: {CATEGORIES[i % len(CATEGORIES)]}\norder: {i}\n"
            front += "---\n"
            other = f"page{(i * 7 + 3) % pages:05d}"
            other_section = "faq" if ((i * 7 + 3) % pages) % 4 == 0 else f"section{((i * 7 + 3) % pages) % 20}"
            body = [
                '{% include "_partials/note.md" %}', "",
                f"## {para(words, sep, 3)}", "",
                para(words, sep, 40), "",
                f"- [{para(words, sep, 2)}](../{other_section}/{other}.md)",
                f"- **{para(words, sep, 2)}** {para(words, sep, 8)}", "",
                "| a | b |\n| --- | --- |\n| 1 | 2 |", "",
                "```python\nprint('hello')\n```", "",
                f"### {para(words, sep, 2)} {{#h-{i}}}", "",
                para(words, sep, 30),
            ]
            path = root / f"content/{lang}/{section}/{name}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(front + "\n".join(body) + "\n", encoding="utf-8")
    return root
