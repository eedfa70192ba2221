"""The views FAQ layouts receive (``page.faq``): the entries of a language
grouped by category, the current category and entry, an entry page's
related questions and the FAQPage JSON-LD of index and category pages.

:class:`FaqViews` is the part of the renderer that makes them; it needs the
renderer's ``site``, ``config``, ``docs`` (images) and ``resolve_page``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any, Callable, Iterator

from markupsafe import Markup

from . import faq
from .errors import Diagnostic
from .htmltext import strip_tags
from .parse import as_date_text
from .site import REDIRECT, Route, lang_url


@dataclass(frozen=True)
class FaqEntryView:
    name: str
    anchor: str  # the file name: equal across languages
    category: str
    question: Markup
    question_text: str
    answer: Markup  # or a LazyAnswer, which reads as the same Markup
    url: str  # the entry's own page for this reader (maybe a fallback)
    is_fallback: bool
    lang: str  # language the entry is written in
    language_name: str
    tags: tuple[str, ...]
    updated: str | None


@dataclass(frozen=True)
class FaqCategoryView:
    key: str
    label: str
    anchor: str
    url: str
    count: int
    entries: tuple[FaqEntryView, ...]


@dataclass(frozen=True)
class FaqView:
    categories: tuple[FaqCategoryView, ...]
    total: int
    index_url: str
    category: FaqCategoryView | None  # category pages and entry pages
    entry: FaqEntryView | None  # entry pages
    related: tuple[FaqEntryView, ...]
    json_ld: Any  # FAQPage JSON-LD for index and category pages (a JsonLd; Markup("") without questions)


class LazyAnswer:
    """An FAQ answer's HTML, resolved for its reader each time a template
    shows it (``{{ entry.answer }}``) and not kept: the lists of a large FAQ
    hold every answer, and a build renders them one at a time.  Reads as the
    :class:`Markup` it stands for (``str()``, ``| length``, ``| striptags``,
    comparisons, Markup's methods)."""

    __slots__ = ("_resolve",)

    def __init__(self, resolve: Callable[[], str]):
        self._resolve = resolve

    def markup(self) -> Markup:
        return Markup(self._resolve())

    def __html__(self) -> str:
        return self._resolve()

    def __str__(self) -> str:
        return self._resolve()

    def __len__(self) -> int:
        return len(self._resolve())

    def __bool__(self) -> bool:
        return bool(self._resolve())

    def __iter__(self):
        return iter(self.markup())

    def __getitem__(self, key):
        return self.markup()[key]

    def __contains__(self, item) -> bool:
        return item in self._resolve()

    def __eq__(self, other) -> bool:
        return self._resolve() == (str(other) if isinstance(other, LazyAnswer) else other)

    def __hash__(self) -> int:
        return hash(self._resolve())

    def __add__(self, other):
        return self.markup() + other

    def __radd__(self, other):
        return Markup(other) + self.markup() if isinstance(other, Markup) else other + self._resolve()

    def __getattr__(self, name: str):
        return getattr(self.markup(), name)


class JsonLd:
    """The FAQPage JSON-LD of a listing (:func:`sitegen.faq.json_ld`): the whole
    text as Markup (``{{ page.faq.json_ld }}``), or question by question when a
    template loops over it (the theme's do), so a large FAQ's document is
    never whole in memory."""

    def __init__(self, entries: tuple, lang: str):
        self.entries = entries  # FaqEntryViews of the reader's language, at least one
        self.lang = lang

    def __iter__(self) -> Iterator[Markup]:
        questions = ((e.question_text, str(e.answer)) for e in self.entries)
        return (Markup(part) for part in faq.json_ld_parts(questions, self.lang))

    def __html__(self) -> str:
        return "".join(self)

    __str__ = __html__

    def __bool__(self) -> bool:
        return bool(self.entries)


RELATED_LIMIT = 10  # questions an FAQ entry page lists as related


def related_entries(entries: tuple, name: str) -> tuple:
    """The entries of a category nearest to ``name`` in its order (half before,
    half after, more on one side at the ends), at most :data:`RELATED_LIMIT`:
    an entry page lists its neighbours, not a whole large category (which
    would also make every entry page show, and change with, every question)."""
    at = next((i for i, e in enumerate(entries) if e.name == name), 0)
    others = [e for e in entries if e.name != name]
    start = max(0, min(at - RELATED_LIMIT // 2, len(others) - RELATED_LIMIT))
    return tuple(others[start:start + RELATED_LIMIT])


class FaqViews:
    """The FAQ views of a renderer, built once per language (``_faq_cache``).
    Answers are resolved when a template shows them (:class:`LazyAnswer`),
    their problems reported with the route shown; ``lazy_answers = False``:
    when the views are made (and reported with the route that made them)."""

    _faq_cache: dict
    _answer_problems: list  # the problems of the FAQ route being rendered
    lazy_answers = True

    def faq_view(self, route: Route, layout: str, problems: list[Diagnostic]) -> "FaqView":
        lang = route.lang
        groups = self._faq_groups(lang, problems)
        all_entries = [entry for group in groups for entry in group.entries]
        index_url = lang_url(self.config, lang, "/faq/")
        current = None
        if layout == faq.CATEGORY_LAYOUT:
            current = next((g for g in groups if g.key == dict(route.extra).get("faq_category")), None)
        entry = None
        related: tuple = ()
        if layout == faq.ENTRY_LAYOUT and route.page is not None:
            name = faq.entry_name(route.page)
            entry = next((e for e in all_entries if e.name == name), None)
            current = next((g for g in groups if entry is not None and g.key == entry.category), None)
            if current is not None:
                related = related_entries(current.entries, name)
        questions: tuple = ()  # the FAQPage JSON-LD of index and category pages
        if layout != faq.ENTRY_LAYOUT:
            shown = current.entries if layout == faq.CATEGORY_LAYOUT and current is not None else all_entries
            questions = tuple(e for e in shown if not e.is_fallback)
        self._answer_problems = problems  # lazy answers report to the route that shows them
        return FaqView(
            categories=tuple(groups),
            total=len(all_entries),
            index_url=index_url,
            category=current,
            entry=entry,
            related=related,
            # no FAQPage without a question of this language (an empty one is invalid)
            json_ld=JsonLd(questions, lang) if questions else Markup(""),
        )

    def _faq_groups(self, lang: str, problems: list[Diagnostic]) -> tuple[FaqCategoryView, ...]:
        """The FAQ of one language, grouped; built once per language, shared by
        the index, the category pages and every entry page."""
        if lang in self._faq_cache:
            return self._faq_cache[lang]
        default = self.config.default_language
        groups = []
        for category, entries in faq.grouped(self.site, lang):
            views = tuple(self._faq_entry_view(entry, lang, problems) for entry in entries)
            groups.append(FaqCategoryView(
                key=category.key,
                label=category.label(lang, default),
                anchor=f"category-{category.key}",
                url=lang_url(self.config, lang, f"/faq/{category.key}/"),
                count=len(views),
                entries=views,
            ))
        self._faq_cache[lang] = tuple(groups)
        return self._faq_cache[lang]

    def _faq_entry_view(self, entry: "faq.Entry", lang: str, problems: list[Diagnostic]) -> "FaqEntryView":
        page = entry.page
        route = self.site.route_for_key(entry.key, lang)
        if route is None:  # `fallback: none`: the original itself
            url = self.site.page_route(page).url
        elif route.kind == REDIRECT and route.redirect_to:  # `fallback: redirect`: skip the hop
            url = route.redirect_to
        else:
            url = route.url
        names = {l.code: l.name for l in self.config.languages}
        return FaqEntryView(
            name=entry.name,
            anchor=entry.name,
            category=entry.category,
            question=Markup(page.title),
            question_text=strip_tags(page.title),
            answer=LazyAnswer(partial(self._answer, page, lang)) if self.lazy_answers else
            Markup(self._answer(page, lang, problems)),
            url=url,
            is_fallback=entry.is_fallback,
            lang=page.lang,
            language_name=names.get(page.lang, page.lang),
            tags=tuple(str(t) for t in page.front.get("tags") or ()),
            updated=as_date_text(page.front.get("updated")),
        )

    def _answer(self, page, lang: str, problems: list[Diagnostic] | None = None) -> str:
        """An answer's HTML for a reader of ``lang``: links resolved, image sizes."""
        found = self._answer_problems if problems is None else problems
        return self.docs.images.apply(self.resolve_page(page, lang, found), eager=0)
