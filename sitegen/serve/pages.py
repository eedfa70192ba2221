"""What ``sitegen serve`` answers with: the immutable :class:`Snapshot` of
the site a request reads, request paths to output paths (traversal refused),
content types, the live-reload script and the error page and banner."""

from __future__ import annotations

import html
import json
import mimetypes
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

EVENTS_PATH = "/__sitegen/events"
STATUS_PATH = "/__sitegen/status"
HTML_SUFFIXES = (".html", ".htm")

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".yml": "text/yaml; charset=utf-8",
    ".yaml": "text/yaml; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".pdf": "application/pdf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".wasm": "application/wasm",
    ".webmanifest": "application/manifest+json",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    # Pagefind's index files are binary
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pagefind": "application/octet-stream",
}


def content_type(rel: str) -> str:
    suffix = os.path.splitext(rel)[1].lower()
    if suffix in _TYPES:
        return _TYPES[suffix]
    guessed = mimetypes.guess_type(rel)[0]
    if guessed is None:
        return "application/octet-stream"
    return guessed + ("; charset=utf-8" if guessed.startswith("text/") else "")


# --- what is served ------------------------------------------------------------

@dataclass(frozen=True)
class Snapshot:
    """One consistent state of the site, replaced as a whole after a rebuild."""

    version: str
    outputs: dict  # relpath -> bytes
    copies: dict  # relpath -> source Path
    errors: tuple = ()  # Diagnostics (level error)
    error_rels: frozenset = frozenset()  # outputs that show the error page
    global_error: bool = False  # nothing can be built: every HTML request shows the error page
    base_path: str = ""  # "/docs" when base_url has a path
    lang_prefixes: tuple = ()  # ("/en",) : prefixes of the non-default languages
    disk_root: Path | None = None  # the written output (only with --search)


class Forbidden(Exception):
    pass



def request_rel(raw_path: str, base_path: str = "") -> str | None:
    """The output path a request path asks for; None when outside the site.

    Raises :class:`Forbidden` for traversal attempts, percent-encoded or not.
    """
    path = urlsplit(raw_path).path
    if "\\" in path or "\0" in path:
        raise Forbidden(raw_path)
    # http.server decodes the request line as Latin-1: a client that sends raw
    # UTF-8 (curl "http://host/日本語/") gets its bytes back, then UTF-8 like
    # percent-encoded paths
    try:
        path = unquote_to_bytes(path.encode("latin-1")).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None  # not a path of this site: 404
    if "\\" in path or "\0" in path:
        raise Forbidden(raw_path)
    if any(part in ("..", ".") for part in path.split("/")):
        raise Forbidden(raw_path)
    path = re.sub(r"/{2,}", "/", path)  # "/en//faq/" is "/en/faq/", as most static hosts read it
    if base_path:
        if path == base_path:
            path += "/"
        if not path.startswith(base_path + "/"):
            return None
        path = path[len(base_path):]
    rel = path.lstrip("/")
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    return rel


def safe_file(root: Path, rel: str) -> Path | None:
    """``root/rel`` if it is a regular file really inside ``root`` (symbolic
    links that leave it raise :class:`Forbidden`)."""
    real_root = os.path.realpath(root)
    candidate = os.path.join(real_root, *[p for p in rel.split("/") if p])
    real = os.path.realpath(candidate)
    if os.path.commonpath([real_root, real]) != real_root:
        raise Forbidden(rel)
    return Path(real) if os.path.isfile(real) else None


# --- the injected script and the error pages ------------------------------------

# One event stream per browser, not per tab: a browser opens at most six
# HTTP/1.x connections to one host, so with a stream in every tab the seventh
# tab would never load.  The tab holding the Web Lock listens and passes each
# new build's version to the other tabs on a BroadcastChannel; a tab reloads
# when the version differs from the one its page was served at.  When that
# tab closes, another takes the lock and reconnects with its own version (the
# server answers at once if it missed a build).  Without those APIs every tab
# listens for itself.
_RELOAD_JS = """(function(){if(!window.EventSource)return;var v=%s,path=%s,name="sitegen-live-reload";
var ch=window.BroadcastChannel?new BroadcastChannel(name):null;
function seen(version){if(version&&version!==v){v=version;location.reload();}}
if(ch)ch.onmessage=function(e){seen(e.data);};
function listen(done){var es=new EventSource(path+"?v="+encodeURIComponent(v));
es.addEventListener("reload",function(e){es.close();if(ch)ch.postMessage(e.data);seen(e.data||"?");if(done)done();});}
if(ch&&navigator.locks&&navigator.locks.request){navigator.locks.request(name,function(){return new Promise(listen);});}
else listen();})();"""


def reload_script(version: str) -> str:
    return ("<script data-sitegen-live-reload>"
            + _RELOAD_JS % (json.dumps(version), json.dumps(EVENTS_PATH)) + "</script>")


def _diagnostic_html(errors) -> str:
    items = []
    for d in errors:
        where = d.path or "<site>"
        if d.line:
            where += f":{d.line}"
            if d.col:
                where += f":{d.col}"
        hint = f'<div class="hint">hint: {html.escape(d.hint)}</div>' if d.hint else ""
        items.append(f"<li><code>{html.escape(where)}: {html.escape(d.level)}: {html.escape(d.message)}</code>{hint}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def error_page(errors, version: str, url: str) -> bytes:
    count = len(errors)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Build error - sitegen</title>
<style>body{{font:15px/1.5 system-ui,sans-serif;margin:2rem;color:#222}}h1{{color:#b00020;font-size:1.4rem}}
code{{font:13px/1.4 ui-monospace,monospace;white-space:pre-wrap}}li{{margin:.6rem 0}}.hint{{color:#555;margin-left:1rem}}</style>
</head><body><h1>sitegen: the site has {count} error{'s' if count != 1 else ''}</h1>
<p>{html.escape(url)} cannot be shown until they are fixed; this page reloads after the next save.</p>
{_diagnostic_html(errors)}
{reload_script(version)}
</body></html>
""".encode("utf-8")


def banner(errors) -> str:
    return ('<div id="sitegen-error-banner" style="position:fixed;z-index:2147483647;left:0;right:0;bottom:0;'
            'max-height:40vh;overflow:auto;background:#fff0f0;color:#222;border-top:3px solid #b00020;'
            'padding:.5rem 1rem;font:13px/1.4 system-ui,sans-serif">'
            '<button onclick="this.parentNode.remove()" style="float:right">&times;</button>'
            f'<strong>sitegen: the site has {len(errors)} error{"s" if len(errors) != 1 else ""} (below); '
            'pages without errors are up to date, a page with one shows it at its address.</strong>'
            + _diagnostic_html(errors) + "</div>")


_BODY_END = re.compile(rb"</body\s*>", re.I)


def inject(body: bytes, snippet: str) -> bytes:
    data = snippet.encode("utf-8")
    matches = list(_BODY_END.finditer(body))
    if matches:
        at = matches[-1].start()
        return body[:at] + data + body[at:]
    return body + data

