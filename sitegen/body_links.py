"""Links in bodies, resolved for a reader: every URL attribute of a page's
body or of a fragment rewritten to its target (:meth:`sitegen.site.Site.resolve`),
broken ones reported once per page and link.  :class:`BodyLinks` needs the
renderer's ``site``, ``urls`` and its ``_links_by_href`` / ``_link_problems``."""

from __future__ import annotations

from urllib.parse import unquote

from .errors import Diagnostic, error, warning
from .links import is_valid_url, rewrite as rewrite_urls
from .parse import Page


class BodyLinks:
    """``resolve_page`` and ``resolve_body`` of the renderer."""

    _links_by_href: dict
    _link_problems: dict

    def resolve_page(self, page: Page, lang: str, problems: list[Diagnostic]) -> str:
        """``page``'s body HTML with every URL resolved for a reader of ``lang``
        (:meth:`resolve_body`), from the URL attributes its parse found
        (``page.urls``): the body is not parsed again."""
        return self._resolve(page.html, page, lang, problems, page.urls or None)

    def resolve_body(self, body: str, page: Page | None, lang: str, problems: list[Diagnostic]) -> str:
        """Rewrite every URL of a body fragment (href, src, srcset candidates,
        poster...: :mod:`sitegen.links`) for a reader of ``lang``; report broken
        ones (as links of ``page``, relative to its file).  Only rewritten
        attribute values change; the rest stays byte for byte.  The fragment is
        parsed for its URLs: a page's own body is :meth:`resolve_page`."""
        return self._resolve(body, page, lang, problems, None)

    def _resolve(self, body: str, page: Page | None, lang: str, problems: list[Diagnostic], attributes) -> str:
        def new_url(href: str, attribute) -> str | None:
            try:
                resolved = self.site.resolve(href, page, lang)
            except ValueError:  # a URL urllib cannot split (`http://[zz`)
                resolved = None
            if resolved is None:
                self._report_link(href, page, problems)
                return None
            if not resolved.internal or resolved.url == href and href.startswith("#"):
                return None
            return self.urls.url(resolved.url) if not resolved.url.startswith("#") else resolved.url
        return rewrite_urls(body, new_url, attributes)

    def _report_link(self, href: str, page: Page | None, problems: list[Diagnostic]) -> None:
        if page is None:
            return
        links = self._links_by_href.get(page.source.display)
        if links is None:  # once per page: a page may have thousands of broken links
            links = self._links_by_href[page.source.display] = {}
            for each in page.links:
                links.setdefault(unquote(each.href), each)
        link = links.get(unquote(href))
        line = link.line if link is not None else None
        path = page.source.display
        shown = unquote(href)  # as the editor wrote it, not percent-encoded
        key = (path, line, href)
        if key in self._link_problems:
            return
        is_source = href.split("#", 1)[0].split("?", 1)[0].lower().endswith((".md", ".markdown"))
        if not is_valid_url(href):
            diag = warning(path, line, f"not a valid URL: `{shown}`",
                           hint="fix the URL (a host in brackets must be an IPv6 address)", rule="broken-link")
        elif is_source:
            diag = error(path, line, f"link to a missing page: `{shown}`",
                         hint="check the file name; source links are relative to this file (`../../en/x.md` "
                              "reaches another language's page) or to content/<lang>/",
                         rule="broken-link")
        elif link is not None and link.kind in ("image", "file"):
            diag = warning(path, line, f"file not found: `{shown}`",
                           hint="put the file next to the page under content/<lang>/ (paths are relative to the "
                                "page's file) or in assets/", rule="missing-file")
        else:
            diag = warning(path, line, f"link target not found: `{shown}`",
                           hint="link to the Markdown file (e.g. `../faq/index.md`) so sitegen can check it",
                           rule="broken-link")
        self._link_problems[key] = diag
        problems.append(diag)
