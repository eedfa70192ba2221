"""One file written into a build's staging folder by the process that
renders it (:func:`sitegen.build.stage_route`), as it is made."""

from __future__ import annotations

from pathlib import Path

from .write import _check_rel


class StagedFile:
    """One file of a staging folder, written as it is made: text parts are
    held until :data:`STREAM_AFTER` characters, then written as they come,
    so a file that is thrown away early (a page with an error) never
    reaches the disk, and a large one is never whole in memory.  An unsafe
    path raises :class:`sitegen.write.OutputConflict` before anything is written."""

    STREAM_AFTER = 1 << 20

    def __init__(self, stage: Path, rel: str):
        _check_rel(rel, set())
        self.stage = stage
        self.path = stage / rel
        self._parts: list[str] = []
        self._held = 0
        self._handle = None

    def write(self, text: str) -> None:
        self._parts.append(text)
        self._held += len(text)
        if self._held > self.STREAM_AFTER:
            self._flush()

    def _flush(self) -> None:
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = open(self.path, "wb")
        data = "".join(self._parts).encode("utf-8")
        self._parts, self._held = [], 0
        self._handle.write(data)

    def close(self) -> None:
        """Write what is left; the file is complete."""
        try:
            self._flush()
        finally:
            if self._handle is not None:
                self._handle.close()

    def discard(self) -> None:
        """Throw the file away (and the folders made for it that are left empty)."""
        self._parts = []
        if self._handle is None:
            return
        self._handle.close()
        self.path.unlink(missing_ok=True)
        folder = self.path.parent
        while folder != self.stage and self.stage in folder.parents:
            try:
                folder.rmdir()
            except OSError:
                break
            folder = folder.parent
