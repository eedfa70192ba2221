"""Site search with Pagefind, run over the staged output before it is swapped
into place.  ``pagefind[extended]`` ships the binary (no download at build
time); the extended build segments Japanese, so compound words such as
アカウント are found.  Pagefind writes one index per ``<html lang>``, so each
language searches its own pages.

Pagefind writes its filter indexes in hash-map order, so two runs over the
same pages give different filter files (and so different index file names);
:func:`stabilize` rewrites them in sorted order, keeping the build's output
byte-identical from one run to the next.
"""

from __future__ import annotations

import ctypes
import errno
import gzip
import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import cbor2

from .errors import BuildError, error
from .links.urlpath import encode_path

OUTPUT_SUBDIR = "pagefind"
SIGNATURE = b"pagefind_dcd"  # what Pagefind's gzipped CBOR index files start with


def index_site(folder: Path) -> None:
    """Index the staged site in ``folder``; every failure (Pagefind's exit
    status, a disk full while it writes, an index it left unreadable) is a
    :class:`BuildError` (the caller then removes the staging folder)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", OUTPUT_SUBDIR, "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, errors="replace", timeout=TIMEOUT,
                                preexec_fn=_die_with_parent())
    except subprocess.TimeoutExpired:
        raise _failure(f"Pagefind did not finish within {TIMEOUT // 60} minutes") from None
    except OSError as exc:
        raise _failure(f"could not run Pagefind: {exc.strerror or exc}", exc) from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise _failure("Pagefind failed: " + (detail[-1] if detail else f"exit status {result.returncode}"))
    try:
        stabilize(folder / OUTPUT_SUBDIR)
        encode_urls(folder, folder / OUTPUT_SUBDIR)
    except OSError as exc:
        raise _failure(f"cannot finish the search index: {exc.strerror or exc}", exc) from None
    except (ValueError, KeyError, IndexError, TypeError, EOFError, cbor2.CBORError) as exc:
        raise _failure(f"Pagefind's index is incomplete or unreadable ({type(exc).__name__}: {exc})") from None


TIMEOUT = 600  # seconds
_PR_SET_PDEATHSIG = 1


def _die_with_parent():
    """On Linux, a ``preexec_fn`` that makes Pagefind die with the build: a
    build killed with ``kill -9`` must not leave it writing into the staging
    folder that the next build removes.  (Pagefind's Python launcher
    ``exec``s the binary, which keeps the setting.)"""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def preexec() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the build died before the line above
            os._exit(1)

    return preexec


def _failure(message: str, exc: OSError | None = None) -> BuildError:
    if exc is not None and exc.errno == errno.ENOSPC:
        hint = "the disk is full: free some space and build again (or build with --no-search)"
    else:
        hint = "install `pagefind[extended]` (pip install -e .), check free disk space, or build with --no-search"
    return BuildError([error("", None, "search indexing failed: " + message, hint=hint, rule="search")])


def _load(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path.name} is not a Pagefind index file")
    return cbor2.loads(raw[len(SIGNATURE):])


def _dump(data) -> bytes:
    return gzip.compress(SIGNATURE + cbor2.dumps(data), mtime=0)


def _replace(old: Path, new_name: str, blob: bytes) -> None:
    new = old.with_name(new_name)
    new.write_bytes(blob)
    if new != old:
        old.unlink()


def stabilize(bundle: Path) -> None:
    """Rewrite each language's filter indexes with their values sorted, then
    its metadata file, renaming both by the hash of their new content (the
    metadata names the filter files; pagefind-entry.json names the metadata)."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for lang, info in sorted(entry.get("languages", {}).items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _load(meta_path)
        filters = meta[3]  # [[filter name, filter file hash], ...]
        stable = []
        for name, file_hash in filters:
            filter_path = bundle / "filter" / f"{file_hash}.pf_filter"
            filter_name, values = _load(filter_path)
            blob = _dump([filter_name, sorted(values, key=lambda value: value[0])])
            new_hash = f"{lang}_{hashlib.sha256(blob).hexdigest()[:7]}"
            _replace(filter_path, f"{new_hash}.pf_filter", blob)
            stable.append([name, new_hash])
        meta[3] = sorted(stable)
        blob = _dump(meta)
        info["hash"] = f"{lang}_{hashlib.sha256(blob).hexdigest()[:10]}"
        _replace(meta_path, f"pagefind.{info['hash']}.pf_meta", blob)
    entry["languages"] = dict(sorted(entry.get("languages", {}).items()))  # also in hash-map order
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def encode_urls(site: Path, bundle: Path) -> None:
    """Pagefind copies a page's file path into its URL as it is, so a result
    for ``a#b/index.html`` would link to ``/a#b/`` (the page ``/a`` and a
    fragment).  Each fragment whose URL is such a raw path (it names a file
    of the site as written) gets the URL sitegen links the page with
    (``/a%23b/``); a URL Pagefind already encoded names no file and is kept."""
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        if not raw.startswith(SIGNATURE):
            raise ValueError(f"{path.name} is not a Pagefind fragment")
        fragment = json.loads(raw[len(SIGNATURE):].decode("utf-8"))
        url = fragment.get("url")
        if not isinstance(url, str) or encode_path(url) == url:
            continue
        target = site / url.lstrip("/")
        if url.endswith("/"):
            target = target / "index.html"
        if not target.is_file():
            continue
        fragment["url"] = encode_path(url)
        text = json.dumps(fragment, ensure_ascii=False, separators=(",", ":"))
        path.write_bytes(gzip.compress(SIGNATURE + text.encode("utf-8"), mtime=0))
