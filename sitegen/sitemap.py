"""``sitemap.xml`` with ``xhtml:link`` alternates for real translations.

Fallback pages, redirects, drafts, generated utility pages and pages with
``sitemap: false`` or ``noindex: true`` are left out.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr, escape

from .site import PAGE, Site


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
        updated = page.front.get("updated") or page.front.get("date")
        if updated:
            lines.append(f"    <lastmod>{escape(str(updated)[:10])}</lastmod>")
        versions = site.translations_of(page)
        if len(versions) > 1:
            for lang in site.config.language_codes:
                other = versions.get(lang)
                if other is None:
                    continue
                other_route = site.page_route(other)
                if not in_sitemap(other_route):
                    continue
                href = absolute_url(other_route.url)
                lines.append(f'    <xhtml:link rel="alternate" hreflang={quoteattr(lang)} href={quoteattr(href)}/>')
            default = versions.get(site.config.default_language)
            if default is not None and in_sitemap(site.page_route(default)):
                href = absolute_url(site.page_route(default).url)
                lines.append(f'    <xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(href)}/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def in_sitemap(route) -> bool:
    if route.kind != PAGE or route.page is None:
        return False
    front = route.page.front
    return front.get("sitemap", True) is not False and not front.get("noindex") and not route.url.endswith("404.html")
