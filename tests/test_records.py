"""Records of a list: gathering every paper's reviews in one pass changes nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from readinglist.records import paper_record, to_records

from .strategies import reading_lists


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(reading_lists(max_papers=6, max_readers=4))
def test_records_gathered_in_one_pass_are_the_records_paper_by_paper(reading_list):
    assert to_records(reading_list) == [paper_record(reading_list, p) for p in reading_list.papers.values()]
