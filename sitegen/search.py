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

import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import cbor2

from .errors import BuildError, error

OUTPUT_SUBDIR = "pagefind"
SIGNATURE = b"pagefind_dcd"  # what Pagefind's gzipped CBOR index files start with


def index_site(folder: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", OUTPUT_SUBDIR, "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except FileNotFoundError:  # pragma: no cover - python itself is missing
        raise BuildError([error("", None, "could not run Pagefind", rule="search")])
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise BuildError([error("", None, "search indexing with Pagefind failed: " + (detail[-1] if detail else "no output"),
                                hint="install `pagefind[extended]` (pip install -e .) or build with --no-search",
                                rule="search")])
    stabilize(folder / OUTPUT_SUBDIR)


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
