"""Where the incremental engine keeps its state in a site's folder, and how it writes it."""

import os
import tempfile
from pathlib import Path

CACHE_DIR = ".sitegen-cache"
CACHE_FILE = "incremental.json"  # the engine's state (sitegen.serve.cache)
MANIFEST_FILE = "manifest.json"  # what the last clean build saw (sitegen.serve.manifest)
OLD_CACHE_FILES = ("incremental.pickle",)  # formats of earlier versions: removed, never opened


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` in one step (a temporary file beside it, then
    a rename): a reader sees the old file or the new one, never half of it.
    Raises OSError; the temporary file is removed on the way."""
    handle, tmp = tempfile.mkstemp(prefix=path.name + ".", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
