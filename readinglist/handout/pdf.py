"""PDF: the HTML handout printed by a headless Chromium (Debian's package `chromium`).

nbconvert's `webpdf` cannot be pointed at a system browser and cannot download one here;
Chromium's own `--print-to-pdf` prints the self-contained HTML file directly, without
network (the page needs none; its Content-Security-Policy also forbids every script and
load, which is safer than Blink's scriptEnabled switch, which stops printing altogether).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import ExportError, MissingToolError

BROWSER_ENV = "READINGLIST_CHROMIUM"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_S = 300.0
INSTALL_HINT = (
    "PDF export needs Chromium, and none was found: install Debian's package 'chromium' "
    f"(sudo apt-get install chromium), or set {BROWSER_ENV} to a Chromium or Chrome program"
)
FLAGS = (
    "--headless",
    "--no-sandbox",  # needed as root and in containers; the page is ours and runs no script
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-quic",
    "--no-pdf-header-footer",
)


def find_browser() -> str:
    """The Chromium program to print with; MissingToolError naming the package when none."""
    named = os.environ.get(BROWSER_ENV)
    if named:
        found = shutil.which(named)
        if found:
            return found
        raise MissingToolError(f"{BROWSER_ENV}={named!r} is not a program that can be run. {INSTALL_HINT}")
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise MissingToolError(INSTALL_HINT)


def html_to_pdf(html: str, *, browser: str | None = None, timeout: float = TIMEOUT_S) -> bytes:
    """The PDF that Chromium prints from the HTML page `html` (which must be self-contained)."""
    program = browser or find_browser()
    with tempfile.TemporaryDirectory(prefix="readinglist-pdf-") as tmp:
        folder = Path(tmp)
        page = folder / "handout.html"
        page.write_text(html, encoding="utf-8")
        out = folder / "handout.pdf"
        command = [program, *FLAGS, f"--user-data-dir={folder / 'profile'}", f"--print-to-pdf={out}", page.as_uri()]
        try:
            done = subprocess.run(
                command, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout, check=False, cwd=folder
            )
        except subprocess.TimeoutExpired:
            raise ExportError(f"{program} did not finish printing the PDF within {timeout:g} s") from None
        except OSError as exc:
            raise MissingToolError(f"{program} could not be started ({exc.strerror}). {INSTALL_HINT}") from None
        data = out.read_bytes() if out.exists() else b""
        if done.returncode != 0 or not data.startswith(b"%PDF"):
            last = next((line for line in reversed(done.stderr.splitlines()) if line.strip()), "no message")
            raise ExportError(f"{program} could not print the PDF (exit {done.returncode}): {last.strip()}")
        return data
