"""Progress of slow work (imports, exports, fetches), shown only once it has lasted a second.

Where it shows is decided by where the work runs:

- in a Jupyter kernel (JupyterLab, Notebook, Voila): a widget, by `tqdm.auto`;
- on a terminal: a bar on stderr (tqdm's own);
- output piped or redirected (stderr is not a terminal): nothing at all.

`READINGLIST_PROGRESS=0` turns it off everywhere. Work that ends within the second shows
nothing either: tqdm's `delay`. The bar is written to the real stderr, not to the CLI's
filtered stream (`terminal.py`), since its carriage returns are ours.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from .terminal import printable, unfiltered

DELAY_S = 1.0
ENV = "READINGLIST_PROGRESS"
T = TypeVar("T")


def where() -> str:
    """`notebook`, `terminal` or `none`: where progress would be shown now."""
    if os.environ.get(ENV, "").strip().lower() in ("0", "no", "off", "false"):
        return "none"
    if _in_kernel():
        return "notebook"
    stream = unfiltered(sys.stderr)
    try:
        if stream is not None and stream.isatty():
            return "terminal"
    except (AttributeError, ValueError):  # a closed or unusual stream
        pass
    return "none"


def _in_kernel() -> bool:
    if "ipykernel" not in sys.modules:
        return False
    from IPython import get_ipython

    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


class Progress:
    """Steps of one piece of work: `advance()` after each, `stage("...")` to say what runs."""

    def __init__(self, bar: Any | None) -> None:
        self._bar = bar

    def stage(self, text: str) -> None:
        if self._bar is not None:
            self._bar.set_postfix_str(printable(text), refresh=False)  # a file name may hold controls

    def advance(self, steps: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(steps)

    def counting(self, call: Callable[..., T]) -> Callable[..., T]:
        """`call` that advances one step each time it returns (a fetch's transport: one request)."""

        def counted(*args: Any, **kwargs: Any) -> T:
            result = call(*args, **kwargs)
            self.advance()
            return result

        return counted


@contextmanager
def progress(description: str, total: int | None = None, *, unit: str = "step") -> Iterator[Progress]:
    """A Progress for work of `total` steps (None: unknown), shown where `where()` says."""
    place = where()
    if place == "none":
        yield Progress(None)
        return
    if place == "notebook":
        from tqdm.auto import tqdm
    else:
        from tqdm import tqdm
    bar = tqdm(
        total=total, desc=description, unit=unit, delay=DELAY_S, leave=place == "notebook",
        file=unfiltered(sys.stderr) if place == "terminal" else None, dynamic_ncols=True,
    )  # fmt: skip
    try:
        yield Progress(bar)
    finally:
        bar.close()
