"""The views FAQ layouts receive (``page.faq``): the entries of a language
grouped by category, the current category and entry, an entry page's
related questions and the FAQPage JSON-LD of index and category pages.

:class:`FaqViews` is the part of the renderer that makes them; it needs the
renderer's ``site``, ``config``, ``docs`` (images) and ``resolve_page``.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    answer: Markup
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
    json_ld: Markup  # FAQPage JSON-LD for index and category pages


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
    """The FAQ views of a renderer, built once per language (``_faq_cache``)."""

    _faq_cache: dict

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
        questions = []  # the FAQPage JSON-LD of index and category pages
        if layout != faq.ENTRY_LAYOUT:
            shown = current.entries if layout == faq.CATEGORY_LAYOUT and current is not None else all_entries
            questions = [(e.question_text, str(e.answer)) for e in shown if not e.is_fallback]
        return FaqView(
            categories=tuple(groups),
            total=len(all_entries),
            index_url=index_url,
            category=current,
            entry=entry,
            related=related,
            # no FAQPage without a question of this language (an empty one is invalid)
            json_ld=Markup(faq.json_ld(questions, lang)) if layout != faq.ENTRY_LAYOUT and questions else Markup(""),
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
            answer=Markup(self.docs.images.apply(self.resolve_page(page, lang, problems), eager=0)),
            url=url,
            is_fallback=entry.is_fallback,
            lang=page.lang,
            language_name=names.get(page.lang, page.lang),
            tags=tuple(str(t) for t in page.front.get("tags") or ()),
            updated=as_date_text(page.front.get("updated")),
        )
