"""URL paths of files: what a file name becomes in a link, and back.

A page or file's URL is its path with the characters that mean something
else in a URL percent-encoded (``%``, ``#``, ``?``, spaces, control
characters and the few ASCII characters a URL may not hold): ``100%.md`` is
``/100%25/``, ``#hash.md`` is ``/%23hash/``, ``q?.md`` is ``/q%3F/``.  Other
characters, Japanese included, stay as they are (an IRI, as browsers show
it).  The output file of a URL is its decoded path, which is what a web
server looks for.
"""

from __future__ import annotations

from urllib.parse import unquote

# what a URL path cannot hold as itself (RFC 3986 and the WHATWG URL standard's
# path percent-encode set), besides what is not ASCII
_SPECIAL = frozenset('%#? "<>\\^`{|}') | frozenset(chr(c) for c in range(0x20)) | {"\x7f"}


def _encode(char: str) -> str:
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogateescape"))


def encode_path(path: str) -> str:
    """The URL path of a file path (``zoom/#hash/`` → ``zoom/%23hash/``)."""
    if not any(char in _SPECIAL for char in path):
        return path
    return "".join(_encode(char) if char in _SPECIAL else char for char in path)


def normalize_path(path: str) -> str:
    """A path written as a URL (``permalink``, ``redirect_from``): its ``%XX``
    escapes decoded and the result encoded as :func:`encode_path` does, so
    ``/caf%C3%A9/`` and ``/café/`` are one URL and a lone ``%`` is ``%25``."""
    if "%" not in path:
        return encode_path(path)
    return encode_path(decode_path(path))


def decode_path(url_path: str) -> str:
    """The file path a URL path names (``%23hash`` → ``#hash``)."""
    return unquote(url_path) if "%" in url_path else url_path


