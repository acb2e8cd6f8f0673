"""The fast scan for git conflict markers finds what the regular expression finds."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from readinglist.diskio import _CONFLICT_MARKER, conflict_marker_at

_PIECES = st.sampled_from([b"<<<<<<< ", b"<<<<<<<", b">>>>>>> ", b"||||||| ", b"=======", b"========", b"\n", b"\r",
                           b"\r\n", b" ", b"x", b"= ", b"- id: a", b"  title: '======='"])  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=14).map(b"".join))
@example(b"=======")
@example(b"a\n=======\r")
@example(b"a\n=======\r\nb")
@example(b"a\n=======x\n=======\n")
@example(b"<<<<<<< ours")
def test_the_scan_agrees_with_the_regular_expression(data: bytes) -> None:
    found = _CONFLICT_MARKER.search(data)
    assert conflict_marker_at(data) == (found.start() if found else None)
