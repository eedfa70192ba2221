"""``base_url``: what makes one valid, and what one that is not the published
address breaks (a warning or a note for ``build`` and ``check``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from ..errors import Diagnostic, note, warning
from .model import CONFIG_FILE, Config


def base_url_problem(base_url: str) -> tuple[str, str] | None:
    """(message, hint) when ``base_url`` is neither an http(s) URL nor a path
    starting with ``/``; None when it is fine."""
    hint = "write it like https://example.org/ or https://example.org/docs/ (or a path such as /docs/)"
    try:
        parts = urlsplit(base_url)
        parts.port  # noqa: B018 - a port that is no number raises here
    except ValueError as exc:  # `http://[::1/`: a host in brackets must be an IPv6 address
        return f"`base_url` `{base_url}` is not a valid URL ({exc})", hint
    if any(c.isspace() or not c.isprintable() for c in base_url):
        return f"`base_url` `{base_url}` is not a valid URL (it contains spaces or control characters)", hint
    if parts.scheme in ("http", "https") and parts.netloc and not parts.query and not parts.fragment:
        return None
    if not parts.scheme and not parts.netloc and base_url.startswith("/") and not parts.query and not parts.fragment:
        return None
    if not parts.scheme and not base_url.startswith("/") and "." in base_url.split("/")[0]:
        host = base_url.rstrip("/")
        hint = f"did you mean `https://{host}/`? a base URL needs its scheme"
    return f"`base_url` `{base_url}` is not an http(s) URL or a path starting with `/`", hint


# hosts reserved for examples (RFC 2606, RFC 6761): a base_url there is a placeholder
_PLACEHOLDER_DOMAINS = ("example.com", "example.net", "example.org")
_PLACEHOLDER_TLDS = (".example", ".invalid", ".test")
BASE_URL_RULE = "base-url"


def is_placeholder_host(host: str) -> bool:
    host = host.lower().rstrip(".").rsplit("@", 1)[-1].split(":", 1)[0]
    return host in _PLACEHOLDER_DOMAINS or host.endswith(tuple("." + d for d in _PLACEHOLDER_DOMAINS)) \
        or host.endswith(_PLACEHOLDER_TLDS)


def base_url_diagnostics(config: Config) -> list[Diagnostic]:
    """What a ``base_url`` that is not the published address breaks, for
    ``build`` and ``check`` (``serve`` previews locally and does not need it).

    * none, or a path only (``/docs/``): a **warning**: sitemap.xml and
      robots.txt carry relative URLs, which search engines ignore, and pages
      have no absolute canonical, hreflang or og:url links;
    * a placeholder on a reserved example domain (``https://example.org/``,
      as ``sitegen new`` writes it): a **note**, which ``check --strict``
      does not count: the address is filled in by the publishing workflow
      (``--base-url``) until the editor writes the real one.
    """
    parts = urlsplit(config.base_url)
    where = config.base_url_origin or CONFIG_FILE
    line = config.base_url_line if where == CONFIG_FILE else None
    fix = ("set `base_url:` in site.yml to the address the site is published at (https://<host>/<path>/), "
           "or pass --base-url when building for publication")
    if not parts.netloc:
        what = f"`base_url` is only a path (`{config.base_url}`)" if config.base_url_origin else "no `base_url`"
        return [warning(where, line,
                        f"{what}: sitemap.xml and robots.txt carry relative URLs (`<loc>{config.base_url}</loc>`), "
                        "which search engines ignore, and the canonical, hreflang and og:url links of every page "
                        "are not absolute", hint=fix, rule=BASE_URL_RULE)]
    if is_placeholder_host(parts.netloc):
        return [note(where, line,
                     f"`base_url` is the placeholder `{config.base_url}`: sitemap.xml, robots.txt and the canonical, "
                     f"hreflang and og:url links point at {parts.netloc}, not at the published site",
                     hint=fix, rule=BASE_URL_RULE)]
    return []
