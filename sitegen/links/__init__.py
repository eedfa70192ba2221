"""Links wherever an editor writes them.

* :mod:`.scan`: one real HTML parse (turbohtml, WHATWG rules, with source
  locations) finds every URL-bearing attribute of a page or body, and rewrites
  URLs in place without touching any other byte; comments, ``<script>``,
  ``<style>``, ``<textarea>`` and escaped code are never taken for markup.
* :mod:`.srcset`: the candidates of ``srcset`` values.
* :mod:`.urlpath`: the URL path of a file name (``#``, ``?``, ``%``
  percent-encoded) and the file a URL path names.

Resolution itself (source paths, output paths, other languages) is
:meth:`sitegen.site.Site.resolve`.
"""

from .scan import (
    HTML_URL_ATTRIBUTES,
    SVG_URL_ATTRIBUTES,
    Scan,
    UrlAttribute,
    is_valid_url,
    may_have_urls,
    rewrite,
    scan,
)
from .srcset import replace_srcset, srcset_spans, srcset_urls
from .urlpath import decode_path, encode_path, normalize_path

__all__ = [
    "HTML_URL_ATTRIBUTES",
    "decode_path",
    "encode_path",
    "normalize_path",
    "SVG_URL_ATTRIBUTES",
    "Scan",
    "UrlAttribute",
    "is_valid_url",
    "may_have_urls",
    "replace_srcset",
    "rewrite",
    "scan",
    "srcset_spans",
    "srcset_urls",
]
