"""Starting JupyterLab or Voila and Debian's Chromium for the browser tests.

Facts behind the choices are in ../shared/docs/browser-testing.md: the system Chromium
with its launch flags, fresh JUPYTER_* folders per server, token auth on 127.0.0.1 and a
free port, the news toast switched off by a settings file, servers in their own session
and stopped by their PID.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "test-output"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT_S = 120.0


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def chromium_path() -> str:
    """The system Chromium; skipped when missing outside CI, a failure under CI=true."""
    found = os.environ.get("READINGLIST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    problem = None
    if not Path(found).exists():
        problem = "Chromium is not installed (apt-get install chromium; .ci/run does it)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "playwright is not installed (pip install -e '.[test]')"
    if problem:
        if in_ci():
            pytest.fail(f"{problem}: CI must run the browser tests")
        pytest.skip(problem)
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    token: str
    log: Path

    def stop(self) -> None:
        """End the server and its kernels: its whole session, by the PID we started."""
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)
        except ProcessLookupError:
            pass


def jupyter_env(workdir: Path, extra: dict[str, str]) -> dict[str, str]:
    """The environment of a server: fresh Jupyter folders under `workdir`, plus `extra`."""
    env = dict(os.environ)
    for var in (
        "JUPYTER_CONFIG_DIR",
        "JUPYTER_RUNTIME_DIR",
        "JUPYTERLAB_SETTINGS_DIR",
        "JUPYTERLAB_WORKSPACES_DIR",
        "IPYTHONDIR",
    ):
        folder = workdir / var.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[var] = str(folder)
    settings = workdir / "jupyterlab_settings_dir" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    env.update(extra)
    return env


def _start(
    command: list[str], workdir: Path, env: dict[str, str], url: str, token: str, ready_path: str | None
) -> Server:
    log = workdir / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server(process, url, token, log)
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        while time.monotonic() < deadline:
            if _answers(url, token, ready_path):
                return server
            try:
                process.wait(timeout=0.25)  # the pause between polls, and a check that it still runs
            except subprocess.TimeoutExpired:
                continue
            raise RuntimeError(
                f"the server exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}"
            )
        raise RuntimeError(
            f"the server did not answer in {START_TIMEOUT_S:g} s:\n{log.read_text(errors='replace')[-3000:]}"
        )
    except BaseException:
        server.stop()
        raise


def _answers(url: str, token: str, ready_path: str | None) -> bool:
    if ready_path is None:  # Voila: the port accepts connections
        host, port = url.rsplit("/", 1)[-1].split(":")
        with socket.socket() as s:
            return s.connect_ex((host, int(port))) == 0
    try:
        with urllib.request.urlopen(f"{url}{ready_path}?token={token}", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def start_lab(root: Path, workdir: Path, extra_env: dict[str, str]) -> Server:
    port, token = free_port(), secrets.token_hex(16)
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", "--ServerApp.allow_root=True",
        f"--ServerApp.root_dir={root}", "--LabApp.news_url=None",
    ]  # fmt: skip
    return _start(command, workdir, jupyter_env(workdir, extra_env), f"http://127.0.0.1:{port}", token, "/api/status")


def start_voila(notebook: Path, workdir: Path, extra_env: dict[str, str]) -> Server:
    port, token = free_port(), secrets.token_hex(16)
    command = [
        sys.executable, "-m", "voila", str(notebook), "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}",
        "--Voila.port_retries=0", f"--token={token}", "--show_tracebacks=True",
    ]  # fmt: skip
    return _start(command, workdir, jupyter_env(workdir, extra_env), f"http://127.0.0.1:{port}", token, None)


def launch_chromium(playwright, executable: str):
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS, headless=True)


def start_readinglist(command: str, list_folder: Path, workdir: Path, extra_env: dict[str, str]) -> Server:
    """`readinglist lab` or `readinglist app` on `list_folder`, as a user starts it (no browser)."""
    port, token = free_port(), secrets.token_hex(16)
    argv = [sys.executable, "-m", "readinglist", command, str(list_folder), f"--port={port}", "--no-browser"]
    env = jupyter_env(workdir, {**extra_env, "JUPYTER_TOKEN": token})
    if command == "lab":
        return _start(argv, workdir, env, f"http://127.0.0.1:{port}", token, "/api/status")
    return _start(argv, workdir, env, f"http://127.0.0.1:{port}", "", None)
