"""The shipped JSON Schemas describe the group's parts of the format: what the store writes
they accept, what the loader refuses they refuse."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from readinglist.store import ListStore

from .strategies import reading_lists

SCHEMAS = Path(__file__).resolve().parents[1] / "readinglist" / "schemas"
LIST_SCHEMA = json.loads((SCHEMAS / "list.schema.json").read_text())
REVIEW_SCHEMA = json.loads((SCHEMAS / "review.schema.json").read_text())


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(reading_lists())
def test_schemas_accept_every_file_the_store_writes(reading_list):
    with tempfile.TemporaryDirectory() as tmp:
        store = ListStore.create(tmp, reading_list.title)
        store.reading_list = reading_list
        store.save_catalogue()
        for reader in reading_list.reviews:
            store.save_reviews(reader)
        jsonschema.validate(yaml.safe_load((Path(tmp) / "list.yaml").read_text(encoding="utf-8")), LIST_SCHEMA)
        for path in (Path(tmp) / "reviews").glob("*.yaml") if reading_list.reviews else ():
            jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), REVIEW_SCHEMA)


HEAD = "format_version: 1\nreader: ann\nreviews: []\n"
LIST = "format_version: 1\ntitle: G\ntimezone: Europe/Berlin\nsessions:\n- date: '2026-12-03'\n  time: '18:30'\n  duration: 90\n  place: Room 4\npapers:\n- id: p1\n  title: P\n"


@pytest.mark.parametrize(
    ("review_tail", "list_text"),
    [
        ("ballots:\n- rank:\n  - p1\n  approve:\n  - p1\n", None),
        ("ballots:\n- rank: []\n", None),
        ("ballots:\n- rank:\n  - p1\n  - p1\n", None),
        ("ballots:\n- session: tomorrow\n  rank:\n  - p1\n", None),
        ("attended:\n- '2026-12-03'\n- '2026-12-03'\n", None),
        ("minutes:\n- session: '2026-12-03'\n", None),
        (None, LIST.replace("'18:30'", "'25:00'")),
        (None, LIST.replace("duration: 90", "duration: 0")),
        (None, LIST.replace("timezone: Europe/Berlin", "timezone: ../etc")),
        (None, LIST.replace("  title: P\n", "  title: P\n  semantic_scholar:\n    citations: 3\n")),
    ],
)
def test_schemas_refuse_what_the_loader_refuses(tmp_path, review_tail, list_text):
    folder = tmp_path / "l"
    (folder / "reviews").mkdir(parents=True)
    (folder / "list.yaml").write_text(list_text or LIST)
    (folder / "reviews" / "ann.yaml").write_text(HEAD + (review_tail or ""))
    assert ListStore.check(folder)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.safe_load(list_text or LIST), LIST_SCHEMA)
        jsonschema.validate(yaml.safe_load(HEAD + (review_tail or "")), REVIEW_SCHEMA)


def test_a_file_with_everything_is_valid_for_both(tmp_path):
    tail = (
        "ballots:\n- rank:\n  - p1\n  cast: '2026-01-15T09:30:00Z'\n- session: '2026-12-03'\n  approve:\n  - p1\n"
        "attended:\n- '2026-12-03'\nminutes:\n- session: '2026-12-03'\n  text: Fine.\n"
    )
    folder = tmp_path / "l"
    (folder / "reviews").mkdir(parents=True)
    (folder / "list.yaml").write_text(LIST)
    (folder / "reviews" / "ann.yaml").write_text(HEAD + tail)
    assert ListStore.check(folder) == []
    jsonschema.validate(yaml.safe_load(LIST), LIST_SCHEMA)
    jsonschema.validate(yaml.safe_load(HEAD + tail), REVIEW_SCHEMA)
