"""A pause of Python's cyclic garbage collector around bulk work.

Importing or loading a large list creates hundreds of thousands of small objects that form
no reference cycles; each of the collector's passes over them is pure cost (a third of a
20,000-paper import). Reference counting still frees everything as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off; restore it after (nested calls are fine)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
