"""An Atom feed (RFC 4287) of the notices, one per language: ``/feed.xml``,
``/en/feed.xml``.

* One entry per notice, newest first: the notice's text as the title, its
  HTML as the content, its date as ``updated``/``published`` (midnight UTC,
  so the same data gives the same feed), ``important`` as a category, and a
  link to the notice on the home page (``#notice-…``, the same anchor in
  every language); on a site whose home page does not show the notices
  (not ``layout: home``), the notice's first link, else the home page.
* With an absolute ``base_url`` every link is absolute and the ids are the
  home page's URL plus the notice's anchor; with a path-only ``base_url``
  links stay site-relative and ids are ``urn:uuid:`` values derived from the
  site's title, the language and the anchor (stable between builds).
* The feed's ``updated`` is the newest notice's date, never the build time.
"""

from __future__ import annotations

import datetime as _dt
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any, Callable

from .dates import as_date

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_PATH = "/feed.xml"
_ROOT_RELATIVE = re.compile(r"""(\s(?:href|src)\s*=\s*)(["'])(/(?!/)[^"']*)\2""", re.I)
_TAGS = re.compile(r"<[^>]+>")
_FIRST_HREF = re.compile(r"""<a\s[^>]*?\bhref\s*=\s*(["'])(.*?)\1""", re.I | re.S)


@dataclass(frozen=True)
class FeedInfo:
    lang: str
    title: str  # "Site title: Notices"
    subtitle: str
    author: str
    home_url: str  # absolute when base_url is absolute, else site-relative with base path
    feed_url: str
    origin: str  # "https://example.org" or ""
    important_label: str
    on_home: bool = True  # the home page shows the notices (layout `home`), so entries link to their anchors


def atom_feed(info: FeedInfo, notices: list[dict], generator: str) -> bytes:
    """``notices``: the renderer's notice views (date, content markup, important, anchor)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: info.lang})
    absolute = bool(info.origin)

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: v for k, v in attrs.items() if v is not None})
        if text is not None:
            element.text = text
        return element

    entries = [(as_date(n.get("date")), index, n) for index, n in enumerate(notices)]
    entries = [e for e in entries if e[0] is not None]
    entries.sort(key=lambda e: (-e[0].toordinal(), e[1]))
    newest = entries[0][0] if entries else _dt.date(1970, 1, 1)

    sub(feed, "title", info.title)
    if info.subtitle:
        sub(feed, "subtitle", info.subtitle)
    sub(feed, "id", _id(info, None))
    sub(feed, "updated", _stamp(newest))
    sub(feed, "link", rel="self", type="application/atom+xml", href=info.feed_url)
    sub(feed, "link", rel="alternate", type="text/html", hreflang=info.lang, href=info.home_url)
    author = sub(feed, "author")
    sub(author, "name", info.author)
    sub(feed, "generator", generator.split(" ")[0], version=generator.split(" ")[1] if " " in generator else None)
    for date, _, notice in entries:
        entry = sub(feed, "entry")
        content = str(notice.get("content") or "")
        if absolute:
            content = _ROOT_RELATIVE.sub(lambda m: f"{m.group(1)}{m.group(2)}{info.origin}{m.group(3)}{m.group(2)}",
                                         content)
        sub(entry, "title", plain_text(content) or date.isoformat(), type="text")
        sub(entry, "id", _id(info, notice.get("anchor")))
        sub(entry, "updated", _stamp(date))
        sub(entry, "published", _stamp(date))
        sub(entry, "link", rel="alternate", type="text/html", href=_entry_link(info, content, notice))
        if notice.get("important"):
            sub(entry, "category", term="important", label=info.important_label)
        sub(entry, "content", content, type="html")
    ET.indent(feed, space="  ")
    body = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def _entry_link(info: FeedInfo, content: str, notice: dict) -> str:
    """The notice on the home page; when no home page shows the notices (a
    home page of another layout, as imported sites have), the first link of
    the notice's text, else the home page itself: never an anchor nobody has."""
    if info.on_home:
        return f"{info.home_url}#{notice.get('anchor')}"
    match = _FIRST_HREF.search(content)
    if match and not match.group(2).startswith("#"):
        import html as _html

        return _html.unescape(match.group(2))
    return info.home_url


def plain_text(html: str) -> str:
    import html as _html

    return " ".join(_html.unescape(_TAGS.sub("", html)).split())


def _stamp(date: _dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _id(info: FeedInfo, anchor: str | None) -> str:
    if info.origin:
        return info.home_url + (f"#{anchor}" if anchor else "")
    seed = f"sitegen-feed|{info.title}|{info.lang}|{anchor or ''}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"


def feed_info(lang: str, title: str, subtitle: str, urls: Any, home_url: str, notices_label: str,
              important_label: str, lang_url: Callable[[str, str], str], on_home: bool = True) -> FeedInfo:
    return FeedInfo(
        lang=lang,
        title=f"{title}: {notices_label}" if title else notices_label,
        subtitle=subtitle,
        author=title or "sitegen",
        home_url=urls.absolute_url(home_url),
        feed_url=urls.absolute_url(lang_url(lang, FEED_PATH)),
        origin=urls.origin,
        important_label=important_label,
        on_home=on_home,
    )
