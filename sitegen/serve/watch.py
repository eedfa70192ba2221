"""The file watcher of ``sitegen serve`` (watchdog)."""

from __future__ import annotations

import os
import threading
import warnings
from pathlib import Path
from typing import Callable

from ..discover import is_ignored
from .layout import CACHE_DIR
from .hashing import WATCHED


class Watcher:
    """Records changed paths under the watched folders (filtering out editor
    swap files, the output folder and the cache).

    The site folder itself is watched without recursion (``site.yml``, and
    watched folders that appear); each watched folder recursively.  A watched
    folder deleted and made again (``rm -r data; mkdir data``, a branch
    switch) gets a new watch: the old one died with the old folder.
    """

    def __init__(self, root: Path, out: Path, notify: Callable[[set[str]], None]):
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        # watchdog's inotify backend warns ("Callback ... already exists") when a
        # folder moves back into a watched tree; it handles that case itself
        warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"watchdog\.")
        self.root = root
        self.ignored_dirs = [str(out), str(root / CACHE_DIR)]
        self.notify = notify
        self.observer = Observer()
        self.watches: dict[str, object] = {}  # watched folder -> its ObservedWatch
        self._lock = threading.Lock()
        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                if event.event_type in ("opened", "closed_no_write"):
                    return
                if event.is_directory and event.event_type in ("modified", "closed", "attrib"):
                    return  # its files report their own changes
                paths = {os.fsdecode(event.src_path)}
                if getattr(event, "dest_path", None):
                    paths.add(os.fsdecode(event.dest_path))
                wanted = {p for p in paths if watcher.wanted(p)}
                for path in paths:  # a watched folder created, deleted or moved
                    if os.path.dirname(path) == str(watcher.root) and os.path.basename(path) in WATCHED:
                        watcher.rewatch(path, event.event_type)
                if wanted:
                    watcher.notify(wanted)

        self.handler = Handler()
        self.observer.schedule(self.handler, str(root), recursive=False)
        for name in WATCHED:
            if (root / name).is_dir():
                self.watch(str(root / name))

    def watch(self, path: str) -> None:
        with self._lock:
            if path in self.watches or not os.path.isdir(path):
                return
            try:
                self.watches[path] = self.observer.schedule(self.handler, path, recursive=True)
            except OSError:
                pass

    def rewatch(self, path: str, event_type: str) -> None:
        """A top-level watched folder appeared or went away."""
        if event_type in ("modified", "closed", "attrib") and path in self.watches:
            return
        with self._lock:
            old = self.watches.pop(path, None)
            if old is not None:
                try:
                    self.observer.unschedule(old)
                except (KeyError, OSError, ValueError):
                    pass
        self.watch(path)

    def wanted(self, path: str) -> bool:
        try:
            rel = Path(path).relative_to(self.root)
        except ValueError:
            return False
        if not rel.parts or rel.parts[0] not in WATCHED:
            return False
        if any(path == d or path.startswith(d + os.sep) for d in self.ignored_dirs):
            return False
        for part in rel.parts:
            if is_ignored(part) or part == "4913" or part.startswith(".#") or part.endswith((".swo", ".swn")):
                return False
        return True

    def start(self) -> None:
        self.observer.start()

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join(timeout=5)

