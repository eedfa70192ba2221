"""A date as a reader of each language writes it: ``2026年4月1日``,
``April 1, 2026``, ``1 avril 2026`` (Babel's CLDR "long" date format).

A site can set its own CLDR pattern per language with the UI string
``date_format`` in ``i18n/<lang>.yml`` (``date_format: "y/MM/dd"``); a
language Babel does not know is shown as ISO ``2026-04-01``.
"""

from __future__ import annotations

import datetime as _dt
import functools
from typing import Any


def as_date(value: Any) -> _dt.date | None:
    """A date from front matter or data: a date, a datetime or an ISO string."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            return _dt.date.fromisoformat(text[:10])
        except ValueError:
            return None
    return None


@functools.lru_cache(maxsize=4096)
def format_date(value: _dt.date, lang: str, pattern: str | None = None) -> str:
    try:
        from babel.core import Locale, UnknownLocaleError
        from babel.dates import format_date as babel_format
    except ImportError:  # pragma: no cover - babel is a dependency
        return value.isoformat()
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return value.isoformat()
    try:
        return babel_format(value, pattern or "long", locale=locale)
    except (ValueError, KeyError, AttributeError):
        return value.isoformat()
