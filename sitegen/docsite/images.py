"""Images in a page body: ``width``/``height`` from the file, lazy loading
below the fold.

* An ``<img>`` whose ``src`` is a file of the site (a content file next to
  its page, or an asset) and that has neither ``width`` nor ``height`` gets
  both, read from the file's header (``imagesize``: PNG, JPEG, GIF, WebP,
  AVIF, SVG with ``width``/``height`` in px, ...), so the page does not jump
  while images load.  The theme's ``img { max-width: 100%; height: auto }``
  keeps them fluid.  An SVG with only a ``viewBox`` has no size of its own
  and is left as it is.
* Every image after the first ``eager`` ones gets ``loading="lazy"`` unless it
  says otherwise: the first image is usually above the fold and should load
  at once.

Sizes are cached per file by (path, mtime, size): a build reads each image
header once, and ``serve`` re-reads only changed files.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..links.scan import add_attributes
_SIZES: dict[tuple, tuple[int, int] | None] = {}


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) in CSS pixels, or None when the file does not say."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    key = (str(path), st.st_mtime_ns, st.st_size)
    if key in _SIZES:
        return _SIZES[key]
    size = None
    try:
        import imagesize

        width, height = imagesize.get(str(path))
        if width and height and width > 0 and height > 0:
            size = (int(round(width)), int(round(height)))
    except Exception:  # a damaged or unknown file: no size, never a failed build
        size = None
    if len(_SIZES) > 100_000:
        _SIZES.clear()
    _SIZES[key] = size
    return size


class ImageSizer:
    """``apply(html)`` for one site: ``files`` maps site-relative URLs
    (``/zoom/screen.png``, ``/assets/img/logo.png``) to files on disk;
    ``base_path`` is the site's path prefix (``/docs``) the rendered URLs carry."""

    def __init__(self, files: dict[str, Path], base_path: str):
        self.files = files
        self.base_path = base_path.rstrip("/")

    def file_for(self, src: str) -> Path | None:
        try:
            parts = urlsplit(src)
        except ValueError:  # `http://[zz`: reported as a broken link; no file of the site
            return None
        if parts.scheme or src.startswith("//"):
            return None
        path = unquote(parts.path)
        if self.base_path:
            if not path.startswith(self.base_path + "/"):
                return None
            path = path[len(self.base_path):]
        return self.files.get(path)

    def size_of(self, src: str) -> tuple[int, int] | None:
        path = self.file_for(src)
        return image_size(path) if path is not None else None

    def apply(self, body: str, eager: int = 1) -> str:
        """``body`` with sizes and lazy loading added to its ``<img>`` start tags
        (found by the one HTML parse of :mod:`sitegen.links`: an ``<img>`` in a
        comment, a script or code is no image); nothing else changes."""
        if "<img" not in body and "<IMG" not in body:
            return body
        count = 0

        def extra(attribute) -> str:
            nonlocal count
            if attribute.tag != "img":
                return ""
            count += 1
            names = attribute.attr_names
            added = ""
            if "width" not in names and "height" not in names and attribute.name == "src":
                size = self.size_of(attribute.value)
                if size is not None:
                    added += f' width="{size[0]}" height="{size[1]}"'
            if count > eager and "loading" not in names:
                added += ' loading="lazy"'
            return added

        return add_attributes(body, extra)
