"""Command lines for the two servers: JupyterLab on the review notebook (`readinglist lab`)
and the members' app under Voila (`readinglist app`). Pure: the CLI runs what this builds.
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, MissingPathError
from .layout import LIST_FILE, list_folder

REVIEW_NOTEBOOK = Path("notebooks") / "01-import-and-review.ipynb"
APP_NOTEBOOK = Path(__file__).with_name("notebooks") / "app.ipynb"
LISTS_DIR = "lists"


@dataclass
class Launch:
    """A server to start: its command, where to run it, what to add to the environment,
    the address to open, and what to tell the user first."""

    argv: list[str]
    cwd: Path
    env: dict[str, str]
    url: str
    notes: list[str] = field(default_factory=list)


def find_list(name: str | os.PathLike[str] | None, cwd: Path) -> Path:
    """The list folder to serve: `name`, else the folder `cwd` itself, else the only list in `cwd/lists`."""
    if name is not None:
        folder = list_folder(Path(cwd, name))
        if not (folder / LIST_FILE).is_file():
            raise MissingPathError(f"{folder}: no list here (no {LIST_FILE}); make one with 'readinglist import'")
        return folder.resolve()
    if (cwd / LIST_FILE).is_file():
        return cwd.resolve()
    found = sorted(p.parent for p in (cwd / LISTS_DIR).glob(f"*/{LIST_FILE}"))
    if len(found) == 1:
        return found[0].resolve()
    if not found:
        raise MissingPathError(f"{cwd / LISTS_DIR}: no list found; name one (readinglist lab LIST)")
    names = ", ".join(str(p.relative_to(cwd)) for p in found)
    raise InputError(f"{len(found)} lists here ({names}): name the one to open")


def project_root(folder: Path, cwd: Path) -> Path:
    """The folder holding `lists/` for a list at `<root>/lists/<name>`, else `cwd`."""
    return folder.parent.parent if folder.parent.name == LISTS_DIR else cwd.resolve()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def lab_launch(
    folder: Path, cwd: Path, *, port: int | None = None, no_browser: bool = False, as_root: bool | None = None
) -> Launch:
    """JupyterLab at the project root, opening the review notebook on the list `folder`."""
    root = project_root(folder, cwd)
    port = port or free_port()
    token = os.environ.get("JUPYTER_TOKEN") or secrets.token_hex(16)  # Jupyter's own variable, when set
    as_root = (os.geteuid() == 0) if as_root is None else as_root
    argv = [
        sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={root}", f"--port={port}",
        "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
    ]  # fmt: skip
    notes = []
    if as_root:
        argv.append("--allow-root")
        notes.append("running as root: adding --allow-root")
    if no_browser:
        argv.append("--no-browser")
    path = "lab"
    if (root / REVIEW_NOTEBOOK).is_file():
        argv.append(str(REVIEW_NOTEBOOK))
        path = f"lab/tree/{REVIEW_NOTEBOOK.as_posix()}"
    else:
        notes.append(f"no {REVIEW_NOTEBOOK} here: in a notebook, run readinglist.review({str(folder)!r})")
    return Launch(argv, root, {"READINGLIST_LIST": str(folder)}, f"http://localhost:{port}/{path}?token={token}", notes)


def app_launch(
    folder: Path, *, port: int | None = None, no_browser: bool = False, ip: str = "localhost"
) -> Launch:
    """The members' review app on `folder` under Voila (no token: members open the address)."""
    port = port or 8866
    argv = [
        sys.executable, "-m", "voila", str(APP_NOTEBOOK), f"--port={port}", f"--Voila.ip={ip}",
        "--Voila.port_retries=0",
    ]  # fmt: skip
    if no_browser:
        argv.append("--no-browser")
    host = {"": "localhost", "127.0.0.1": "localhost", "0.0.0.0": socket.gethostname(), "::": socket.gethostname()}.get(ip, ip)
    notes = ["each member adds ?reader=THEIR-NAME to the address, or types a name on the page"]
    return Launch(argv, APP_NOTEBOOK.parent, {"READINGLIST_LIST": str(folder)}, f"http://{host}:{port}/", notes)
