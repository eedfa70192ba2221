"""Where the incremental engine keeps its state in a site's folder."""

CACHE_DIR = ".sitegen-cache"
CACHE_FILE = "incremental.json"  # the engine's state (sitegen.serve.cache)
MANIFEST_FILE = "manifest.json"  # what the last clean build saw (sitegen.serve.manifest)
OLD_CACHE_FILES = ("incremental.pickle",)  # formats of earlier versions: removed, never opened
