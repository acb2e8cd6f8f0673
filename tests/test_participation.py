"""The group's dataclasses convert to plain dicts and back unchanged."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.model import ScholarFacts, Session
from readinglist.participation import Ballot, Minutes, ReaderFile, reader_file, set_reader_file

from .strategies import ballots, dates, nonblank_text, reading_lists, scholar_facts, sessions, timestamps


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_to_dict_and_back(data):
    ids = data.draw(st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, unique=True))
    ballot = data.draw(ballots(ids, data.draw(st.none() | dates)))
    assert Ballot.from_dict(ballot.to_dict()) == ballot
    minutes = Minutes(data.draw(dates), data.draw(nonblank_text), data.draw(st.none() | timestamps))
    assert Minutes.from_dict(minutes.to_dict()) == minutes
    facts = data.draw(scholar_facts)
    assert ScholarFacts.from_dict(facts.to_dict()) == facts
    session = data.draw(sessions(ids))
    assert Session.from_dict(session.to_dict()) == session


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(reading_lists())
def test_a_readers_file_is_taken_out_and_put_back_whole(reading_list):
    for reader in list(reading_list.reviews):
        mine = reader_file(reading_list, reader)
        set_reader_file(reading_list, reader, ReaderFile())
        assert reader not in reading_list.ballots and reader not in reading_list.minutes
        set_reader_file(reading_list, reader, mine)
        assert reader_file(reading_list, reader) == mine
