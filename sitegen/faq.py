"""FAQ: one question per file under ``content/<lang>/faq/``.

The title is the question, the body the answer; ``category`` (a key declared
in ``site.yml`` under ``faq.categories``), optional ``order``, ``tags`` and
``updated``.  This module turns those pages into entries, an index per
language grouped by category (entries missing in a language are listed there
too, marked, linking to their fallback pages), one page per category, and
``FAQPage`` JSON-LD.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from .config import Config
from .discover import SourceFile
from .errors import Diagnostic, error, suggest
from .htmltext import strip_tags
from .page import Page
from .routes import GENERATED, Route, lang_url

FAQ_DIR = "faq/"
INDEX_SOURCE = "faq/index.md"  # the optional intro of the FAQ index
ENTRY_LAYOUT = "faq_entry"
INDEX_LAYOUT = "faq_index"
CATEGORY_LAYOUT = "faq_category"
# a question heading of a one-page FAQ: "Q. …", "Q．…", "Q: …", "Q …"
QUESTION = re.compile(r"^Q\s*[.．:：]\s*|^Q\s+")


def is_entry_source(source: SourceFile) -> bool:
    rel = source.rel
    return rel.startswith(FAQ_DIR) and source.stem_path != "faq/index" and "/" not in rel[len(FAQ_DIR):]


def is_entry(page: Page) -> bool:
    """A file directly under faq/ with the entry layout, or any layout and a `category`."""
    return is_entry_source(page.source) and (page.layout == ENTRY_LAYOUT or "category" in page.front)


def default_layout(source: SourceFile) -> str | None:
    """FAQ pages get their layouts without editors writing `layout:`."""
    if source.stem_path == "faq/index":
        return INDEX_LAYOUT
    if is_entry_source(source):
        return ENTRY_LAYOUT
    return None


def one_page_faq(pages: list[Page], jekyll_pages: bool = False) -> list[Page]:
    """A site without FAQ entry files keeps ``faq/index.md`` as an ordinary page
    (a one-page FAQ, with its table of contents), unless it names its layout.
    ``jekyll_pages`` (``compat: jekyll``): a page under faq/ is an entry only
    with a `category` (Jekyll had no entries; ``sitegen faq split`` writes one)."""
    import dataclasses

    if jekyll_pages:
        pages = [dataclasses.replace(p, layout="page") if is_entry_source(p.source) and "category" not in p.front
                 and p.layout == ENTRY_LAYOUT and "layout" not in p.front else p for p in pages]
    if any(is_entry(p) for p in pages):
        return pages
    return [_as_page(p) if p.source.stem_path == "faq/index" and p.layout == INDEX_LAYOUT and "layout" not in p.front
            else p for p in pages]


def _as_page(page: Page) -> Page:
    """A one-page FAQ as an ordinary page whose contents list every question:
    questions written as ``#### Q. …`` under ``### section`` headings are
    deeper than a page's usual contents (``##`` and ``###``), so, unless the
    page says ``toc:`` itself, its contents go down to its deepest question."""
    import dataclasses

    front = page.front
    deepest = max((h.level for h in page.headings if h.id and QUESTION.match(h.text)), default=0)
    if deepest > 3 and "toc" not in front:
        front = {**front, "toc": deepest}
    return dataclasses.replace(page, layout="page", front=front)


def entry_name(page: Page) -> str:
    """The stable anchor of an entry: its file name, the same in every language."""
    return posixpath.basename(page.source.stem_path)


def check_entries(config: Config, pages: list[Page]) -> list[Diagnostic]:
    """Every entry needs a known category, and a file name that is not a
    category key (``/faq/<category>/`` is the category's page)."""
    problems: list[Diagnostic] = []
    known = [c.key for c in config.faq_categories]
    entries = sorted((page for page in pages if is_entry(page)),
                     key=lambda p: (p.lang != config.default_language, p.source.display))
    if entries and not known:  # one finding for the whole FAQ, at site.yml
        used = sorted({str(p.front["category"]) for p in entries if p.front.get("category") is not None})
        example = ", ".join(f"{{key: {key}, label: {{ja: ..., en: ...}}}}" for key in (used or ["general"])[:3])
        first = entries[0].source.display
        more = f" and {len(entries) - 1} more" if len(entries) > 1 else ""
        return [error("site.yml" if config.config_file is not None else first, None,
                      f"{first}{more} are FAQ entries, but site.yml declares no `faq.categories`",
                      hint=f"add `faq: {{categories: [{example}]}}` to site.yml"
                           + (f" (the entries use: {', '.join(used)})" if used else ""),
                      rule="faq-category")]
    for page in entries:
        if entry_name(page) in known and "permalink" not in page.front and "slug" not in page.front:
            problems.append(error(page.source.display, 1,
                                  f"FAQ entry `{entry_name(page)}` has the URL of the category page /faq/{entry_name(page)}/",
                                  hint="rename the file (its name is the entry's URL and anchor); category keys are "
                                       + ", ".join(known),
                                  rule="faq-category"))
        category = page.front.get("category")
        if category is None:
            problems.append(error(page.source.display, 1, "FAQ entry has no `category`",
                                  hint=f"add `category:` with one of: {', '.join(known)}", rule="faq-category"))
        elif category not in known:
            hint = suggest(str(category), known)
            hint = ((hint + "; " if hint else "") + f"known categories: {', '.join(known)}; or declare it in site.yml "
                    f"under `faq: categories:` as `- {{key: {category}, label: {{ja: ..., en: ...}}}}`")
            problems.append(error(page.source.display, page.line_of("category"),
                                  f"unknown FAQ category `{category}`", hint=hint, rule="faq-category"))
    return problems


@dataclass(frozen=True)
class Entry:
    name: str  # file name: the anchor, equal across languages
    key: str  # translation key
    category: str
    order: float
    page: Page  # the version shown to this reader (may be another language's)
    is_fallback: bool  # True when the reader's language has no version


def entries_for(site, lang: str) -> list[Entry]:
    """Every FAQ entry a reader of ``lang`` can reach, translated or fallback.

    An entry missing in ``lang`` is shown from its original and marked as a
    fallback; it links to the fallback page (``fallback: content``) or to the
    original itself (``redirect`` and ``none``, which build no page there)."""
    result = []
    seen_keys = set()
    for key in sorted(site.by_key):
        versions = site.by_key[key]
        page = versions.get(lang)
        fallback = False
        if page is None:
            route = site.route_for_key(key, lang)
            page = route.page if route is not None and route.page is not None else site.source_page(key)
            if page is None:
                continue
            fallback = True
        if not is_entry(page) or page.front.get("redirect_to") or key in seen_keys:
            continue
        seen_keys.add(key)
        order = page.front.get("order")
        result.append(Entry(entry_name(page), key, str(page.front.get("category")),
                            float(order) if isinstance(order, (int, float)) else float("inf"), page, fallback))
    return sorted(result, key=_sort_key)


def _sort_key(entry: Entry):
    return (entry.order, strip_tags(entry.page.title).casefold(), entry.name)


def grouped(site, lang: str) -> list[tuple[object, list[Entry]]]:
    """(category, entries) in the declared order; empty categories are dropped."""
    entries = entries_for(site, lang)
    groups = []
    for category in site.config.faq_categories:
        members = [e for e in entries if e.category == category.key]
        if members:
            groups.append((category, members))
    return groups


_ITEMS: dict[tuple[str, str, str], str] = {}  # (question, answer, lang) -> its JSON-LD text, as json_ld writes it
_ITEMS_MAX = 0  # kept only where saves re-render the same lists (serve): each item holds its answer twice


def keep_json_ld_items(limit: int) -> None:
    """Keep up to ``limit`` questions' JSON-LD between renders (``serve``,
    where a save re-renders FAQ lists that mostly did not change); 0: none."""
    global _ITEMS_MAX
    _ITEMS_MAX = limit
    _ITEMS.clear()


def _inert(text: str) -> str:
    # keep the JSON inert inside <script>: no `</script` closes the element early and
    # no `<!--` or `<script` switches the HTML parser into its escaped states (where a
    # later `</script>` no longer ends the element and the page after it is swallowed);
    # `<`, `>` and `&` only occur inside JSON strings, where \u003c means the same
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _item(question: str, answer: str, lang: str) -> str:
    """One question of :func:`json_ld`, indented as it sits in the document.
    Kept (an index page and a category page list the same questions; a
    ``serve`` save changes one of them)."""
    key = (question, answer, lang)
    text = _ITEMS.get(key)
    if text is None:
        item = {"@type": "Question", "name": question, "inLanguage": lang,
                "acceptedAnswer": {"@type": "Answer", "text": answer, "inLanguage": lang}}
        text = _inert(json.dumps(item, ensure_ascii=False, indent=2)).replace("\n", "\n    ")
        if _ITEMS_MAX:
            if len(_ITEMS) >= _ITEMS_MAX:
                _ITEMS.clear()
            _ITEMS[key] = text
    return text


def json_ld(questions: Iterable[tuple[str, str]], lang: str) -> str:
    """FAQPage JSON-LD from (question text, answer HTML) pairs: the text of
    ``json.dumps(document, ensure_ascii=False, indent=2)``, made inert for a
    ``<script>`` element (written question by question, each kept)."""
    return "".join(json_ld_parts(questions, lang))


def json_ld_parts(questions: Iterable[tuple[str, str]], lang: str) -> Iterator[str]:
    """:func:`json_ld` in pieces, a question each, taken from ``questions``
    as they are written (a large FAQ's document is never whole in memory)."""
    head = _inert(json.dumps({"@context": "https://schema.org", "@type": "FAQPage", "inLanguage": lang},
                             ensure_ascii=False, indent=2))[:-2]  # without its closing "\n}"
    yield head
    first = True
    for question, answer in questions:
        yield (',\n  "mainEntity": [\n    ' if first else ",\n    ") + _item(question, answer, lang)
        first = False
    yield ',\n  "mainEntity": []\n}' if first else "\n  ]\n}"


def generated_routes(config: Config, pages: list[Page]) -> list:
    """The FAQ index (where a language has no faq/index.md) and one page per
    category with entries, in every language, as soon as the site has FAQ
    entries or declares categories (so the theme's and the pages' links to
    the FAQ lead somewhere before the first question is written)."""
    entries = [p for p in pages if is_entry(p)]
    if not entries and not config.faq_categories:
        return []
    has_index = {p.lang for p in pages if p.source.stem_path == "faq/index"}
    used = {str(p.front.get("category")) for p in entries}
    routes = []
    for lang in config.languages:
        index_url = lang_url(config, lang.code, "/faq/")
        if lang.code not in has_index:
            routes.append(Route(index_url, lang.code, GENERATED, None, layout=INDEX_LAYOUT,
                                extra=(("title_key", "faq"), ("twin_url", "/faq/"), ("faq_index", True),
                                       # `[FAQ](../faq/index.md)` leads here when the intro file is absent
                                       ("source_rel", INDEX_SOURCE))))
        for category in config.faq_categories:
            if category.key not in used:
                continue
            routes.append(Route(lang_url(config, lang.code, f"/faq/{category.key}/"), lang.code, GENERATED, None,
                                layout=CATEGORY_LAYOUT,
                                extra=(("title", category.label(lang.code, config.default_language)),
                                       ("twin_url", f"/faq/{category.key}/"),
                                       ("faq_category", category.key),
                                       ("parent_url", index_url))))
    return routes
