"""Waiting between requests to a web API, as each API asks its clients to."""

from __future__ import annotations

import time


class Pacer:
    """Makes `wait()` return no sooner than `delay` seconds after it last returned."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.last: float | None = None

    def wait(self) -> None:
        if self.last is not None and self.delay > 0:
            pause = self.delay - (time.monotonic() - self.last)
            if pause > 0:
                time.sleep(pause)
        self.last = time.monotonic()
