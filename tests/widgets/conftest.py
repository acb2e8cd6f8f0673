from __future__ import annotations

import pytest

from readinglist.store import ListStore
from tests.conftest import FIXED_NOW
from tests.listcopies import copy_example


@pytest.fixture
def example(tmp_path):
    """A writable copy of lists/example."""
    return copy_example(tmp_path)


@pytest.fixture
def store(example):
    return ListStore.open(example, clock=lambda: FIXED_NOW)
