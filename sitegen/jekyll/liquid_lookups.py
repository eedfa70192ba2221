"""A lookup that finds nothing because the data has another shape.

Jekyll's Liquid lets ``site.data.notice.ja`` fall through to nothing when
``site.data.notice`` is a list: a page written for an older data layout
silently shows an empty list (utelecon's notice pages do).  That is Jekyll's
behaviour and sitegen keeps it, but says so: when a name is looked up on a
list or a text, :func:`shape_mismatch` describes what is there instead, so
the build can warn with the page's line.

Only paths that start at the page's own variables (``page``, ``site``) and
are written with plain dots are checked; a lookup that is merely missing
(``page.subtitle`` on a page without one) is not a mismatch.
"""

from __future__ import annotations

import re

# what Liquid reads on a list itself
_LIST_PROPERTIES = frozenset({"size", "first", "last"})
_WRITTEN_PATH = re.compile(r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+")
_UNDEFINED = re.compile(r"^'?(.*?)'? is undefined$")


def written_path(token, hint: str | None) -> str | None:
    """The dotted path of an undefined lookup as the template writes it, or
    None when it is not a plain dotted path (brackets, a filter, a literal)."""
    match = _UNDEFINED.match(hint or "")
    source = getattr(token, "source", None)
    start = getattr(token, "start_index", -1)
    if match is None or not source or start < 0:
        return None
    written = _WRITTEN_PATH.match(source, start)
    if written is None or written.group(0) != match.group(1):
        return None
    return written.group(0)


def shape_mismatch(path: str, roots: dict) -> str | None:
    """Why ``path`` finds nothing, when the reason is a list or a text on the
    way (``site.data.notice`` is a list of 199 items, which has no `ja`)."""
    names = path.split(".")
    value = roots.get(names[0])
    if not isinstance(value, dict):
        return None
    walked = [names[0]]
    for name in names[1:]:
        if isinstance(value, dict):
            if name not in value:
                return None  # a missing key: nil, as in Jekyll, and nothing to say
            value = value[name]
            walked.append(name)
            continue
        where = ".".join(walked)
        if isinstance(value, list):
            if name in _LIST_PROPERTIES or name.isdigit():
                return None
            keys = sorted({str(k) for item in value[:50] if isinstance(item, dict) for k in item})
            items = f"{len(value)} item{'s' if len(value) != 1 else ''}"
            return (f"`{where}` is a list ({items}), which has no `{name}`"
                    + (f"; its items have {', '.join(f'`{k}`' for k in keys[:8])}" if keys else ""))
        if isinstance(value, str):
            return f"`{where}` is a text, which has no `{name}`"
        return None
    return None
