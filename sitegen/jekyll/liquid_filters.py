"""Jekyll's Liquid filters, on top of python-liquid's standard ones.

``markdownify`` renders with the site's Markdown dialect in the page's
language; ``relative_url`` leaves a site path for the link step after
Markdown, which adds the base path to every link (so a link is never
prefixed twice); ``absolute_url`` gives the full URL.  ``where`` and
``sort`` behave as Jekyll's (values compared as text, nils first), and the
``date_to_*`` filters format as Jekyll does.  Every filter takes and returns
plain values only.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import re
import unicodedata
from typing import Any
from urllib.parse import quote, quote_plus, urlsplit

from liquid import is_undefined


def _text(value: Any) -> str:
    if value is None or is_undefined(value):
        return ""
    return str(value)


def _nil(value: Any) -> bool:
    return value is None or is_undefined(value)


def make_filters(lang: str, base_url: str) -> dict:
    parts = urlsplit(base_url or "/")
    base_path = parts.path.rstrip("/")
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme else ""

    def markdownify(value: Any) -> str:
        from ..markdown import render_markdown  # imported when used: native sites never load it here

        return render_markdown(_text(value), lang=lang, base_url=base_url).html

    def relative_url(value: Any) -> str:
        text = _text(value)
        if urlsplit(text).scheme or text.startswith(("//", "#")):
            return text
        return "/" + text.lstrip("/")

    def absolute_url(value: Any) -> str:
        text = _text(value)
        if urlsplit(text).scheme or text.startswith("//"):
            return text
        return origin + base_path + "/" + text.lstrip("/")

    return {
        "markdownify": markdownify,
        "relative_url": relative_url,
        "absolute_url": absolute_url,
        "where": where,
        "sort": sort,
        "group_by": group_by,
        "jsonify": jsonify,
        "xml_escape": xml_escape,
        "cgi_escape": lambda v: quote_plus(_text(v)),
        "uri_escape": lambda v: quote(_text(v), safe="/:?#[]@!$&'()*+,;=%~-._"),
        "slugify": slugify,
        "number_of_words": lambda v: len(_text(v).split()),
        "array_to_sentence_string": array_to_sentence_string,
        "normalize_whitespace": lambda v: " ".join(_text(v).split()),
        "smartify": lambda v: _text(v),
        "date_to_xmlschema": lambda v: _date(v, "%Y-%m-%dT%H:%M:%S%z", xml=True),
        "date_to_rfc822": lambda v: _date(v, "%a, %d %b %Y %H:%M:%S %z"),
        "date_to_string": date_to_string,
        "date_to_long_string": date_to_long_string,
        "to_integer": _to_integer,
        "inspect": lambda v: json.dumps(_plain(v), ensure_ascii=False, default=str),
        "push": lambda v, item: list(v or []) + [item],
        "pop": lambda v, n=1: list(v or [])[: -int(n) or None],
        "shift": lambda v, n=1: list(v or [])[int(n):],
        "unshift": lambda v, item: [item] + list(v or []),
    }


def _property(item: Any, key: str) -> Any:
    if isinstance(item, dict):
        value = item
        for part in str(key).split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value
    return None


def where(sequence: Any, key: Any, value: Any = None) -> list:
    """Jekyll's ``where``: items whose property, as text, equals ``value``
    (or, for a list property, contains it)."""
    if isinstance(sequence, dict):
        sequence = list(sequence.values())
    if not isinstance(sequence, list):
        return []
    wanted = _text(value)
    found = []
    for item in sequence:
        prop = _property(item, _text(key))
        values = prop if isinstance(prop, list) else [prop]
        if wanted in ["" if v is None else str(v) for v in values]:
            found.append(item)
    return found


def sort(sequence: Any, key: Any = None, nils: Any = "first") -> list:
    """Jekyll's ``sort``: by a property when given, items without it first
    (``nils: "last"`` puts them last); numbers before text when mixed."""
    if _nil(sequence):
        return []
    if isinstance(sequence, dict):
        sequence = list(sequence.items())
    if not isinstance(sequence, list):
        return [sequence]
    last = _text(nils) == "last"

    def order(value):
        if value is None:
            return (1 if last else -1, 0, "")
        if isinstance(value, bool):
            return (0, 1, str(value))
        if isinstance(value, (int, float)):
            return (0, 0, value)
        return (0, 1, str(value))

    if _nil(key) or key == "":
        return sorted(sequence, key=order)
    return sorted(sequence, key=lambda item: order(_property(item, _text(key))))


def group_by(sequence: Any, key: Any) -> list:
    groups: dict[str, list] = {}
    for item in sequence if isinstance(sequence, list) else []:
        groups.setdefault(_text(_property(item, _text(key))), []).append(item)
    return [{"name": name, "items": items, "size": len(items)} for name, items in groups.items()]


def _plain(value: Any) -> Any:
    if is_undefined(value):
        return None
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value


def jsonify(value: Any) -> str:
    return json.dumps(_plain(value), ensure_ascii=False, sort_keys=False)


def xml_escape(value: Any) -> str:
    return html.escape(_text(value), quote=True).replace("&#x27;", "&#39;")


def slugify(value: Any, mode: Any = "default") -> str:
    """Jekyll's ``slugify`` (``default`` mode): lower case, runs of anything but
    letters and digits become one hyphen (Japanese letters are kept)."""
    text = unicodedata.normalize("NFKC", _text(value)).lower()
    if _text(mode) == "raw":
        return re.sub(r"\s+", "-", text).strip("-")
    return re.sub(r"[^\w]+|_+", "-", text).strip("-")


def array_to_sentence_string(value: Any, connector: Any = "and") -> str:
    items = [_text(v) for v in value] if isinstance(value, list) else [_text(value)]
    word = _text(connector) or "and"
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {word} {items[1]}"
    return ", ".join(items[:-1]) + f", {word} {items[-1]}"


def _as_datetime(value: Any):
    if _nil(value):
        return None
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _dt.datetime.fromtimestamp(value, _dt.timezone.utc)
    text = _text(value).strip()
    try:
        return _dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        from dateutil import parser  # python-liquid's own dependency

        return parser.parse(text)
    except (ValueError, OverflowError, ImportError):
        return None  # unparseable text is printed as it is


def _date(value: Any, fmt: str, xml: bool = False) -> str:
    moment = _as_datetime(value)
    if moment is None:
        return _text(value)
    text = moment.strftime(fmt)
    if xml and moment.tzinfo is not None:
        text = text[:-2] + ":" + text[-2:]
    return text


def date_to_string(value: Any, style: Any = None, *_: Any) -> str:
    moment = _as_datetime(value)
    if moment is None:
        return _text(value)
    if _text(style) == "ordinal":
        return f"{_ordinal(moment.day)} {moment.strftime('%b %Y')}"
    return moment.strftime("%d %b %Y")


def date_to_long_string(value: Any, style: Any = None, *_: Any) -> str:
    moment = _as_datetime(value)
    if moment is None:
        return _text(value)
    if _text(style) == "ordinal":
        return f"{_ordinal(moment.day)} {moment.strftime('%B %Y')}"
    return moment.strftime("%d %B %Y")


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _to_integer(value: Any) -> int:
    try:
        return int(float(_text(value) or 0))
    except ValueError:
        return 0
