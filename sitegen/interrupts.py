"""Signals during the write stage: while a :class:`Signals` context is
active, SIGINT, SIGTERM and SIGHUP raise :class:`Interrupted` (so the
staging folder is removed before the process ends), except inside
:meth:`Signals.critical`, where they wait until the step is done."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager


class Interrupted(KeyboardInterrupt):
    """SIGINT, SIGTERM or SIGHUP arrived during the write stage (after the
    staging folder was removed); the CLI exits 128 + ``signum``."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


class Signals:
    """While active, SIGINT/SIGTERM/SIGHUP raise :class:`Interrupted` (so the
    staging folder is removed), except inside :meth:`critical`, where they
    wait until the step is done."""

    NAMES = ("SIGINT", "SIGTERM", "SIGHUP")

    def __init__(self) -> None:
        self.pending: int | None = None
        self.depth = 0
        self.previous: dict = {}

    def _handler(self, signum, frame):
        if self.depth:
            self.pending = self.pending or signum
            return
        raise Interrupted(signum)

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            for name in self.NAMES:
                signum = getattr(signal, name, None)
                if signum is None:
                    continue
                current = signal.getsignal(signum)
                if current in (signal.SIG_IGN, None):
                    continue  # ignored (nohup, a background job): keep it so
                self.previous[signum] = signal.signal(signum, self._handler)
        return self

    def __exit__(self, *exc):
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)
        self.previous = {}
        if self.pending is not None and not (exc[0] is not None and issubclass(exc[0], Interrupted)):
            raise Interrupted(self.pending)
        return False

    @contextmanager
    def critical(self):
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
        if not self.depth and self.pending is not None:
            signum, self.pending = self.pending, None
            raise Interrupted(signum)
