"""``sitemap.xml`` with ``xhtml:link`` alternates for real translations.

Fallback pages, redirects, drafts, generated utility pages (404, search,
translation status) and pages with ``sitemap: false`` or ``noindex: true`` are
left out; the generated FAQ index and category pages are in.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr, escape

from .site import PAGE, Site, is_indexable


def sitemap_xml(site: Site, absolute_url) -> bytes:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for url, route in site.routes.items():
        if not in_sitemap(route):
            continue
        page = route.page
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(absolute_url(url))}</loc>")
        updated = (page.front.get("updated") or page.front.get("date")) if page is not None else None
        if updated:
            lines.append(f"    <lastmod>{escape(str(updated)[:10])}</lastmod>")
        for hreflang, other_url in site.hreflang_alternates(route, in_sitemap):
            href = absolute_url(other_url)
            lines.append(f'    <xhtml:link rel="alternate" hreflang={quoteattr(hreflang)} href={quoteattr(href)}/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def in_sitemap(route) -> bool:
    """An indexable route (see :func:`is_indexable`: real pages and the FAQ
    index and category pages) whose page does not say ``sitemap: false``."""
    return is_indexable(route) and (route.kind != PAGE or route.page.front.get("sitemap", True) is not False)
