"""Progress of imports, exports and fetches: a bar on a terminal, a widget in Jupyter, nothing
when output is piped. Real processes: a pseudo-terminal, a pipe, a Jupyter kernel."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import nbclient
import nbformat
import pytest

from readinglist import progress

from .handout.conftest import make_big_list

REPO = Path(__file__).resolve().parents[1]


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "readinglist", *args]


def env(**extra: str) -> dict[str, str]:
    out = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "100", **extra}
    out.pop("READINGLIST_PROGRESS", None)
    return {**out, **extra}


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    return make_big_list(tmp_path_factory.mktemp("progress") / "big", 300)


def run_in_pty(argv: list[str], **extra_env: str) -> tuple[int, str]:
    """Run `argv` with stderr on a pseudo-terminal (stdout piped); its exit code and what the terminal got."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a 100-column terminal
    try:
        done = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=follower, stdin=subprocess.DEVNULL, env=env(**extra_env))
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        code = done.wait(timeout=180)
        done.stdout.close()  # type: ignore[union-attr]
    finally:
        os.close(leader)
    return code, b"".join(chunks).decode("utf-8", "replace")


def test_a_slow_export_shows_a_bar_on_a_terminal(big, tmp_path):
    code, terminal = run_in_pty(cli("export", str(big), "--to", "html", "-o", str(tmp_path / "h.html")))
    assert code == 0, terminal
    assert "export html" in terminal and "\r" in terminal  # a bar, redrawn in place
    assert "/4" in terminal  # its steps: reading, selecting, rendering, writing


def test_no_bar_when_stderr_is_piped(big, tmp_path):
    done = subprocess.run(
        cli("export", str(big), "--to", "html", "-o", str(tmp_path / "p.html")), capture_output=True, text=True, env=env(), timeout=180
    )
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout == f"{tmp_path / 'p.html'}: 300 papers\n"


def test_progress_can_be_turned_off_on_a_terminal(big, tmp_path):
    code, terminal = run_in_pty(cli("export", str(big), "--to", "csv", "-o", str(tmp_path / "o.csv")), READINGLIST_PROGRESS="0")
    assert code == 0 and terminal == ""


def test_under_the_test_runner_nothing_is_shown():
    assert progress.where() == "none"  # pytest captures stderr: not a terminal


def test_a_notebook_gets_a_widget(big, tmp_path):
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(f"import readinglist\nreadinglist.export({str(big)!r}, 'html', {str(tmp_path / 'n.html')!r})"),
            nbformat.v4.new_code_cell("from readinglist import progress\nprint(progress.where())"),
        ]
    )
    nbclient.NotebookClient(notebook, timeout=180, kernel_name="python3").execute()
    export_outputs, where_outputs = (cell.outputs for cell in notebook.cells)
    widgets = [o for o in export_outputs if o.output_type == "display_data" and "application/vnd.jupyter.widget-view+json" in o.data]
    assert len(widgets) == 1  # tqdm.auto's bar
    assert "export html" in widgets[0].data.get("text/plain", "")
    assert (tmp_path / "n.html").exists()
    assert where_outputs[0].text.strip() == "notebook"


def test_a_fetch_transport_advances_the_bar_once_a_request():
    from tqdm import tqdm

    stream = io.StringIO()
    bar = tqdm(total=3, file=stream, delay=0, mininterval=0)
    transport = progress.Progress(bar).counting(lambda url: url.encode())
    assert [transport(u) for u in ("a", "b")] == [b"a", b"b"]
    assert bar.n == 2
    bar.close()
    assert "2/3" in stream.getvalue()
