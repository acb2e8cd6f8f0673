"""The items of a loaded list file as text blocks, so that a save writes back the items it
did not change exactly as they were loaded."""

from __future__ import annotations

# Characters str.splitlines breaks lines at besides \n and \r (some are YAML line breaks too).
_ODD_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def blocks_as_loaded(text: str, starts: list[int]) -> list[str] | None:
    """The text of each item of a file as it was loaded, or None for a file not in block style.

    A save writes unchanged items back as they were instead of dumping them again: on a
    20,000-paper list that is the difference between milliseconds and seconds for the
    first save after opening. Only block-style items, each starting a line with `- `, are
    taken; a file in any other style is written afresh.
    """
    if any(ch in text for ch in _ODD_BREAKS):
        return None  # line numbers and str.splitlines would disagree: write it afresh
    file_lines = text.splitlines(keepends=True)
    if any(b <= a for a, b in zip(starts, starts[1:])) or not all(file_lines[s - 1].startswith("- ") for s in starts):
        return None
    blocks = []
    for i, start in enumerate(starts):
        end = starts[i + 1] - 1 if i + 1 < len(starts) else len(file_lines)
        chunk = file_lines[start - 1 : end]
        # The item ends where a line starts at the margin (a key after the list, a comment).
        stop = next((k for k in range(1, len(chunk)) if chunk[k][:1] not in (" ", "\n", "\r")), len(chunk))
        chunk = chunk[:stop]
        while chunk and not chunk[-1].strip():
            chunk.pop()
        block = "".join(chunk)
        blocks.append(block if block.endswith("\n") else block + "\n")
    return blocks


def uses_crlf(text: str) -> bool:
    """Whether a file's lines end in CRLF (judged by its first line, as editors do)."""
    end = text.find("\n")
    return end > 0 and text[end - 1] == "\r"
