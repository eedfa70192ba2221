"""``sitegen faq split PAGE``: a one-page FAQ (``## category`` sections with
``### Q. question`` headings, optionally grouped under ``### group``
headings with ``#### Q.`` questions) becomes FAQ entry files, for sites that
want sitegen's FAQ index (categories, filter, entry pages, JSON-LD).

The page and its counterparts in the other languages (``content/<lang>/faq/index.md``)
are split together; questions are paired across languages by their shared
words (product names, numbers, error codes) and, between two pairs, by
position when both languages have the same number of questions there.  A
pair gets one file name in both languages (so ``/faq/#name`` anchors match):
an explicit heading id (``### Q. ... {#name}``), else a slug of the English
question, else of the category and its position.  Unpaired questions are
entries of their own language only (the FAQ index shows them in the other
language with a badge).  Each entry keeps its answer's text as written; the
page keeps its front matter and the text before the first category, as the
index's introduction; ``faq.categories`` is added to site.yml.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..config import load_config
from ..errors import BuildError
from ..faq import QUESTION as _QUESTION
from ..matter import split_front_matter

_HEADING = re.compile(r"^(#{2,4})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_EXPLICIT_ID = re.compile(r"\s*\{:?\s*#([\w-]+)\s*\}\s*$")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*[A-Za-z0-9]|[A-Za-z]|\d{2,}")


class SplitProblem(Exception):
    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass
class Question:
    title: str
    explicit_id: str | None
    group: str | None
    lines: list[str] = field(default_factory=list)
    name: str = ""

    @property
    def words(self) -> set[str]:
        return {w.lower() for w in _WORD.findall(self.title)}


@dataclass
class Category:
    label: str
    explicit_id: str | None
    questions: list[Question] = field(default_factory=list)
    key: str = ""


@dataclass
class FaqPage:
    lang: str
    path: Path
    front_text: str  # the front matter block, byte for byte (with its --- lines)
    intro: str
    categories: list[Category]


@dataclass
class SplitResult:
    written: list[str]
    categories: list[str]
    unpaired: list[str]
    anchors: list[tuple[str, str, str]]  # (lang, old heading text, new anchor)

    def summary(self) -> str:
        lines = [f"sitegen: wrote {len(self.written)} FAQ entries in {len(self.categories)} categories "
                 f"({', '.join(self.categories)}) and faq.categories in site.yml"]
        for item in self.unpaired:
            lines.append(f"  note: only in one language: {item}")
        if self.anchors:
            lines.append("  links to questions now use the entry's name: /faq/#<name> (the FAQ index) or "
                         "/faq/<name>/ (its page); check links to the old heading anchors")
        return "\n".join(lines)


def split_faq(root: Path, page: Path) -> SplitResult:
    try:
        config = load_config(root)
    except BuildError as exc:
        raise SplitProblem(f"site.yml: {exc.diagnostics[0].message}", "fix site.yml first") from None
    page = page if page.is_absolute() else (Path.cwd() / page)
    content = config.content_dir.resolve()
    try:
        rel = page.resolve().relative_to(content).as_posix()
    except ValueError:
        raise SplitProblem(f"`{page}` is not a page of the site in {root}",
                           "pass the FAQ page, such as content/ja/faq/index.md (and --source DIR for the site)") \
            from None
    lang, _, inner = rel.partition("/")
    if lang not in config.language_codes or inner not in ("faq/index.md", "faq/index.markdown"):
        raise SplitProblem(f"`{rel}` is not an FAQ page", "pass content/<lang>/faq/index.md")
    site_yml = config.root / "site.yml"
    site_text = site_yml.read_text(encoding="utf-8") if site_yml.exists() else ""
    if config.faq_categories or re.search(r"^faq\s*:", site_text, re.M):
        raise SplitProblem("site.yml already has an `faq:` section",
                           "split a one-page FAQ on a site without FAQ entries, or remove `faq:` from site.yml first")
    pages = []
    for code in [lang] + [c for c in config.language_codes if c != lang]:
        path = content / code / inner
        if path.is_file() and not path.is_symlink():
            pages.append(read_page(code, path))
    main = pages[0]
    if not any(c.questions for c in main.categories):
        raise SplitProblem(f"`{rel}` has no `## category` sections with `### Q. question` headings",
                           "write each question as a `### Q. ...` heading under a `## category` heading")
    english = next((p for p in pages if p.lang == "en"), None)
    pairs = {p.lang: align(main.categories, p.categories, lambda c: _words(c.label)) for p in pages[1:]}
    _name_categories(main, pages[1:], pairs, english)
    unpaired: list[str] = []
    _name_questions(main, pages[1:], pairs, english, unpaired)

    written = []
    faq_dir_of = {p.lang: content / p.lang / "faq" for p in pages}
    for p in pages:
        for category in p.categories:
            for question in category.questions:
                target = faq_dir_of[p.lang] / f"{question.name}.md"
                if target.exists():
                    raise SplitProblem(f"`{target.relative_to(config.root)}` exists already",
                                       "move it away or give the question an explicit id (`{#name}`)")
    for p in pages:
        order = 0
        for category in p.categories:
            for question in category.questions:
                order += 1
                front = {"title": question.title, "category": category.key, "order": order}
                if question.group:
                    front["tags"] = [question.group]
                body = "\n".join(question.lines).strip("\n") + "\n"
                text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n" + body
                target = faq_dir_of[p.lang] / f"{question.name}.md"
                target.write_text(text, encoding="utf-8")
                written.append(target.relative_to(config.root).as_posix())
        p.path.write_text(p.front_text + p.intro.rstrip("\n") + "\n", encoding="utf-8")
    site_yml.write_text(site_text + ("\n" if site_text and not site_text.endswith("\n") else "")
                        + _categories_block(main, pages[1:]), encoding="utf-8")
    anchors = [(p.lang, q.title, q.name) for p in pages for c in p.categories for q in c.questions]
    return SplitResult(written, [c.key for c in main.categories if c.questions], unpaired, anchors)


# -- reading ------------------------------------------------------------------------------

def read_page(lang: str, path: Path) -> FaqPage:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    yaml_text, body, body_line = split_front_matter(text)
    lines = text.split("\n")
    front_text = "\n".join(lines[:body_line]) + ("\n" if body_line else "")
    intro: list[str] = []
    categories: list[Category] = []
    current: Question | None = None
    group: str | None = None
    in_code = in_comment = in_html_comment = False
    for line in body.split("\n"):
        match = None
        if not (in_code or in_comment or in_html_comment):
            match = _HEADING.match(line)
        stripped = line.strip()
        if _FENCE.match(line):
            in_code = not in_code
        if re.search(r"\{%-?\s*comment\s*-?%\}", line):
            in_comment = "endcomment" not in line
        elif "endcomment" in line:
            in_comment = False
        if "<!--" in line and "-->" not in line.split("<!--", 1)[1]:
            in_html_comment = True
        elif "-->" in line:
            in_html_comment = False
        if match and len(match.group(1)) == 2:
            label, ident = _split_id(match.group(2))
            categories.append(Category(label, ident))
            current, group = None, None
            continue
        if match and categories:
            title, ident = _split_id(match.group(2))
            if _QUESTION.match(title):
                current = Question(_QUESTION.sub("", title, count=1).strip(), ident,
                                   group if len(match.group(1)) == 4 else None)
                categories[-1].questions.append(current)
                continue
            if len(match.group(1)) == 3:
                group, current = title, None
                continue
        if current is not None:
            current.lines.append(line)
        elif not categories:
            intro.append(line)
        elif stripped:
            # text between a category (or group) heading and its first question: keep it with the intro
            intro.append(line)
    return FaqPage(lang, path, front_text, "\n".join(intro), categories)


def _split_id(text: str) -> tuple[str, str | None]:
    match = _EXPLICIT_ID.search(text)
    if match:
        return text[: match.start()].strip(), match.group(1)
    return text.strip(), None


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


# -- pairing ------------------------------------------------------------------------------

def align(left: list, right: list, words) -> dict[int, int]:
    """Index pairs (left -> right) in order: items sharing words are anchors
    (the best order-keeping set, by dynamic programming); between two anchors,
    gaps of equal length pair by position."""
    n, m = len(left), len(right)
    lw = [words(x) for x in left]
    rw = [words(x) for x in right]

    def score(i, j):
        a, b = lw[i], rw[j]
        if not a or not b:
            return 0.0
        shared = len(a & b) / len(a | b)
        return shared if shared >= 0.25 else 0.0

    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            s = score(i, j)
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + s if s else 0.0)
    anchors = []
    i = j = 0
    while i < n and j < m:
        s = score(i, j)
        if s and best[i][j] == best[i + 1][j + 1] + s:
            anchors.append((i, j))
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    pairs = dict(anchors)
    bounds = [(-1, -1)] + anchors + [(n, m)]
    for (a0, b0), (a1, b1) in zip(bounds, bounds[1:]):
        if a1 - a0 == b1 - b0:
            for k in range(1, a1 - a0):
                pairs[a0 + k] = b0 + k
    return pairs


_STOP = {"questions", "question", "regarding", "about", "in", "the", "a", "an", "of", "for", "and", "to", "on",
         "formerly", "faq"}


def _slug(text: str, limit: int = 6, drop_stop_words: bool = False) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    words = re.findall(r"[a-z0-9]+", text)
    if drop_stop_words:
        words = [w for w in words if w not in _STOP] or words
    return "-".join(words[:limit])


def _name_categories(main: FaqPage, others: list[FaqPage], pairs: dict, english: FaqPage | None) -> None:
    used: set[str] = set()
    for index, category in enumerate(main.categories):
        key = category.explicit_id
        if not key and english is not None:
            other = category if english is main else _paired(english, pairs, index, main.categories)
            key = _slug(other.label, 3, True) if other is not None else ""
        key = key or _slug(category.label, 3, True) or f"category-{index + 1}"
        key = _unique(key, used)
        category.key = key
        for page in others:
            j = pairs[page.lang].get(index)
            if j is not None:
                page.categories[j].key = key
    for page in others:
        for j, category in enumerate(page.categories):
            if not category.key:
                category.key = _unique(category.explicit_id or _slug(category.label, 4) or f"{page.lang}-{j + 1}", used)


def _paired(page: FaqPage, pairs: dict, index: int, main_categories) -> Category | None:
    j = pairs[page.lang].get(index)
    return page.categories[j] if j is not None else None


def _name_questions(main: FaqPage, others: list[FaqPage], pairs: dict, english: FaqPage | None,
                    unpaired: list[str]) -> None:
    used = {c.key for page in [main] + others for c in page.categories}
    for ci, category in enumerate(main.categories):
        partners = {}
        for page in others:
            cj = pairs[page.lang].get(ci)
            if cj is not None:
                partners[page.lang] = (page.categories[cj],
                                       align(category.questions, page.categories[cj].questions, lambda q: q.words))
        for qi, question in enumerate(category.questions):
            versions = {main.lang: question}
            for lang, (other_cat, qpairs) in partners.items():
                qj = qpairs.get(qi)
                if qj is not None:
                    versions[lang] = other_cat.questions[qj]
            explicit = next((q.explicit_id for q in versions.values() if q.explicit_id), None)
            english_q = versions.get("en")
            name = explicit or (_slug(english_q.title) if english_q is not None else "") \
                or f"{category.key}-{qi + 1}"
            name = _unique(name, used)
            for q in versions.values():
                q.name = name
            if len(versions) < 1 + len(others):
                unpaired.append(f"{main.lang}: {question.title} -> {name}")
    for page in others:
        for cj, category in enumerate(page.categories):
            for qj, question in enumerate(category.questions):
                if not question.name:
                    base = question.explicit_id or (_slug(question.title) if page.lang == "en" else "") \
                        or f"{category.key}-{page.lang}-{qj + 1}"
                    question.name = _unique(base, used)
                    unpaired.append(f"{page.lang}: {question.title} -> {question.name}")


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 2
    while candidate in used:
        candidate, n = f"{name}-{n}", n + 1
    used.add(candidate)
    return candidate


# -- site.yml -------------------------------------------------------------------------------

def _categories_block(main: FaqPage, others: list[FaqPage]) -> str:
    categories = []
    seen = set()
    for page in [main] + others:
        for category in page.categories:
            if not category.questions or category.key in seen:
                continue
            seen.add(category.key)
            labels = {}
            for p in [main] + others:
                match = next((c for c in p.categories if c.key == category.key), None)
                if match is not None:
                    labels[p.lang] = match.label
            categories.append({"key": category.key, "label": labels})
    return "# FAQ categories written by `sitegen faq split`\n" + \
        yaml.safe_dump({"faq": {"categories": categories}}, allow_unicode=True, sort_keys=False, width=1000)
